import { describe, expect, it } from 'vitest';
import { rejection } from '../../../../test/support/async-expect.ts';
import { imageRequest, providerCall } from '../../../../test/support/image-request.ts';
import { FakeClock } from '../../../../test/support/fake-clock.ts';
import type { GeneratedImage, ProviderGenerateOptions } from '../../contract/image-provider.ts';
import { MotifError } from '../../errors/index.ts';
import { applyStyle } from '../../contract/styles.ts';
import { OpenAIImageProvider } from './openai-image-provider.ts';
import {
  b64,
  errorBody,
  hangingResponse,
  JPEG_BYTES,
  json,
  PNG_BYTES,
  scriptedFetch,
  WEBP_BYTES,
  type FetchHandler,
} from '../../../../test/support/openai-test-kit.ts';

const KEY = 'sk-unit-test-secret-key-1234567890';
const BASE = 'https://images.example.test/v1';

function setup(handler: FetchHandler, extra: { key?: string | undefined; models?: string[] } = {}) {
  const clock = new FakeClock();
  const { fetch, calls } = scriptedFetch(handler);
  const key = 'key' in extra ? extra.key : KEY;
  const provider = new OpenAIImageProvider({
    id: 'primary',
    baseUrl: `${BASE}/`,
    getApiKey: () => key,
    fetch,
    clock,
    ...(extra.models ? { models: extra.models } : {}),
  });
  return { provider, calls, clock };
}

function options(patch: Partial<ProviderGenerateOptions> = {}, clock = new FakeClock()): ProviderGenerateOptions {
  return providerCall({ model: 'gpt-image-1', ...patch }, 60_000, clock.now());
}

const ok = (images: string[] = [b64(PNG_BYTES)], extra: Record<string, unknown> = {}): Response =>
  json(200, { created: 1_750_000_000, data: images.map((b) => ({ b64_json: b })), ...extra });

describe('OpenAIImageProvider: models and prices', () => {
  it('offers the three known models with their own capabilities', () => {
    const { provider } = setup(() => ok());
    const byId = Object.fromEntries(provider.models().map((m) => [m.id, m]));
    expect(Object.keys(byId).sort()).toEqual(['dall-e-2', 'dall-e-3', 'gpt-image-1']);
    expect(byId['gpt-image-1']?.capabilities).toMatchObject({
      maxImagesPerCall: 10,
      seed: false,
      negativePrompt: false,
      formats: ['png', 'jpeg', 'webp'],
    });
    expect(byId['dall-e-3']?.capabilities.maxImagesPerCall).toBe(1);
    expect(byId['dall-e-2']?.capabilities.sizes).toEqual({
      kind: 'list',
      sizes: [
        { width: 256, height: 256 },
        { width: 512, height: 512 },
        { width: 1024, height: 1024 },
      ],
    });
    expect(byId['dall-e-3']?.pricePerImageUsd).toBe(0.04);
    expect(provider.kind).toBe('openai');
    expect(provider.requiresKey).toBe(true);
  });

  it('offers only the configured subset; an unknown id gets a narrow generic spec with unknown price', () => {
    const { provider } = setup(() => ok(), { models: ['dall-e-3', 'my-compatible-model'] });
    expect(provider.models().map((m) => m.id)).toEqual(['dall-e-3', 'my-compatible-model']);
    expect(provider.models()[1]).toMatchObject({ pricePerImageUsd: undefined, capabilities: { maxImagesPerCall: 1, formats: ['png'] } });
  });

  it.each([
    ['dall-e-3', 1024, 1024, 1, 0.04],
    ['dall-e-3', 1792, 1024, 1, 0.08],
    ['dall-e-2', 256, 256, 3, 0.048],
    ['dall-e-2', 512, 512, 1, 0.018],
    ['dall-e-2', 1024, 1024, 2, 0.04],
    ['gpt-image-1', 1024, 1024, 2, 0.084],
    ['gpt-image-1', 1024, 1536, 1, 0.063],
  ])('estimates %s %ix%i ×%i at $%f from the price table', (model, width, height, count, usd) => {
    const { provider } = setup(() => ok());
    expect(provider.estimateCost(imageRequest({ width, height, count }), model)).toEqual({ usd, basis: 'price-table' });
  });

  it('says unknown for an unknown model or size', () => {
    const { provider } = setup(() => ok());
    expect(provider.estimateCost(imageRequest(), 'dall-e-9')).toEqual({ usd: undefined, basis: 'unknown' });
    expect(provider.estimateCost(imageRequest({ width: 640, height: 640 }), 'dall-e-3')).toEqual({ usd: undefined, basis: 'unknown' });
  });

  it('knows whether a key is set, reading it on every call', () => {
    let key: string | undefined;
    const provider = new OpenAIImageProvider({ id: 'x', getApiKey: () => key, fetch: scriptedFetch(() => ok()).fetch });
    expect(provider.hasKey()).toBe(false);
    key = '  ';
    expect(provider.hasKey()).toBe(false);
    key = KEY;
    expect(provider.hasKey()).toBe(true);
  });
});

describe('OpenAIImageProvider: request mapping', () => {
  it('sends gpt-image-1 the styled prompt, n, size, output_format and medium quality', async () => {
    const { provider, calls } = setup(() => ok([b64(WEBP_BYTES), b64(WEBP_BYTES)]));
    const request = imageRequest({ prompt: 'wedding arch', style: 'wedding', count: 2, width: 1536, height: 1024, format: 'webp' });
    const result = await provider.generate(options({ request }));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${BASE}/images/generations`);
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(calls[0]?.body).toEqual({
      model: 'gpt-image-1',
      prompt: applyStyle('wedding arch', 'wedding').prompt,
      n: 2,
      size: '1536x1024',
      quality: 'medium',
      output_format: 'webp',
    });
    expect(result.images.map((i) => [i.format, i.width, i.height, i.seed])).toEqual([
      ['webp', 1536, 1024, undefined],
      ['webp', 1536, 1024, undefined],
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.costUsd).toBeUndefined();
    expect(result.providerMetadata.openai).toMatchObject({ model: 'gpt-image-1', created: 1_750_000_000 });
  });

  it('asks DALL·E models for b64_json, with standard quality for dall-e-3 only', async () => {
    const { provider, calls } = setup(() => ok());
    await provider.generate(options({ model: 'dall-e-3' }));
    await provider.generate(options({ model: 'dall-e-2', request: imageRequest({ width: 256, height: 256, count: 3 }) }));
    expect(calls[0]?.body).toMatchObject({ model: 'dall-e-3', response_format: 'b64_json', quality: 'standard', n: 1 });
    expect(calls[0]?.body).not.toHaveProperty('output_format');
    expect(calls[1]?.body).toMatchObject({ model: 'dall-e-2', response_format: 'b64_json', n: 3, size: '256x256' });
    expect(calls[1]?.body).not.toHaveProperty('quality');
  });

  it('warns about the negative prompt and an explicit seed instead of sending them', async () => {
    const { provider, calls } = setup(() => ok());
    const result = await provider.generate(options({ request: imageRequest({ negativePrompt: 'people', seed: 77, seedExplicit: true }) }));
    expect(JSON.stringify(calls[0]?.body)).not.toContain('people');
    expect(calls[0]?.body).not.toHaveProperty('seed');
    expect(result.warnings.map((w) => (w.type === 'other' ? w.message : w.setting))).toEqual(['negativePrompt', 'seed']);
    expect(result.warnings.every((w) => w.type === 'unsupported-setting')).toBe(true);
  });

  it('returns png with a compatibility warning when the model cannot make the format', async () => {
    const { provider } = setup(() => ok());
    const result = await provider.generate(options({ model: 'dall-e-3', request: imageRequest({ format: 'jpeg' }) }));
    expect(result.images[0]?.format).toBe('png');
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'compatibility', setting: 'format' })]);
  });

  it('reports the real format when a service ignores output_format', async () => {
    const { provider } = setup(() => ok([b64(JPEG_BYTES)]));
    const result = await provider.generate(options({ request: imageRequest({ format: 'webp' }) }));
    expect(result.images[0]?.format).toBe('jpeg');
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'compatibility', setting: 'format' })]);
  });

  it('rejects a size the model does not make with unsupported_size, without calling out', async () => {
    const { provider, calls } = setup(() => ok());
    const error = await rejection(provider.generate(options({ model: 'dall-e-3', request: imageRequest({ width: 512, height: 512 }) })));
    expect(error).toMatchObject({ code: 'unsupported_size', param: 'size', provider: 'primary' });
    expect(calls).toHaveLength(0);
  });

  it('rejects more images than the model makes per call with invalid_request', async () => {
    const { provider, calls } = setup(() => ok());
    const error = await rejection(provider.generate(options({ model: 'dall-e-3', request: imageRequest({ count: 2 }) })));
    expect(error).toMatchObject({ code: 'invalid_request', param: 'count' });
    expect(calls).toHaveLength(0);
  });

  it('rejects a model it does not offer and a prompt too long for the model', async () => {
    const { provider } = setup(() => ok(), { models: ['dall-e-2'] });
    expect(await rejection(provider.generate(options({ model: 'gpt-image-1' })))).toMatchObject({
      code: 'invalid_request',
      param: 'model',
    });
    const long = imageRequest({ prompt: 'x'.repeat(1000), width: 256, height: 256 });
    expect(await rejection(provider.generate(options({ model: 'dall-e-2', request: long })))).toMatchObject({
      code: 'upstream_invalid_request',
      param: 'prompt',
    });
  });

  it('throws key_missing when no key is set', async () => {
    const { provider, calls } = setup(() => ok(), { key: undefined });
    expect(await rejection(provider.generate(options()))).toMatchObject({ code: 'key_missing', provider: 'primary' });
    expect(calls).toHaveLength(0);
  });

  it('reports stages in order and each image as it is decoded', async () => {
    const { provider } = setup(() => ok([b64(PNG_BYTES), b64(PNG_BYTES), b64(PNG_BYTES)]));
    const events: string[] = [];
    const seen: [GeneratedImage, number][] = [];
    await provider.generate(
      options({
        model: 'dall-e-2',
        request: imageRequest({ count: 3, width: 512, height: 512 }),
        onStage: (stage) => events.push(stage),
        onImage: (image, index) => {
          events.push(`image ${index}`);
          seen.push([image, index]);
        },
      }),
    );
    expect(events).toEqual(['sending', 'waiting', 'receiving', 'image 0', 'image 1', 'image 2']);
    expect(seen[2]?.[0].bytes).toEqual(PNG_BYTES);
  });

  it('downloads url results with the call signal and never sends the key there', async () => {
    const { provider, calls } = setup((call) =>
      call.url.endsWith('/images/generations')
        ? json(200, { created: 1, data: [{ url: 'https://cdn.example.test/a.png', revised_prompt: 'revised' }] })
        : new Response(PNG_BYTES, { status: 200 }),
    );
    const result = await provider.generate(options({ model: 'dall-e-3' }));
    expect(calls[1]?.url).toBe('https://cdn.example.test/a.png');
    expect(calls[1]?.headers.get('authorization')).toBeNull();
    expect(calls[1]?.init.signal).toBe(calls[0]?.init.signal);
    expect(result.images[0]?.bytes).toEqual(PNG_BYTES);
    expect(result.providerMetadata.openai?.revisedPrompts).toEqual(['revised']);
  });

  it('maps a failed download to upstream_unavailable', async () => {
    const { provider } = setup((call) =>
      call.url.endsWith('/images/generations')
        ? json(200, { data: [{ url: 'https://cdn.example.test/gone.png' }] })
        : new Response('gone', { status: 404 }),
    );
    expect(await rejection(provider.generate(options({ model: 'dall-e-3' })))).toMatchObject({
      code: 'upstream_unavailable',
      upstream: { status: 404 },
    });
  });
});

describe('OpenAIImageProvider: upstream errors', () => {
  it.each([
    [400, errorBody('Invalid size', 'invalid_request_error', 'invalid_value', 'size'), 'upstream_invalid_request', 'size', 'invalid_value'],
    [
      400,
      errorBody('Rejected by safety system', 'image_generation_user_error', 'content_policy_violation'),
      'content_rejected',
      undefined,
      'content_policy_violation',
    ],
    [400, errorBody('Blocked', 'image_generation_user_error', 'moderation_blocked'), 'content_rejected', undefined, 'moderation_blocked'],
    [
      401,
      errorBody(`Incorrect API key provided: ${KEY.slice(0, 7)}****${KEY.slice(-4)}.`, 'invalid_request_error', 'invalid_api_key'),
      'auth_failed',
      undefined,
      'invalid_api_key',
    ],
    [403, errorBody('Not allowed', 'invalid_request_error'), 'permission_denied', undefined, 'invalid_request_error'],
    [404, errorBody('No such model', 'invalid_request_error', 'model_not_found'), 'upstream_invalid_request', 'model', 'model_not_found'],
    [429, errorBody('Slow down', 'requests', 'rate_limit_exceeded'), 'rate_limited', undefined, 'rate_limit_exceeded'],
    [429, errorBody('Quota', 'insufficient_quota', 'insufficient_quota'), 'insufficient_credits', undefined, 'insufficient_quota'],
    [500, errorBody('Server error', 'server_error'), 'upstream_unavailable', undefined, 'server_error'],
    [502, 'Bad gateway (not JSON)', 'upstream_unavailable', undefined, undefined],
    [503, errorBody('Overloaded', 'server_error'), 'upstream_unavailable', undefined, 'server_error'],
  ])('maps HTTP %i %j to %s', async (status, body, code, param, upstreamCode) => {
    const { provider } = setup(() => (typeof body === 'string' ? new Response(body, { status }) : json(status, body)));
    const error = await rejection(provider.generate(options()));
    expect(error.code).toBe(code);
    expect(error.param).toBe(param);
    expect(error.provider).toBe('primary');
    expect(error.upstream).toMatchObject({ provider: 'primary', status, upstreamCode });
    expect(error.upstream?.bodyExcerpt?.length).toBeGreaterThan(0);
  });

  it('never keeps the key, even when the upstream body echoes it', async () => {
    const { provider } = setup(() =>
      json(401, errorBody(`Incorrect API key provided: ${KEY}. Also sk-abc***wxyz.`, 'invalid_request_error', 'invalid_api_key')),
    );
    const error = await rejection(provider.generate(options()));
    const everything = JSON.stringify({ message: error.message, upstream: error.upstream, json: error.toJSON(), user: error.userMessage });
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(KEY.slice(3, 20));
    expect(everything).not.toContain('sk-abc');
  });

  it('reads retry-after seconds', async () => {
    const { provider } = setup(() => json(429, errorBody('Slow down', 'requests', 'rate_limit_exceeded'), { 'retry-after': '20' }));
    expect((await rejection(provider.generate(options()))).retryAfterMs).toBe(20_000);
  });

  it('reads retry-after as an HTTP date against the injected clock', async () => {
    const clock = new FakeClock();
    const { fetch } = scriptedFetch(() =>
      json(429, errorBody('Slow down', 'requests', 'rate_limit_exceeded'), { 'retry-after': new Date(clock.now() + 90_000).toUTCString() }),
    );
    const provider = new OpenAIImageProvider({ id: 'p', getApiKey: () => KEY, fetch, clock });
    expect(await rejection(provider.generate(options({}, clock)))).toMatchObject({ code: 'rate_limited', retryAfterMs: 90_000 });
  });

  it('prefers retry-after-ms, and keeps Retry-After on 503 too', async () => {
    const { provider } = setup(() => json(503, errorBody('Overloaded', 'server_error'), { 'retry-after-ms': '1500', 'retry-after': '9' }));
    expect(await rejection(provider.generate(options()))).toMatchObject({ code: 'upstream_unavailable', retryAfterMs: 1500 });
  });

  it.each([
    ['invalid JSON', () => new Response('{"created":1,"data":[{"b64_', { status: 200 })],
    ['a schema mismatch', () => json(200, { created: 1, images: [] })],
    ['an empty data array', () => json(200, { created: 1, data: [] })],
    ['undecodable base64', () => json(200, { data: [{ b64_json: '!!not*base64!!' }] })],
    ['bytes that are no image', () => json(200, { data: [{ b64_json: b64(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])) }] })],
  ])('maps %s to upstream_malformed', async (_name, respond) => {
    const { provider } = setup(respond);
    expect(await rejection(provider.generate(options()))).toMatchObject({ code: 'upstream_malformed', provider: 'primary' });
  });

  it('maps a network failure to connection_lost', async () => {
    const { provider } = setup(() => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    });
    const error = await rejection(provider.generate(options()));
    expect(error).toMatchObject({ code: 'connection_lost', upstream: { provider: 'primary' } });
    expect(error.message).toContain('ECONNRESET');
  });

  it('maps a body that breaks off mid-stream to connection_lost', async () => {
    const { provider } = setup(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"data":['));
              controller.error(new TypeError('terminated'));
            },
          }),
          { status: 200 },
        ),
    );
    expect(await rejection(provider.generate(options()))).toMatchObject({ code: 'connection_lost' });
  });
});

describe('OpenAIImageProvider: cancel and deadline', () => {
  it('rethrows the signal reason when it is a MotifError, and aborts the request', async () => {
    const { provider, calls } = setup(hangingResponse);
    const controller = new AbortController();
    const pending = provider.generate(options({ signal: controller.signal }));
    await Promise.resolve();
    const reason = new MotifError('deadline_exceeded', { provider: 'router' });
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(calls[0]?.init.signal?.aborted).toBe(true);
  });

  it('turns any other abort into cancelled', async () => {
    const { provider } = setup(hangingResponse);
    const controller = new AbortController();
    const pending = provider.generate(options({ signal: controller.signal }));
    controller.abort();
    expect(await rejection(pending)).toMatchObject({ code: 'cancelled', provider: 'primary' });
  });

  it('does not call out when the signal is already aborted', async () => {
    const { provider, calls } = setup(() => ok());
    const controller = new AbortController();
    controller.abort();
    expect(await rejection(provider.generate(options({ signal: controller.signal })))).toMatchObject({ code: 'cancelled' });
    expect(calls).toHaveLength(0);
  });

  it('enforces the deadline on the injected clock: upstream_timeout and the request aborted', async () => {
    const clock = new FakeClock();
    const { fetch, calls } = scriptedFetch(hangingResponse);
    const provider = new OpenAIImageProvider({ id: 'p', getApiKey: () => KEY, fetch, clock });
    const pending = provider.generate(options({ deadline: clock.now() + 10_000 }, clock));
    await Promise.resolve();
    clock.tick(9_999);
    expect(calls[0]?.init.signal?.aborted).toBe(false);
    clock.tick(1);
    expect(await rejection(pending)).toMatchObject({ code: 'upstream_timeout', provider: 'p' });
    expect(calls[0]?.init.signal?.aborted).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fails at once with upstream_timeout when the deadline has passed', async () => {
    const clock = new FakeClock();
    const { fetch, calls } = scriptedFetch(() => ok());
    const provider = new OpenAIImageProvider({ id: 'p', getApiKey: () => KEY, fetch, clock });
    expect(await rejection(provider.generate(options({ deadline: clock.now() - 1 }, clock)))).toMatchObject({ code: 'upstream_timeout' });
    expect(calls).toHaveLength(0);
  });

  it('clears its deadline timer after a successful call', async () => {
    const clock = new FakeClock();
    const { fetch } = scriptedFetch(() => ok());
    const provider = new OpenAIImageProvider({ id: 'p', getApiKey: () => KEY, fetch, clock });
    await provider.generate(options({}, clock));
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('OpenAIImageProvider: health and close', () => {
  it('probes GET /models with the key', async () => {
    const { provider, calls } = setup(() => json(200, { object: 'list', data: [] }));
    const health = await provider.checkHealth(new AbortController().signal);
    expect(health).toMatchObject({ ok: true, error: undefined });
    expect(calls[0]?.url).toBe(`${BASE}/models`);
    expect(calls[0]?.init.method ?? 'GET').toBe('GET');
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it('reports auth failure, a missing key and a timeout without throwing', async () => {
    const denied = setup(() => json(401, errorBody('bad key', 'invalid_request_error', 'invalid_api_key')));
    expect((await denied.provider.checkHealth(new AbortController().signal)).error?.code).toBe('auth_failed');
    const keyless = setup(() => ok(), { key: undefined });
    expect(await keyless.provider.checkHealth(new AbortController().signal)).toMatchObject({ ok: false, error: { code: 'key_missing' } });
    expect(keyless.calls).toHaveLength(0);
    const slow = setup(hangingResponse);
    const pending = slow.provider.checkHealth(new AbortController().signal);
    await Promise.resolve();
    slow.clock.tick(5000);
    expect(await pending).toMatchObject({ ok: false, latencyMs: 5000, error: { code: 'upstream_timeout' } });
  });

  it('close waits for calls in flight', async () => {
    let release: (response: Response) => void = () => undefined;
    const { provider } = setup(
      () =>
        new Promise<Response>((resolve) => {
          release = resolve;
        }),
    );
    const call = provider.generate(options());
    let closed = false;
    const closing = provider.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(false);
    release(ok());
    await call;
    await closing;
    expect(closed).toBe(true);
  });
});
