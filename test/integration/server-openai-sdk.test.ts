import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, pngSize, type Harness } from './server-harness.ts';

describe('the official openai SDK against the local API', () => {
  let harness: Harness;
  let client: OpenAI;
  beforeAll(async () => {
    harness = await startHarness();
    client = new OpenAI({ baseURL: `${harness.server.url}/v1`, apiKey: 'x', maxRetries: 0, timeout: 30_000 });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('generates b64_json images; with no OpenAI key, gpt-image-1 is served only when fallback is allowed, and the body says so', async () => {
    // Motif's own fields ride along in the body; the SDK sends them as given.
    const params = {
      model: 'gpt-image-1',
      prompt: 'pastel bunting for a baby shower',
      n: 2,
      size: '256x256',
      response_format: 'b64_json',
      allow_fallback: true,
    } as OpenAI.ImageGenerateParamsNonStreaming;
    const result = (await client.images.generate(params)) as OpenAI.ImagesResponse & { motif?: { provider: string; fallback: boolean } };
    expect(result.motif).toMatchObject({ provider: 'local', fallback: true });
    expect(result.data).toHaveLength(2);
    for (const image of result.data ?? []) {
      const bytes = Buffer.from(image.b64_json ?? '', 'base64');
      expect(pngSize(bytes)).toEqual({ width: 256, height: 256 });
    }
    expect(result.created).toBeGreaterThan(1_600_000_000);
  });

  it('generates url images that can be fetched', async () => {
    const result = await client.images.generate({ prompt: 'red and gold holiday stripes', size: '1024x1024' });
    const url = result.data?.[0]?.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/images\//);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(pngSize(new Uint8Array(await res.arrayBuffer()))).toEqual({ width: 1024, height: 1024 });
  });

  it('surfaces Motif errors as SDK errors with status, code and param', async () => {
    const failure = await client.images.generate({ prompt: '', model: 'dall-e-2' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    const error = failure as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe('prompt');
  });

  it('exposes the Motif headers through withResponse()', async () => {
    const { response } = await client.images.generate({ prompt: 'minimal dots', size: '256x256' }).withResponse();
    expect(response.headers.get('x-motif-provider')).toBe('local');
    expect(response.headers.get('x-motif-attempts')).toMatch(/local:success::\d+ms$/);
  });
});
