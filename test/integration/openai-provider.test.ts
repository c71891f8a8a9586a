import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../support/async-expect.ts';
import { imageRequest, providerCall } from '../support/image-request.ts';
import type { ProviderGenerateOptions } from '../../src/core/contract/image-provider.ts';
import type { ImageRequest } from '../../src/core/contract/image-request.ts';
import { OpenAIImageProvider } from '../../src/core/providers/openai/index.ts';
import { eventually } from '../emulators/eventually.ts';
import { startOpenAIEmulator, type OpenAIEmulator } from '../emulators/openai/index.ts';

/**
 * The OpenAI provider over real HTTP (its default undici keep-alive fetch)
 * against the OpenAI emulator, with injected faults.
 */
const KEY = 'sk-integration-key-0123456789abcdef';
let emulator: OpenAIEmulator;
let provider: OpenAIImageProvider;

const request = (patch: Partial<ImageRequest> = {}): ImageRequest =>
  imageRequest({ prompt: 'confetti and streamers', width: 256, height: 256, ...patch });

const options = (patch: Partial<ProviderGenerateOptions> = {}): ProviderGenerateOptions =>
  providerCall({ request: request(), model: 'dall-e-2', ...patch }, 20_000);

beforeAll(async () => {
  emulator = await startOpenAIEmulator({ apiKey: KEY, seed: 21 });
  provider = new OpenAIImageProvider({ id: 'primary', baseUrl: emulator.baseUrl, getApiKey: () => KEY });
});
afterEach(() => {
  emulator.faults.clear();
  emulator.setLatency({ kind: 'fixed', ms: 0 });
});
afterAll(async () => {
  await provider.close();
  await emulator.close();
});

describe('OpenAIImageProvider against the OpenAI emulator', () => {
  it('generates an image and reports every stage', async () => {
    const stages: string[] = [];
    const result = await provider.generate(options({ onStage: (s) => stages.push(s) }));
    expect(stages).toEqual(['sending', 'waiting', 'receiving']);
    expect(result.images).toHaveLength(1);
    expect(result.images[0]).toMatchObject({ format: 'png', width: 256, height: 256, seed: undefined });
    expect([...(result.images[0]?.bytes.subarray(0, 4) ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('generates several images in one call, each passed to onImage', async () => {
    const indexes: number[] = [];
    const result = await provider.generate(
      options({ request: request({ count: 3, width: 512, height: 512 }), onImage: (_i, index) => indexes.push(index) }),
    );
    expect(result.images).toHaveLength(3);
    expect(indexes).toEqual([0, 1, 2]);
    expect(new Set(result.images.map((i) => Buffer.from(i.bytes).toString('base64'))).size).toBe(3);
  });

  it('asks gpt-image-1 for the requested format', async () => {
    const result = await provider.generate(
      options({ model: 'gpt-image-1', request: request({ width: 1024, height: 1024, format: 'jpeg' }) }),
    );
    expect(result.images[0]?.format).toBe('jpeg');
    expect(result.warnings).toEqual([]);
    expect(result.providerMetadata.openai).toMatchObject({ model: 'gpt-image-1', quality: 'medium' });
  });

  it('maps 429 with Retry-After to rate_limited with the delay', async () => {
    emulator.faults.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 3 });
    const error = await rejection(provider.generate(options()));
    expect(error).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3000,
      upstream: { provider: 'primary', status: 429, upstreamCode: 'rate_limit_exceeded' },
    });
  });

  it('maps 429 insufficient_quota to insufficient_credits', async () => {
    emulator.faults.failNext(1, { kind: 'status', status: 429, code: 'insufficient_quota' });
    expect(await rejection(provider.generate(options()))).toMatchObject({ code: 'insufficient_credits', upstream: { status: 429 } });
  });

  it('maps 500 to upstream_unavailable, then succeeds on the next call', async () => {
    emulator.faults.failNext(1, { kind: 'status', status: 500 });
    expect(await rejection(provider.generate(options()))).toMatchObject({ code: 'upstream_unavailable', upstream: { status: 500 } });
    expect((await provider.generate(options())).images).toHaveLength(1);
  });

  it('maps content policy refusals to content_rejected', async () => {
    emulator.faults.failNext(1, { kind: 'status', status: 400, code: 'content_policy_violation' });
    expect(await rejection(provider.generate(options()))).toMatchObject({ code: 'content_rejected' });
  });

  it('maps a wrong key to auth_failed without keeping the key', async () => {
    const wrongKey = 'sk-wrong-integration-key-zyxwvu';
    const wrong = new OpenAIImageProvider({ id: 'backup', baseUrl: emulator.baseUrl, getApiKey: () => wrongKey });
    try {
      const error = await rejection(wrong.generate(options()));
      expect(error).toMatchObject({ code: 'auth_failed', provider: 'backup', upstream: { status: 401, upstreamCode: 'invalid_api_key' } });
      expect(JSON.stringify({ m: error.message, u: error.upstream })).not.toMatch(/zyxwvu|wrong-integration/);
    } finally {
      await wrong.close();
    }
  });

  it('a hang runs into the deadline: upstream_timeout, and the request is aborted', async () => {
    emulator.faults.failNext(1, { kind: 'hang' });
    const started = Date.now();
    const error = await rejection(provider.generate(options({ deadline: Date.now() + 300 })));
    expect(error.code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(Date.now() - started).toBeLessThan(3000);
    await eventually(() => emulator.faults.pending === 0);
  });

  it('cancelling mid-call gives cancelled', async () => {
    emulator.setLatency({ kind: 'fixed', ms: 2000 });
    const controller = new AbortController();
    const stages: string[] = [];
    const before = emulator.stats.generations;
    const pending = provider.generate(options({ signal: controller.signal, onStage: (s) => stages.push(s) }));
    await eventually(() => emulator.stats.generations === before + 1);
    const started = Date.now();
    controller.abort();
    expect(await rejection(pending)).toMatchObject({ code: 'cancelled', provider: 'primary' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(stages).toEqual(['sending', 'waiting']);
  });

  it('maps a malformed JSON body to upstream_malformed', async () => {
    emulator.faults.failNext(1, { kind: 'malformed-json' });
    expect(await rejection(provider.generate(options()))).toMatchObject({ code: 'upstream_malformed', upstream: { status: 200 } });
  });

  it('completes a trickling body', async () => {
    emulator.faults.failNext(1, { kind: 'trickle', chunkBytes: 8192, intervalMs: 5 });
    const result = await provider.generate(options());
    expect(result.images).toHaveLength(1);
  });

  it('maps a dropped socket to connection_lost', async () => {
    emulator.faults.failNext(1, { kind: 'drop-socket' });
    expect(await rejection(provider.generate(options()))).toMatchObject({ code: 'connection_lost', provider: 'primary' });
  });

  it('rejects a size the model does not make before calling out', async () => {
    const before = emulator.stats.generations;
    expect(await rejection(provider.generate(options({ model: 'dall-e-3', request: request() })))).toMatchObject({
      code: 'unsupported_size',
    });
    expect(emulator.stats.generations).toBe(before);
  });

  it('checks health with the model list, never a paid generation', async () => {
    const before = { ...emulator.stats };
    const health = await provider.checkHealth(new AbortController().signal);
    expect(health.ok).toBe(true);
    expect(emulator.stats.generations).toBe(before.generations);
    expect(emulator.stats.requests).toBe(before.requests + 1);
    const keyless = new OpenAIImageProvider({ id: 'nokey', baseUrl: emulator.baseUrl, getApiKey: () => undefined });
    expect((await keyless.checkHealth(new AbortController().signal)).error?.code).toBe('key_missing');
    await keyless.close();
  });
});
