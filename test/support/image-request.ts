import type { ProviderGenerateOptions } from '../../src/core/contract/image-provider.ts';
import type { ImageRequest } from '../../src/core/contract/image-request.ts';

/** A canonical request with every field stated; each test patches what it is about. */
export function imageRequest(patch: Partial<ImageRequest> = {}): ImageRequest {
  return {
    prompt: 'gold balloons',
    negativePrompt: undefined,
    style: 'party',
    width: 1024,
    height: 1024,
    count: 1,
    seed: 1,
    seedExplicit: false,
    format: 'png',
    model: 'default',
    noCache: false,
    ...patch,
  };
}

/** What a provider's `generate` receives: the request, the model, a live signal and a deadline `deadlineMs` away. */
export function providerCall(patch: Partial<ProviderGenerateOptions> = {}, deadlineMs = 10_000, now = Date.now()): ProviderGenerateOptions {
  return {
    request: imageRequest(),
    model: 'runware:100@1',
    signal: new AbortController().signal,
    deadline: now + deadlineMs,
    onImage: undefined,
    onStage: undefined,
    taskId: undefined,
    resume: false,
    ...patch,
  };
}
