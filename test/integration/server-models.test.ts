import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueModelsPage } from '../../src/core/contract/model-catalogue.ts';
import { createHeadlessMotifService } from '../../src/core/service/create-motif-service.ts';
import type { MotifApi } from '../../src/core/service/motif-api.ts';
import { startServer, type RunningServer } from '../../src/server/start-server.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';

/** `GET /motif/models?q=` over the headless engine, served from the Runware emulator's catalogue. */
describe('GET /motif/models', () => {
  const KEY = 'rw-serve-models-key';
  let emulator: RunwareEmulator;
  let service: MotifApi;
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    emulator = await startRunwareEmulator({ apiKey: KEY, seed: 4 });
    dataDir = await mkdtemp(join(tmpdir(), 'motif-serve-models-'));
    service = await createHeadlessMotifService({
      env: { RUNWARE_API_KEY: KEY, RUNWARE_WS_URL: emulator.wsUrl, RUNWARE_API_URL: emulator.restUrl, MOTIF_DATA_DIR: dataDir },
    });
    server = await startServer(service, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await service.close();
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers a page of the catalogue for q, category and arch', async () => {
    const res = await fetch(`${server.url}/motif/models?q=sticker&category=lora&arch=flux1d`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as CatalogueModelsPage;
    expect(page).toMatchObject({ source: 'live', total: 1, offset: 0, limit: 20 });
    expect(page.models[0]).toMatchObject({ air: 'civitai:690077@772301', name: 'Kawaii Stickers' });
  });

  it('refuses unknown parameters and bad values with an OpenAI-shaped 400', async () => {
    const unknown = await fetch(`${server.url}/motif/models?query=x`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    expect((await fetch(`${server.url}/motif/models?limit=1000`)).status).toBe(400);
    expect((await fetch(`${server.url}/motif/models?arch=flux`)).status).toBe(400);
  });
});
