import type { ImageRequest } from '../../src/core/contract/image-request.ts';
import { buildImageInferenceTask } from '../../src/core/providers/runware/runware-image-model.ts';
import type { RunwareTaskPayload } from '../../src/core/providers/runware/runware-protocol.ts';

/**
 * The one request every Runware client in the benchmark sends: 128×128 WEBP,
 * fixed prompt and seed, inline base64. The emulator renders it once and then
 * serves it from its render cache, so its per-task cost is tiny and the same for
 * every client; each client gets byte-identical frames (~7 KB of base64).
 */
export const BENCH_REQUEST: ImageRequest = {
  prompt: 'gold confetti and balloons',
  negativePrompt: undefined,
  style: 'party',
  width: 128,
  height: 128,
  count: 1,
  seed: 7,
  seedExplicit: true,
  format: 'webp',
  model: 'flux-schnell',
  noCache: true,
};

export const BENCH_MODEL = 'runware:100@1';

/** Exactly what our adapter sends, so the SDK and the bare socket send the same task. */
export function benchPayload(taskUUID: string): RunwareTaskPayload {
  return buildImageInferenceTask(BENCH_REQUEST, { model: BENCH_MODEL, taskUUID, outputType: 'base64Data' }).payload;
}
