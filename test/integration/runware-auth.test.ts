import { describe, expect, it } from 'vitest';
import type { ProviderEvent, ProviderGenerateOptions } from '../../src/core/contract/image-provider.ts';
import { MotifError } from '../../src/core/errors/index.ts';
import { imageRequest, providerCall } from '../support/image-request.ts';
import { rejection } from '../support/async-expect.ts';
import { useRunwareEmulator } from '../support/runware-test-kit.ts';

const GOOD = 'good-key-auth-test';
const BAD = 'bad-key-auth-test';
const runware = useRunwareEmulator({ apiKey: GOOD });

const options = (): ProviderGenerateOptions =>
  providerCall({
    request: imageRequest({
      prompt: 'streamers',
      style: 'minimal',
      width: 128,
      height: 128,
      seed: 3,
      seedExplicit: true,
      format: 'jpeg',
      model: 'x',
    }),
    model: 'runware:101@1',
  });

describe('Runware auth failure', () => {
  it('maps invalidApiKey to auth_failed, stops reconnecting, never leaks the key, and recovers when the key changes', async () => {
    let key = BAD;
    const events: ProviderEvent[] = [];
    const p = runware.provider({ getApiKey: () => key, emit: (e) => events.push(e) });

    const error = await rejection(p.generate(options()));
    expect(error).toBeInstanceOf(MotifError);
    expect(error.code).toBe('auth_failed');
    expect(error.spec.retryable).toBe(false);
    expect(error.userMessage).toContain('Check your key');
    expect(error.upstream).toMatchObject({ provider: 'runware', upstreamCode: 'invalidApiKey' });
    expect(p.needsAttention()).toBe('check-key');

    // No reconnect storm: later calls fail at once without dialling again.
    const again = await rejection(p.generate(options()));
    expect(again.code).toBe('auth_failed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runware.emulator().stats.authFailures).toBe(1);
    expect(runware.emulator().stats.connections).toBe(1);

    const everything = JSON.stringify([error, again, error.message, again.message, error.upstream, events]);
    expect(everything).not.toContain(BAD);

    key = GOOD;
    expect(p.needsAttention()).toBeUndefined();
    const result = await p.generate(options());
    expect(result.images[0]?.format).toBe('jpeg');
    expect(runware.emulator().stats.authentications).toBe(1);
  });

  it('maps a 401 over REST to auth_failed', async () => {
    const p = runware.provider({ getApiKey: () => BAD, transport: 'rest' });
    const error = await rejection(p.generate(options()));
    expect(error.code).toBe('auth_failed');
    expect(error.upstream?.status).toBe(401);
    expect(JSON.stringify({ m: error.message, u: error.upstream })).not.toContain(BAD);
    const health = await p.checkHealth(new AbortController().signal);
    expect(health.ok).toBe(false);
    expect(health.error?.code).toBe('auth_failed');
  });
});
