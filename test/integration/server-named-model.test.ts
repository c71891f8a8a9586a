import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ErrorBody, type Harness } from './server-harness.ts';

const postJson = (url: string, body: unknown): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface ImagesBody {
  readonly data: readonly unknown[];
  readonly motif: { provider: string; model: string; requested_model: string; fallback: boolean; cached: boolean };
}

describe('one rule for named models (no keys set: only the offline engine can draw)', () => {
  let harness: Harness;
  let generations: string;
  beforeAll(async () => {
    harness = await startHarness();
    generations = `${harness.server.url}/v1/images/generations`;
  });
  afterAll(async () => {
    await harness.close();
  });

  it.each([
    ['dall-e-3', 'openai'],
    ['gpt-image-1', 'openai'],
    ['flux-schnell', 'runware'],
    // Not an alias, but a model OpenAI offers: it still means OpenAI, not "anything".
    ['dall-e-2', 'openai'],
  ])('%s without fallback gets its provider or a clear error, never offline art', async (model, provider) => {
    const res = await postJson(generations, { model, prompt: 'gold balloons', size: '1024x1024' });
    expect(res.status).toBe(503);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('no_provider_available');
    expect(body.error.param).toBe('model');
    expect(body.error.message).toContain(`Model "${model}" is served only by ${provider}`);
    expect(body.error.message).toContain('"allow_fallback": true');
    expect(res.headers.get('x-motif-attempts')).not.toMatch(/local:success/);
  });

  it('with allow_fallback a named model may be served by another provider, and the body says so', async () => {
    const res = await postJson(generations, { model: 'dall-e-3', prompt: 'gold balloons', size: '256x256', allow_fallback: true });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImagesBody;
    expect(body.data).toHaveLength(1);
    expect(body.motif).toMatchObject({ provider: 'local', requested_model: 'dall-e-3', fallback: true, cached: false });
    expect(res.headers.get('x-motif-fallback')).toBe('true');
    expect(res.headers.get('x-motif-provider')).toBe('local');
  });

  it('the default model is whatever Motif picks: offline art is its answer, not a fallback', async () => {
    const res = await postJson(generations, { prompt: 'gold balloons', size: '256x256' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImagesBody;
    expect(body.motif).toMatchObject({ provider: 'local', requested_model: 'default', fallback: false });
    expect(res.headers.get('x-motif-fallback')).toBe('false');
  });

  it('the legacy endpoint says whether a fallback served', async () => {
    const res = await postJson(`${harness.server.url}/motif/generation/generate-from-prompt`, { prompt: 'gold balloons', style: 'party' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ provider: 'local', fallback: false });
  });

  it('allow_fallback must be a boolean', async () => {
    const res = await postJson(generations, { model: 'dall-e-3', prompt: 'gold balloons', allow_fallback: 'yes' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.param).toBe('allow_fallback');
  });
});
