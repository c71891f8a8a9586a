import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadlessMotifService } from '../../src/core/service/create-motif-service.ts';
import type { MotifApi } from '../../src/core/service/motif-api.ts';
import type { ProviderHealth } from '../../src/core/contract/service-types.ts';
import { decodeAttempts } from '../../src/server/attempts-header.ts';
import { startServer, type RunningServer } from '../../src/server/start-server.ts';
import { eventually } from '../emulators/eventually.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { pngSize } from './server-harness.ts';

/**
 * The "Done when" for the local API: `motif serve` over the headless
 * engine, with RUNWARE_API_KEY and the emulator's RUNWARE_WS_URL /
 * RUNWARE_API_URL in its environment (and no OpenAI key), is served by Runware
 * and says so in `x-motif-provider`.
 */

const KEY = 'rw-serve-test-key';

const postJson = (url: string, body: unknown): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface Running {
  readonly service: MotifApi;
  readonly server: RunningServer;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The engine as `motif serve` builds it, from nothing but these variables. */
async function serve(env: { RUNWARE_WS_URL: string; RUNWARE_API_URL: string }): Promise<Running> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motif-serve-runware-'));
  const service = await createHeadlessMotifService({ env: { RUNWARE_API_KEY: KEY, ...env, MOTIF_DATA_DIR: dataDir } });
  const server = await startServer(service, { port: 0 });
  return {
    service,
    server,
    dataDir,
    close: async () => {
      await server.close();
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The attempt trail without the targets skipped up front (OpenAI has no key here). */
function triedAttempts(res: Response): ReturnType<typeof decodeAttempts> {
  return decodeAttempts(res.headers.get('x-motif-attempts') ?? '').filter((attempt) => attempt.outcome !== 'skipped');
}

function runwareHealth(service: MotifApi): ProviderHealth | undefined {
  return service.telemetry().providers.find((provider) => provider.id === 'runware');
}

/** A loopback port with nothing listening: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('motif serve served by Runware over its WebSocket (emulator)', { timeout: 120_000 }, () => {
  let emulator: RunwareEmulator;
  let running: Running;
  let url: string;
  beforeAll(async () => {
    emulator = await startRunwareEmulator({ apiKey: KEY, seed: 9 });
    running = await serve({ RUNWARE_WS_URL: emulator.wsUrl, RUNWARE_API_URL: emulator.restUrl });
    url = running.server.url;
  });
  afterAll(async () => {
    await running?.close();
    await emulator?.close();
  });

  it('POST /v1/images/generations answers 200 with x-motif-provider: runware', async () => {
    const before = emulator.stats.tasks.imageInference ?? 0;
    const res = await postJson(`${url}/v1/images/generations`, {
      prompt: 'gold balloons and confetti',
      size: '512x512',
      n: 2,
      response_format: 'b64_json',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('x-motif-provider')).toBe('runware');
    expect(res.headers.get('x-motif-cached')).toBe('false');
    // The trail begins with the targets skipped for want of a key (OpenAI, fal), then Runware's one try.
    expect(res.headers.get('x-motif-attempts')).toMatch(/^((openai|fal):skipped:key_missing:0ms, )*runware:success::\d+ms$/);
    expect(triedAttempts(res)).toEqual([expect.objectContaining({ provider: 'runware', outcome: 'success', errorCode: undefined })]);
    const body = (await res.json()) as { data: { b64_json: string }[]; size: string };
    expect(body.size).toBe('512x512');
    expect(body.data).toHaveLength(2);
    for (const item of body.data) expect(pngSize(Buffer.from(item.b64_json, 'base64'))).toEqual({ width: 512, height: 512 });
    expect(emulator.stats.tasks.imageInference).toBe(before + 1);
    expect(emulator.stats.restRequests).toBe(0);
  });

  it('POST /motif/generation/generate-from-prompt reports provider runware and the cost Runware charged', async () => {
    const res = await postJson(`${url}/motif/generation/generate-from-prompt`, {
      prompt: 'pastel bunting for a baby shower',
      style: 'party',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('x-motif-provider')).toBe('runware');
    const body = (await res.json()) as {
      image_url: string;
      provider: string;
      model: string;
      seed: number | null;
      cost_usd: number | null;
      warnings: unknown[];
    };
    expect(body).toMatchObject({ provider: 'runware', model: 'runware:100@1', warnings: [] });
    expect(typeof body.cost_usd).toBe('number');
    expect(body.cost_usd).toBeCloseTo(0.0013, 10);
    expect(Number.isInteger(body.seed)).toBe(true);
    const image = await fetch(body.image_url);
    expect(image.status).toBe(200);
    expect(pngSize(new Uint8Array(await image.arrayBuffer()))).toEqual({ width: 1024, height: 1024 });
  });

  it('GET /motif/services/metrics shows Runware healthy, with its socket pool', async () => {
    // Pool stats are pushed at most every 250 ms; wait for the settled numbers.
    await eventually(
      () => runwareHealth(running.service)?.pool?.inFlight === 0 && (runwareHealth(running.service)?.pool?.openSockets ?? 0) >= 1,
      5_000,
      'settled pool stats',
    );
    const res = await fetch(`${url}/motif/services/metrics`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      providers: ProviderHealth[];
      services: Record<string, { status: string; circuit_state: string; success_rate: number | null }>;
    };
    const runware = body.providers.find((provider) => provider.id === 'runware');
    expect(runware).toMatchObject({ kind: 'runware', keySet: true, status: 'healthy', breaker: 'closed', successRate: 1 });
    expect(runware?.pool).toMatchObject({ transport: 'websocket', inFlight: 0 });
    expect(runware?.pool?.openSockets).toBeGreaterThanOrEqual(1);
    expect(runware?.costTodayUsd).toBeCloseTo(0.0039, 10);
    expect(body.services.runware).toMatchObject({ status: 'healthy', circuit_state: 'closed', success_rate: 1 });
    expect(body.services.openai?.status).toBe('key-missing');
  });

  it('after the emulator drops every socket, the next request is still served by Runware', async () => {
    const connections = emulator.stats.connections;
    emulator.dropAllSockets();
    const res = await postJson(`${url}/v1/images/generations`, { prompt: 'after the blip', size: '256x256', response_format: 'b64_json' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('x-motif-provider')).toBe('runware');
    expect(triedAttempts(res)).toEqual([expect.objectContaining({ provider: 'runware', outcome: 'success' })]);
    // Served over a new socket, or over REST while it was reconnecting; either way Runware, not the offline engine.
    await eventually(() => emulator.stats.connections > connections, 10_000, 'a reconnect');
  });
});

describe('motif serve over Runware when its WebSocket is unreachable (REST fallback)', { timeout: 120_000 }, () => {
  let emulator: RunwareEmulator;
  let running: Running;
  let url: string;
  beforeAll(async () => {
    emulator = await startRunwareEmulator({ apiKey: KEY, seed: 10 });
    running = await serve({ RUNWARE_WS_URL: `ws://127.0.0.1:${await closedPort()}/v1`, RUNWARE_API_URL: emulator.restUrl });
    url = running.server.url;
  });
  afterAll(async () => {
    await running?.close();
    await emulator?.close();
  });

  it('serves over REST, still labelled runware, and the metrics say the transport is REST', async () => {
    const res = await postJson(`${url}/v1/images/generations`, {
      prompt: 'streamers over REST',
      size: '512x512',
      response_format: 'b64_json',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('x-motif-provider')).toBe('runware');
    expect(triedAttempts(res)).toEqual([expect.objectContaining({ provider: 'runware', outcome: 'success' })]);
    const body = (await res.json()) as { data: { b64_json: string }[] };
    expect(pngSize(Buffer.from(body.data[0]!.b64_json, 'base64'))).toEqual({ width: 512, height: 512 });
    expect(emulator.stats.restRequests).toBeGreaterThanOrEqual(1);
    expect(emulator.stats.tasks.imageInference).toBe(1);
    expect(emulator.stats.connections).toBe(0);

    const legacy = await postJson(`${url}/motif/generation/generate-from-prompt`, { prompt: 'a second one over REST' });
    expect(legacy.status, await legacy.clone().text()).toBe(200);
    expect(await legacy.json()).toMatchObject({ provider: 'runware', cost_usd: expect.any(Number) });

    await eventually(() => runwareHealth(running.service)?.pool?.transport === 'rest', 5_000, 'pool stats saying REST');
    const metrics = (await (await fetch(`${url}/motif/services/metrics`)).json()) as { providers: ProviderHealth[] };
    const runware = metrics.providers.find((provider) => provider.id === 'runware');
    expect(runware).toMatchObject({ status: 'healthy', pool: expect.objectContaining({ transport: 'rest', openSockets: 0 }) });
  });
});
