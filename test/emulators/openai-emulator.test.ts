import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './eventually.ts';
import { startOpenAIEmulator, type OpenAIEmulator } from './openai/index.ts';

const KEY = 'sk-emulator-test-key-0001';
let emulator: OpenAIEmulator;

beforeAll(async () => {
  emulator = await startOpenAIEmulator({ apiKey: KEY, seed: 9 });
});
afterEach(() => {
  emulator.faults.clear();
  emulator.setLatency({ kind: 'fixed', ms: 0 });
});
afterAll(() => emulator.close());

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
interface ImagesBody {
  created: number;
  data: { b64_json?: string; url?: string; revised_prompt?: string }[];
  output_format?: string;
  size?: string;
}

function generate(body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${emulator.baseUrl}/images/generations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
}

const small = { model: 'dall-e-2', prompt: 'party streamers', size: '256x256', response_format: 'b64_json' };

describe('OpenAI emulator: images/generations', () => {
  it('returns n b64_json images for dall-e-2', async () => {
    const res = await generate({ ...small, n: 3 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImagesBody;
    expect(body.data).toHaveLength(3);
    expect(new Set(body.data.map((d) => d.b64_json)).size).toBe(3);
    for (const d of body.data)
      expect(
        Buffer.from(d.b64_json ?? '', 'base64')
          .subarray(1, 4)
          .toString('latin1'),
      ).toBe('PNG');
    expect(emulator.stats.imagesGenerated).toBeGreaterThanOrEqual(3);
  });

  it('defaults dall-e models to url output, served by the emulator', async () => {
    const res = await generate({ model: 'dall-e-2', prompt: 'cake', size: '512x512' });
    const url = ((await res.json()) as ImagesBody).data[0]?.url ?? '';
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${emulator.port}/img/[0-9a-f-]+\\.png$`));
    expect((await fetch(url)).status).toBe(200);
  });

  it.each([
    [{ model: 'dall-e-3', prompt: 'x', size: '256x256' }, 400, 'size', 'invalid_value'],
    [{ model: 'dall-e-2', prompt: 'x', size: '1792x1024' }, 400, 'size', 'invalid_value'],
    [{ model: 'gpt-image-1', prompt: 'x', size: '512x512' }, 400, 'size', 'invalid_value'],
    [{ model: 'dall-e-3', prompt: 'x', n: 2 }, 400, 'n', 'invalid_value'],
    [{ model: 'dall-e-2', prompt: 'x', n: 11 }, 400, 'n', 'integer_above_max_value'],
    [{ model: 'dall-e-2', prompt: 'x', n: 0 }, 400, 'n', 'integer_below_min_value'],
    [{ model: 'dall-e-2' }, 400, 'prompt', 'missing_required_parameter'],
    [{ model: 'dall-e-2', prompt: 'x'.repeat(1001) }, 400, 'prompt', 'string_above_max_length'],
    [{ model: 'gpt-image-1', prompt: 'x', response_format: 'b64_json' }, 400, 'response_format', 'unknown_parameter'],
    [{ model: 'dall-e-3', prompt: 'x', output_format: 'jpeg' }, 400, 'output_format', 'unknown_parameter'],
    [{ model: 'gpt-image-1', prompt: 'x', output_format: 'gif' }, 400, 'output_format', 'invalid_value'],
    [{ model: 'dall-e-3', prompt: 'x', quality: 'medium' }, 400, 'quality', 'invalid_value'],
    [{ model: 'dall-e-2', prompt: 'x', seed: 3 }, 400, 'seed', 'unknown_parameter'],
    [{ model: 'dall-e-9', prompt: 'x' }, 404, null, 'model_not_found'],
  ])('rejects %j with %i (param %s, code %s)', async (body, status, param, code) => {
    const res = await generate(body);
    expect(res.status).toBe(status);
    const error = ((await res.json()) as ErrorBody).error;
    expect(error).toMatchObject({ param, code });
    expect(typeof error.message).toBe('string');
    expect(error.type).toBe('invalid_request_error');
  });

  it('answers a body that is not JSON with 400', async () => {
    const res = await generate('{"prompt":');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.type).toBe('invalid_request_error');
  });

  it('needs a Bearer key: missing → 401 without code, wrong → 401 invalid_api_key with the key masked', async () => {
    const missing = await fetch(`${emulator.baseUrl}/models`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as ErrorBody).error.code).toBeNull();
    const wrongKey = 'sk-not-the-right-key-9876';
    const wrong = await fetch(`${emulator.baseUrl}/models`, { headers: { authorization: `Bearer ${wrongKey}` } });
    expect(wrong.status).toBe(401);
    const error = ((await wrong.json()) as ErrorBody).error;
    expect(error.code).toBe('invalid_api_key');
    expect(error.message).not.toContain(wrongKey);
    expect(error.message).toContain('9876');
  });

  it('lists models and answers unknown routes with the error shape', async () => {
    const res = await fetch(`${emulator.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    const body = (await res.json()) as { object: string; data: { id: string }[] };
    expect(body.object).toBe('list');
    expect(body.data.map((m) => m.id).sort()).toEqual(['dall-e-2', 'dall-e-3', 'gpt-image-1']);
    const unknown = await fetch(`${emulator.baseUrl}/nothing`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.message).toContain('Invalid URL');
  });
});

describe('OpenAI emulator: faults', () => {
  it.each([
    [{ kind: 'status', status: 429, retryAfterSeconds: 4 }, 429, 'rate_limit_exceeded', 'requests', '4'],
    [{ kind: 'status', status: 429, code: 'insufficient_quota' }, 429, 'insufficient_quota', 'insufficient_quota', null],
    [{ kind: 'status', status: 500 }, 500, null, 'server_error', null],
    [{ kind: 'status', status: 503, retryAfterSeconds: 1 }, 503, null, 'server_error', '1'],
    [{ kind: 'status', status: 401 }, 401, 'invalid_api_key', 'invalid_request_error', null],
    [
      { kind: 'status', status: 400, code: 'content_policy_violation' },
      400,
      'content_policy_violation',
      'image_generation_user_error',
      null,
    ],
  ] as const)('answers fault %j with %i code %s type %s', async (fault, status, code, type, retryAfter) => {
    emulator.faults.failNext(1, fault);
    const res = await generate(small);
    expect(res.status).toBe(status);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code, type });
    expect(res.headers.get('retry-after')).toBe(retryAfter);
  });

  it('applies failNext to generation calls only, not to the model list', async () => {
    emulator.faults.failNext(1, { kind: 'status', status: 503 });
    expect((await fetch(`${emulator.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
    expect((await generate(small)).status).toBe(503);
    expect((await generate(small)).status).toBe(200);
  });

  it('takes a per-request fault from the x-emulator-fault header, on any route', async () => {
    const res = await fetch(`${emulator.baseUrl}/models`, {
      headers: { authorization: `Bearer ${KEY}`, 'x-emulator-fault': '{"kind":"status","status":500}' },
    });
    expect(res.status).toBe(500);
    const bad = await generate(small, { 'x-emulator-fault': '{"kind":"status","status":999}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.code).toBe('invalid_emulator_fault');
  });

  it('hang never answers', async () => {
    emulator.faults.failNext(1, { kind: 'hang' });
    const error = await generate(small, {}, AbortSignal.timeout(300)).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('TimeoutError');
    await eventually(() => emulator.faults.pending === 0);
  });

  it('drop-socket destroys the connection', async () => {
    emulator.faults.failNext(1, { kind: 'drop-socket' });
    const error = await generate(small).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
  });

  it('malformed-json answers 200 with a cut-off body', async () => {
    emulator.faults.failNext(1, { kind: 'malformed-json' });
    const res = await generate(small);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"created":')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('garbage-frame answers 200 with a body that is not JSON at all', async () => {
    emulator.faults.failNext(1, { kind: 'garbage-frame' });
    const res = await generate(small);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('502 Bad Gateway');
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('trickle delivers the whole body slowly', async () => {
    emulator.faults.failNext(1, { kind: 'trickle', chunkBytes: 4096, intervalMs: 10 });
    const started = performance.now();
    const res = await generate(small);
    const body = (await res.json()) as ImagesBody;
    expect(body.data).toHaveLength(1);
    const chunks = Math.ceil(JSON.stringify(body).length / 4096);
    expect(chunks).toBeGreaterThan(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual((chunks - 1) * 10 - 5);
  });

  it('delay and latency hold the answer back', async () => {
    emulator.faults.failNext(1, { kind: 'delay', ms: 200 });
    let started = performance.now();
    expect((await generate(small)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    emulator.setLatency({ kind: 'fixed', ms: 150 });
    started = performance.now();
    expect((await generate(small)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('counts requests and generations', async () => {
    const before = { ...emulator.stats };
    await generate(small);
    await fetch(`${emulator.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(emulator.stats.requests).toBe(before.requests + 2);
    expect(emulator.stats.generations).toBe(before.generations + 1);
    expect(emulator.stats.imagesGenerated).toBe(before.imagesGenerated + 1);
  });
});
