import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueModelsPage } from '../../src/core/contract/model-catalogue.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { cliEnv, runCli } from './cli-harness.ts';

/** `motif models …` as a real process against the Runware emulator. */
describe('motif models', { timeout: 120_000 }, () => {
  const KEY = 'rw-cli-models-key';
  let emulator: RunwareEmulator;
  let root: string;

  const env = (dataDir: string, key: string | undefined = KEY): NodeJS.ProcessEnv =>
    cliEnv(join(root, dataDir), {
      ...(key ? { RUNWARE_API_KEY: key } : {}),
      RUNWARE_WS_URL: emulator.wsUrl,
      RUNWARE_API_URL: emulator.restUrl,
    });

  beforeAll(async () => {
    emulator = await startRunwareEmulator({ apiKey: KEY, seed: 9 });
    root = await mkdtemp(join(tmpdir(), 'motif-cli-models-'));
  });
  afterAll(async () => {
    await emulator.close();
    await rm(root, { recursive: true, force: true });
  });

  it('searches with category and architecture filters and prints JSON', async () => {
    const result = await runCli(['models', 'search', 'watercolor', '--category', 'lora', '--arch', 'flux1d', '--json'], { env: env('a') });
    expect(result.code, result.stderr).toBe(0);
    const page = JSON.parse(result.stdout) as CatalogueModelsPage;
    expect(page.source).toBe('live');
    expect(page.models).toEqual([
      expect.objectContaining({ air: 'civitai:671245@751233', name: 'Watercolor Wash', category: 'lora', architecture: 'flux1d' }),
    ]);
  });

  it('prints a readable list with prices where known', async () => {
    const result = await runCli(['models', 'search', 'flux.1', '--category', 'checkpoint'], { env: env('b') });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/runware:101@1\s+FLUX\.1 dev {2}\[checkpoint, flux1d\] {2}\$0\.0038\/image {2}\(built in\)/);
    expect(result.stdout).toMatch(/1–3 of 3/);
  });

  it('pins a model, lists it, and unpins it', async () => {
    const pin = await runCli(['models', 'pin', 'civitai:618692@691639'], { env: env('c') });
    expect(pin.code, pin.stderr).toBe(0);
    expect(pin.stdout).toMatch(/civitai:618692@691639\s+Flux Party Poster {2}\[checkpoint\]/);
    const list = await runCli(['models', '--json'], { env: env('c') });
    expect(JSON.parse(list.stdout)).toEqual({ pinned: [expect.objectContaining({ air: 'civitai:618692@691639', provider: 'runware' })] });
    const unpin = await runCli(['models', 'unpin', 'civitai:618692@691639'], { env: env('c') });
    expect(unpin.stdout).toMatch(/No pinned models/);
  });

  it('without a key says so on stderr and lists the built-in models', async () => {
    const result = await runCli(['models', 'search', '', '--json'], { env: env('d', '') });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/built-in and pinned models only/);
    const page = JSON.parse(result.stdout) as CatalogueModelsPage;
    expect(page).toMatchObject({ source: 'offline', offline: { code: 'key_missing' } });
    expect(page.models.map((m) => m.air)).toEqual(['runware:100@1', 'runware:101@1']);
  });

  it('names the architectures a family stands for, and refuses an unknown category', async () => {
    const arch = await runCli(['models', 'search', 'x', '--arch', 'flux'], { env: env('e') });
    expect(arch.code).toBe(2);
    expect(arch.stderr).toMatch(/--arch: name one architecture: flux1d, flux1s/);
    const category = await runCli(['models', 'search', 'x', '--category', 'sampler'], { env: env('e') });
    expect(category.code).toBe(2);
    expect(category.stderr).toMatch(/--category/);
  });
});
