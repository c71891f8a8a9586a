import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAttempts } from '../../src/server/attempts-header.ts';
import { startHarness, pngSize, type ErrorBody, type Harness } from './server-harness.ts';

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

function expectGenerationHeaders(res: Response): void {
  expect(res.headers.get('x-request-id')).toBeTruthy();
  expect(res.headers.get('x-motif-provider')).toBe('local');
  const attempts = decodeAttempts(res.headers.get('x-motif-attempts') ?? '');
  expect(attempts.length).toBeGreaterThan(0);
  expect(attempts.at(-1)).toMatchObject({ provider: 'local', outcome: 'success', errorCode: undefined });
}

describe('the local API over the real headless engine (offline)', () => {
  let harness: Harness;
  let url: string;
  beforeAll(async () => {
    harness = await startHarness();
    url = harness.server.url;
  });
  afterAll(async () => {
    await harness.close();
  });

  it('a failed generation names the providers tried in x-motif-attempts', async () => {
    await harness.service.setBreakerMode('local', 'forced-open');
    try {
      const res = await postJson(`${url}/v1/images/generations`, { prompt: 'no provider can serve', size: '256x256' });
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe('no_provider_available');
      expect(res.headers.get('x-motif-attempts')).toMatch(/runware:skipped:key_missing:0ms.*local:skipped:circuit_open:0ms/);
    } finally {
      await harness.service.setBreakerMode('local', 'auto');
    }
  });

  it('GET /healthz', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('POST /v1/images/generations with url responses, served from GET /images/:id', async () => {
    const res = await postJson(
      `${url}/v1/images/generations`,
      { model: 'dall-e-3', allow_fallback: true, prompt: 'gold balloons', n: 2, size: '320x192', style: 'birthday', seed: 11 },
      { 'x-request-id': 'client-req-1' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('client-req-1');
    expectGenerationHeaders(res);
    const body = (await res.json()) as { created: number; data: { url: string }[] };
    expect(body.created).toBeGreaterThan(1_600_000_000);
    expect(body.data).toHaveLength(2);
    for (const item of body.data) {
      expect(item.url).toMatch(new RegExp(`^${url}/images/[\\w.:-]+$`));
      const image = await fetch(item.url);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(pngSize(new Uint8Array(await image.arrayBuffer()))).toEqual({ width: 320, height: 192 });
      const thumb = await fetch(`${item.url}/thumbnail`);
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get('content-type')).toMatch(/^image\//);
      expect((await thumb.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    const page = await harness.service.listLibrary({});
    expect(page.items.map((e) => e.style)).toContain('birthday');
  });

  it('adds each offline design’s SVG with format "svg", and says what it drew', async () => {
    const prompt = '"Happy 5th Birthday Emma" zorblax dinosaur party';
    for (const responseFormat of ['url', 'b64_json'] as const) {
      const res = await postJson(`${url}/v1/images/generations`, {
        prompt,
        size: '256x256',
        style: 'birthday',
        seed: 1000,
        format: 'svg',
        response_format: responseFormat,
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        data: { svg: string; url?: string; b64_json?: string }[];
        motif: { provider: string; drew: unknown };
      };
      expect(body.motif.provider).toBe('local');
      expect(body.motif.drew).toEqual({
        subjects: ['t-rex', 'sauropod'],
        layout: 'scene',
        text: ['Happy 5th', 'Birthday Emma'],
        ignoredWords: ['zorblax'],
      });
      expect(body.data[0]?.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="256" height="256"/);
      expect(body.data[0]?.svg).toContain('data-subject="t-rex"');
      expect(body.data[0]?.[responseFormat]).toBeTruthy();
    }
    const refused = await postJson(`${url}/v1/images/generations`, { prompt: 'dinosaurs', format: 'svg', model: 'dall-e-3' });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({ code: 'invalid_request', param: 'model' });
  });

  it('returns b64_json images in the requested format', async () => {
    const res = await postJson(`${url}/v1/images/generations`, {
      prompt: 'confetti',
      size: '128x128',
      response_format: 'b64_json',
      output_format: 'webp',
    });
    expect(res.status).toBe(200);
    expectGenerationHeaders(res);
    const body = (await res.json()) as { data: { b64_json: string }[]; output_format: string };
    const bytes = Buffer.from(body.data[0]!.b64_json, 'base64');
    expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
    expect(bytes.toString('ascii', 8, 12)).toBe('WEBP');
    expect(body.output_format).toBe('webp');
  });

  it('POST /motif/generation/generate-from-prompt answers the old front end', async () => {
    const res = await postJson(`${url}/motif/generation/generate-from-prompt`, {
      prompt: 'wedding rings and flowers',
      style: 'wedding',
      user_id: 'designer-7',
    });
    expect(res.status).toBe(200);
    expectGenerationHeaders(res);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      [
        'cached',
        'cost_usd',
        'drew',
        'entry_id',
        'fallback',
        'image_url',
        'latency_ms',
        'model',
        'provider',
        'request_id',
        'seed',
        'warnings',
      ].sort(),
    );
    expect(body.provider).toBe('local');
    expect(body.request_id).toBe(res.headers.get('x-request-id'));
    expect(body.cached).toBe(false);
    expect(typeof body.latency_ms).toBe('number');
    expect(body.cost_usd === null || typeof body.cost_usd === 'number').toBe(true);
    expect(body.image_url).toBe(`${url}/images/${String(body.entry_id)}`);
    const image = await fetch(String(body.image_url));
    expect(image.status).toBe(200);
    const entry = await harness.service.getEntry(String(body.entry_id));
    expect(entry.style).toBe('wedding');
    expect(JSON.stringify(entry)).not.toContain('designer-7');
  });

  it('lays out the product named by the Motif `layout` field on both generate routes, and refuses an unknown one', async () => {
    // The prompt alone would choose the scene; the request's layout wins.
    const legacy = await postJson(`${url}/motif/generation/generate-from-prompt`, {
      prompt: '"Emma" dinosaur party',
      style: 'birthday',
      layout: 'sticker',
    });
    expect(legacy.status).toBe(200);
    const legacyBody = (await legacy.json()) as { drew: { layout: string } };
    expect(legacyBody.drew.layout).toBe('sticker');
    const openAi = await postJson(`${url}/v1/images/generations`, {
      prompt: '"Emma" dinosaur party',
      size: '256x256',
      seed: 3,
      layout: 'table-card',
      format: 'svg',
    });
    expect(openAi.status).toBe(200);
    const openAiBody = (await openAi.json()) as { data: { svg: string }[]; motif: { drew: { layout: string } } };
    expect(openAiBody.motif.drew.layout).toBe('table-card');
    expect(openAiBody.data[0]?.svg).toContain('data-layout="table-card"');
    for (const route of ['/motif/generation/generate-from-prompt', '/v1/images/generations']) {
      const refused = await postJson(`${url}${route}`, { prompt: 'dinosaurs', layout: 'billboard' });
      expect(refused.status, route).toBe(400);
      expect((await refused.json()).error, route).toMatchObject({ code: 'invalid_request', param: 'layout' });
    }
  });

  it('GET /motif/services/metrics serves the telemetry snapshot and the compact services map', async () => {
    const res = await fetch(`${url}/motif/services/metrics`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      services: Record<string, Record<string, unknown>>;
      providers: { id: string }[];
      caches: unknown[];
      spend: unknown;
      cache_hit_ratios: Record<string, unknown>;
    };
    expect(body.providers.map((p) => p.id)).toContain('local');
    expect(Array.isArray(body.caches)).toBe(true);
    expect(body.spend).toBeDefined();
    expect(Object.keys(body.services.local ?? {}).sort()).toEqual(['avg_response_ms', 'circuit_state', 'status', 'success_rate']);
    expect(body.services.local?.circuit_state).toBe('closed');
    expect(Object.keys(body.services).sort()).toEqual(body.providers.map((p) => p.id).sort());
  });

  it('GET /v1/models lists what a request may name', async () => {
    const body = (await (await fetch(`${url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(body.data.map((m) => m.id)).toContain('default');
  });

  it('answers a repeated seeded request from the result cache', async () => {
    const request = { prompt: 'cached stars', size: '96x96', seed: 5 };
    const first = await postJson(`${url}/v1/images/generations`, request);
    const second = await postJson(`${url}/v1/images/generations`, request);
    expect(first.headers.get('x-motif-cached')).toBe('false');
    expect(second.headers.get('x-motif-cached')).toBe('true');
    expect(second.headers.get('x-motif-provider')).toBe('local');
    const [a, b] = (await Promise.all([first.json(), second.json()])) as { data: { url: string }[] }[];
    expect(b!.data[0]!.url).toBe(a!.data[0]!.url);
  }, 30_000);
});

describe('a client that disconnects', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('cancels its generation in the engine', async () => {
    const controller = new AbortController();
    const pending = postJsonWithSignal(
      `${harness.server.url}/v1/images/generations`,
      { prompt: 'an enormous confetti wall', n: 8, size: '4096x4096' },
      controller.signal,
    );
    await until(() => harness.service.jobs().length > 0);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await until(() => harness.service.jobs().every((job) => job.state === 'cancelled'));
    expect(harness.service.jobs()[0]?.state).toBe('cancelled');
    expect((await fetch(`${harness.server.url}/healthz`)).status).toBe(200);
  }, 30_000);
});

function postJsonWithSignal(url: string, body: unknown, signal: AbortSignal): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the bearer token', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ token: 'test-token-123' });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('is required on every route but /healthz', async () => {
    const { url } = harness.server;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    for (const [path, init] of [
      ['/motif/services/metrics', {}],
      ['/v1/images/generations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"prompt":"x"}' }],
      ['/images/00000000-0000-4000-8000-000000000000', {}],
    ] as const) {
      const res = await fetch(`${url}${path}`, init);
      expect(res.status).toBe(401);
      expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'auth_failed', type: 'authentication_error' });
    }
    expect((await harness.service.listLibrary({})).total).toBe(0);
    const ok = await fetch(`${url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test-token-123' },
      body: '{"prompt":"x","size":"64x64"}',
    });
    expect(ok.status).toBe(200);
  });
});
