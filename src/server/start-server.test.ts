import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MotifError } from '../core/errors/index.ts';
import type { GenerateOutcome, MotifApi } from '../core/service/motif-api.ts';
import { decodeAttempts } from './attempts-header.ts';
import { startServer, type RunningServer, type ServerOptions } from './start-server.ts';
import { fakeMotifApi, TINY_PNG } from '../../test/support/fake-motif-api.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(overrides: Partial<MotifApi> = {}, options: Partial<ServerOptions> = {}) {
  const api = fakeMotifApi(overrides);
  server = await startServer(api, { port: 0, ...options });
  return { api, url: server.url };
}

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** A generate that never settles until its signal aborts; resolves `aborted` when it does. */
function hangingGenerate() {
  let markAborted!: () => void;
  const aborted = new Promise<void>((resolve) => (markAborted = resolve));
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const generate = (_input: unknown, options?: { readonly signal?: AbortSignal }): Promise<GenerateOutcome> =>
    new Promise((_resolve, reject) => {
      markStarted();
      options?.signal?.addEventListener(
        'abort',
        () => {
          markAborted();
          reject(new MotifError('cancelled'));
        },
        { once: true },
      );
    });
  return { generate, aborted, started };
}

describe('startServer with a fake engine', () => {
  it('answers /healthz on loopback with a generated request id', async () => {
    const { url } = await serve();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('echoes a safe incoming request id and replaces an unsafe one', async () => {
    const { url } = await serve();
    const safe = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'abc-123.X:y_z' } });
    expect(safe.headers.get('x-request-id')).toBe('abc-123.X:y_z');
    const unsafe = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^req_/);
    const long = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'a'.repeat(65) } });
    expect(long.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('maps an OpenAI body to the engine and sets the generation headers', async () => {
    const { api, url } = await serve();
    const started = performance.now();
    const res = await postJson(`${url}/v1/images/generations`, {
      model: 'dall-e-3',
      prompt: 'balloons',
      n: 2,
      size: '512x256',
      output_format: 'png',
      style: 'birthday',
      seed: 5,
      negative_prompt: 'text',
    });
    const wallMs = Math.ceil(performance.now() - started);
    expect(res.status).toBe(200);
    expect(api.calls[0]?.input).toEqual({
      prompt: 'balloons',
      model: 'dall-e-3',
      count: 2,
      size: '512x256',
      format: 'png',
      style: 'birthday',
      seed: 5,
      negativePrompt: 'text',
    });
    expect(api.calls[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(res.headers.get('x-motif-provider')).toBe('local');
    // The fake job reports attempts of 1203 ms and 45 ms; none may read longer than this request took.
    const reported = decodeAttempts(res.headers.get('x-motif-attempts') ?? '');
    expect(reported.map(({ provider, outcome, errorCode }) => `${provider}:${outcome}:${errorCode ?? ''}`)).toEqual([
      'runware:failure:upstream_timeout',
      'local:success:',
    ]);
    expect(reported[0]!.durationMs).toBeLessThanOrEqual(Math.min(1203, wallMs));
    expect(reported[1]!.durationMs).toBeLessThanOrEqual(Math.min(45, wallMs));
    expect(res.headers.get('x-motif-cached')).toBe('false');
    const body = (await res.json()) as { created: number; data: { url: string }[] };
    expect(body.created).toBe(1_700_000_000);
    expect(body.data.map((d) => d.url)).toEqual([`${url}/images/entry1-0`, `${url}/images/entry1-1`]);
    const image = await fetch(body.data[0]!.url);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(TINY_PNG);
  });

  it('returns base64 images for response_format b64_json and passes provider/model ids through', async () => {
    const { api, url } = await serve();
    const res = await postJson(`${url}/v1/images/generations`, {
      prompt: 'stars',
      response_format: 'b64_json',
      model: 'local/procedural',
      style: 'vivid',
    });
    const body = (await res.json()) as { data: { b64_json: string }[] };
    expect(Buffer.from(body.data[0]!.b64_json, 'base64')).toEqual(TINY_PNG);
    expect(api.calls[0]?.input).toEqual({ prompt: 'stars', model: 'local/procedural' });
  });

  it('names OpenAI fields, not engine fields, in validation errors', async () => {
    const { api, url } = await serve();
    const res = await postJson(`${url}/v1/images/generations`, { prompt: 'x', n: 9 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; param: string; message: string; type: string } };
    expect(body.error).toMatchObject({ code: 'invalid_request', param: 'n', type: 'invalid_request_error' });
    expect(body.error.message).toMatch(/^n: /);
    expect(api.calls).toHaveLength(0);
  });

  it('maps engine errors to the registry status and keeps the provider', async () => {
    const { url } = await serve({
      generate: () => Promise.reject(new MotifError('upstream_timeout', { provider: 'runware', retryAfterMs: 2500 })),
    });
    const res = await postJson(`${url}/motif/generation/generate-from-prompt`, { prompt: 'x' });
    expect(res.status).toBe(504);
    expect(res.headers.get('x-motif-provider')).toBe('runware');
    expect(res.headers.get('retry-after')).toBe('3');
    expect(((await res.json()) as { error: unknown }).error).toEqual({
      message: 'runware did not answer in time.',
      type: 'api_error',
      code: 'upstream_timeout',
      param: null,
    });
  });

  it('hides foreign errors behind a bare 500 internal', async () => {
    const { url } = await serve({ generate: () => Promise.reject(new Error('ENOENT /home/designer/secret-path')) });
    const res = await postJson(`${url}/v1/images/generations`, { prompt: 'x' });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/secret-path|ENOENT|at .*\.ts/);
    expect(JSON.parse(text)).toEqual({
      error: { message: 'Something went wrong inside Motif.', type: 'api_error', code: 'internal', param: null },
    });
  });

  it('aborts the generation when the client disconnects', async () => {
    const hanging = hangingGenerate();
    const { url } = await serve({ generate: hanging.generate });
    const controller = new AbortController();
    const req = fetch(`${url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"prompt":"y"}',
      signal: controller.signal,
    }).catch(() => 'aborted');
    await hanging.started;
    controller.abort();
    expect(await req).toBe('aborted');
    await hanging.aborted;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('requires the bearer token everywhere but /healthz', async () => {
    const { url } = await serve({}, { token: 's3cret-token' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const missing = await fetch(`${url}/motif/services/metrics`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await missing.json()) as { error: { code: string; type: string } }).error).toMatchObject({
      code: 'auth_failed',
      type: 'authentication_error',
    });
    expect((await fetch(`${url}/motif/services/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${url}/motif/services/metrics`, { headers: { authorization: 's3cret-token' } })).status).toBe(401);
    expect((await fetch(`${url}/motif/services/metrics`, { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
  });

  it('answers 405 with Allow for a wrong method and 404 for an unknown route', async () => {
    const { url } = await serve();
    const wrong = await fetch(`${url}/v1/images/generations`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    const missing = await fetch(`${url}/v1/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string; type: string } }).error).toMatchObject({
      code: 'not_found',
      type: 'not_found_error',
    });
  });

  it('refuses a Host header that is not loopback (DNS rebinding)', async () => {
    const { url } = await serve();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${url}/healthz`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });

  it('answers server_busy (429) with Retry-After beyond the running generations and the queue', async () => {
    const hanging = hangingGenerate();
    const { url } = await serve({ generate: hanging.generate }, { maxConcurrentGenerations: 1, maxQueuedGenerations: 0, closeGraceMs: 50 });
    const first = postJson(`${url}/v1/images/generations`, { prompt: 'a' }).catch(() => undefined);
    await hanging.started;
    const second = await postJson(`${url}/v1/images/generations`, { prompt: 'b' });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('server_busy');
    await server?.close();
    await hanging.aborted;
    await first;
  });

  it('serves telemetry plus the compact services map', async () => {
    const { url } = await serve();
    const body = (await (await fetch(`${url}/motif/services/metrics`)).json()) as Record<string, unknown>;
    expect(body.services).toEqual({
      runware: { status: 'open', circuit_state: 'open', avg_response_ms: 813, success_rate: 0.5 },
      local: { status: 'healthy', circuit_state: 'closed', avg_response_ms: null, success_rate: 1 },
    });
    expect(body.cache_hit_ratios).toEqual({ result: 0.75 });
    expect(body.providers).toHaveLength(2);
  });

  it('answers the legacy front-end call', async () => {
    const { url } = await serve();
    const res = await postJson(
      `${url}/motif/generation/generate-from-prompt`,
      { prompt: 'cake', style: 'birthday', user_id: 'u-1' },
      { 'x-request-id': 'front-1' },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      image_url: `${url}/images/entry1-0`,
      provider: 'local',
      model: 'procedural',
      seed: 7,
      cost_usd: null,
      cached: false,
      request_id: 'front-1',
      entry_id: 'entry1-0',
      warnings: [],
    });
    expect(typeof body.latency_ms).toBe('number');
  });

  it('lists models OpenAI-style', async () => {
    const { url } = await serve();
    const body = (await (await fetch(`${url}/v1/models`)).json()) as { object: string; data: { id: string }[] };
    expect(body.object).toBe('list');
    expect(body.data.map((m) => m.id)).toEqual(['default', 'offline']);
  });
});
