import OpenAI, { AuthenticationError, BadRequestError, InternalServerError, RateLimitError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIEmulator, type OpenAIEmulator } from '../emulators/openai/index.ts';

/**
 * The official `openai` SDK against the emulator: request shapes, response
 * shapes and error classes must be what the SDK expects from the real API.
 */
const API_KEY = 'sk-contract-test-0123456789';
let emulator: OpenAIEmulator;

// No retries, so error classes surface at once; the timeout leaves room for rendering 1024² images on a busy machine.
const client = (apiKey = API_KEY): OpenAI => new OpenAI({ apiKey, baseURL: emulator.baseUrl, maxRetries: 0, timeout: 20_000 });

const PNG = [0x89, 0x50, 0x4e, 0x47];

beforeAll(async () => {
  emulator = await startOpenAIEmulator({ apiKey: API_KEY, seed: 2 });
});
afterEach(() => emulator.faults.clear());
afterAll(() => emulator.close());

describe('openai SDK against the OpenAI emulator', () => {
  it('generates gpt-image-1 images as b64_json with the requested output format', async () => {
    const result = await client().images.generate({
      model: 'gpt-image-1',
      prompt: 'confetti pattern',
      n: 2,
      size: '1024x1024',
      quality: 'low',
      output_format: 'jpeg',
    });
    expect(result.data).toHaveLength(2);
    for (const image of result.data ?? []) {
      expect(image.url).toBeUndefined();
      const bytes = Buffer.from(image.b64_json ?? '', 'base64');
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    }
    expect(result.output_format).toBe('jpeg');
    expect(result.usage?.total_tokens).toBeGreaterThan(0);
    expect(typeof result.created).toBe('number');
  });

  it('generates dall-e-2 images as urls served by the emulator', async () => {
    const result = await client().images.generate({
      model: 'dall-e-2',
      prompt: 'birthday bunting',
      size: '256x256',
      response_format: 'url',
      n: 1,
    });
    const url = result.data?.[0]?.url ?? '';
    expect(url.startsWith(emulator.baseUrl.replace('/v1', '/img/'))).toBe(true);
    const download = await fetch(url);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await download.arrayBuffer()).subarray(0, 4)]).toEqual(PNG);
  });

  it('returns dall-e-3 b64_json with a revised prompt', async () => {
    const result = await client().images.generate({
      model: 'dall-e-3',
      prompt: 'wedding florals',
      size: '1024x1024',
      response_format: 'b64_json',
    });
    expect(result.data?.[0]?.revised_prompt).toContain('wedding florals');
    expect([...Buffer.from(result.data?.[0]?.b64_json ?? '', 'base64').subarray(0, 4)]).toEqual(PNG);
  });

  it('lists models (the cheap health probe)', async () => {
    const models = [];
    for await (const model of client().models.list()) models.push(model.id);
    expect(models).toEqual(expect.arrayContaining(['gpt-image-1', 'dall-e-3', 'dall-e-2']));
  });

  it('surfaces a 429 with Retry-After as RateLimitError', async () => {
    emulator.faults.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 7 });
    const error = await client()
      .images.generate({ model: 'gpt-image-1', prompt: 'stars' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const rate = error as RateLimitError;
    expect(rate.status).toBe(429);
    expect(rate.code).toBe('rate_limit_exceeded');
    expect(rate.headers?.get('retry-after')).toBe('7');
  });

  it('surfaces insufficient_quota as a RateLimitError with that code', async () => {
    emulator.faults.failNext(1, { kind: 'status', status: 429, code: 'insufficient_quota' });
    const error = await client()
      .images.generate({ model: 'gpt-image-1', prompt: 'stars' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('insufficient_quota');
    expect((error as RateLimitError).type).toBe('insufficient_quota');
  });

  it('surfaces a wrong key as AuthenticationError with a masked key only', async () => {
    const wrongKey = 'sk-wrong-key-abcdefghijkl';
    const error = await client(wrongKey)
      .images.generate({ model: 'dall-e-2', prompt: 'cake' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
    expect((error as AuthenticationError).message).not.toContain(wrongKey);
  });

  it('rejects a size the model does not support with BadRequestError naming the param', async () => {
    const error = await client()
      .images.generate({ model: 'dall-e-3', prompt: 'cake', size: '512x512' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe('size');
  });

  it('rejects n above a model limit and content-policy prompts as BadRequestError', async () => {
    const tooMany = await client()
      .images.generate({ model: 'dall-e-3', prompt: 'cake', n: 2 })
      .catch((e: unknown) => e);
    expect((tooMany as BadRequestError).param).toBe('n');
    emulator.faults.failNext(1, { kind: 'status', status: 400, code: 'content_policy_violation' });
    const policy = await client()
      .images.generate({ model: 'dall-e-3', prompt: 'cake' })
      .catch((e: unknown) => e);
    expect(policy).toBeInstanceOf(BadRequestError);
    expect((policy as BadRequestError).code).toBe('content_policy_violation');
  });

  it('surfaces a 500 as InternalServerError', async () => {
    emulator.faults.failNext(1, { kind: 'status', status: 500 });
    const error = await client()
      .images.generate({ model: 'dall-e-2', prompt: 'cake', size: '256x256' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
  });
});
