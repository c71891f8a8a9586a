import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderEvent, ProviderGenerateOptions } from '../../src/core/contract/image-provider.ts';
import { MotifError } from '../../src/core/errors/index.ts';
import { RunwareProvider } from '../../src/core/providers/runware/index.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';

const GOOD = 'good-key-auth-test';
const BAD = 'bad-key-auth-test';
let emulator: RunwareEmulator;
const providers: RunwareProvider[] = [];

beforeEach(async () => {
  emulator = await startRunwareEmulator({ apiKey: GOOD });
});

afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
  await emulator.close();
});

const options = (): ProviderGenerateOptions => ({
  request: {
    prompt: 'streamers',
    negativePrompt: undefined,
    style: 'minimal',
    width: 128,
    height: 128,
    count: 1,
    seed: 3,
    seedExplicit: true,
    format: 'jpeg',
    model: 'x',
    noCache: false,
  },
  model: 'runware:101@1',
  signal: new AbortController().signal,
  deadline: Date.now() + 10_000,
  onImage: undefined,
  onStage: undefined,
  taskId: undefined,
  resume: false,
});

async function failure(promise: Promise<unknown>): Promise<MotifError> {
  try {
    await promise;
  } catch (error) {
    return error as MotifError;
  }
  throw new Error('expected a failure');
}

describe('Runware auth failure', () => {
  it('maps invalidApiKey to auth_failed, stops reconnecting, never leaks the key, and recovers when the key changes', async () => {
    let key = BAD;
    const events: ProviderEvent[] = [];
    const p = new RunwareProvider({ getApiKey: () => key, wsUrl: emulator.wsUrl, apiUrl: emulator.restUrl, emit: (e) => events.push(e) });
    providers.push(p);

    const error = await failure(p.generate(options()));
    expect(error).toBeInstanceOf(MotifError);
    expect(error.code).toBe('auth_failed');
    expect(error.spec.retryable).toBe(false);
    expect(error.userMessage).toContain('Check your key');
    expect(error.upstream).toMatchObject({ provider: 'runware', upstreamCode: 'invalidApiKey' });
    expect(p.needsAttention()).toBe('check-key');

    // No reconnect storm: later calls fail at once without dialling again.
    const again = await failure(p.generate(options()));
    expect(again.code).toBe('auth_failed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(emulator.stats.authFailures).toBe(1);
    expect(emulator.stats.connections).toBe(1);

    const everything = JSON.stringify([error, again, error.message, again.message, error.upstream, events]);
    expect(everything).not.toContain(BAD);

    key = GOOD;
    expect(p.needsAttention()).toBeUndefined();
    const result = await p.generate(options());
    expect(result.images[0]?.format).toBe('jpeg');
    expect(emulator.stats.authentications).toBe(1);
  });

  it('maps a 401 over REST to auth_failed', async () => {
    const p = new RunwareProvider({ getApiKey: () => BAD, wsUrl: emulator.wsUrl, apiUrl: emulator.restUrl, transport: 'rest' });
    providers.push(p);
    const error = await failure(p.generate(options()));
    expect(error.code).toBe('auth_failed');
    expect(error.upstream?.status).toBe(401);
    expect(JSON.stringify({ m: error.message, u: error.upstream })).not.toContain(BAD);
    const health = await p.checkHealth(new AbortController().signal);
    expect(health.ok).toBe(false);
    expect(health.error?.code).toBe('auth_failed');
  });
});
