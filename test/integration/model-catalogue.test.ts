import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunwareProvider } from '../../src/core/providers/runware/index.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

const KEY = 'test-key-catalogue';
let emulator: RunwareEmulator;
let temp: TempService | undefined;

beforeEach(async () => {
  emulator = await startRunwareEmulator({ apiKey: KEY, seed: 3 });
});

afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
  await emulator.close();
});

/** A real service whose Runware points at the emulator; offline engine enabled as usual. */
async function service(options: { key?: string | undefined; settings?: Record<string, unknown> } = {}): Promise<TempService> {
  temp = await startTempService({
    secrets: options.key === undefined ? {} : { runware: options.key },
    settings: { providers: { runware: { wsUrl: emulator.wsUrl, apiUrl: emulator.restUrl } }, ...options.settings },
  });
  return temp;
}

const searches = (): number => emulator.stats.tasks.modelSearch ?? 0;

describe('Runware modelSearch through the adapter', () => {
  it('maps a search to modelSearch and reads names, categories, architectures, tags and previews', async () => {
    const provider = new RunwareProvider({ getApiKey: () => KEY, wsUrl: emulator.wsUrl, apiUrl: emulator.restUrl });
    try {
      const page = await provider.searchModels(
        { search: 'party', category: 'checkpoint', limit: 20, offset: 0 },
        { signal: new AbortController().signal, deadline: Date.now() + 10_000 },
      );
      expect(page.models.map((m) => m.air)).toEqual(['civitai:618692@691639', 'civitai:269232@443821']);
      expect(page.total).toBe(2);
      const poster = page.models[0]!;
      expect(poster).toMatchObject({ name: 'Flux Party Poster', category: 'checkpoint', architecture: 'flux1d', defaultSteps: 28 });
      expect(poster.tags).toContain('typography');
      expect(poster.previewUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/img\/preview-/);
      const preview = await provider.fetchPreview(poster.previewUrl!, {
        signal: new AbortController().signal,
        deadline: Date.now() + 10_000,
      });
      expect([...preview.subarray(8, 12)].map((b) => String.fromCharCode(b)).join('')).toBe('WEBP');
    } finally {
      await provider.close();
    }
  });

  it('pages with limit and offset over the whole result set', async () => {
    const provider = new RunwareProvider({ getApiKey: () => KEY, wsUrl: emulator.wsUrl, apiUrl: emulator.restUrl, transport: 'rest' });
    try {
      const call = { signal: new AbortController().signal, deadline: Date.now() + 10_000 };
      const first = await provider.searchModels({ category: 'lora', limit: 5, offset: 0 }, call);
      const second = await provider.searchModels({ category: 'lora', limit: 5, offset: 5 }, call);
      expect(first.total).toBe(second.total);
      expect(first.total).toBeGreaterThan(10);
      expect(first.models).toHaveLength(5);
      expect(second.models).toHaveLength(5);
      expect(new Set([...first.models, ...second.models].map((m) => m.air)).size).toBe(10);
      expect([...first.models, ...second.models].every((m) => m.category === 'lora')).toBe(true);
    } finally {
      await provider.close();
    }
  });
});

describe('the model catalogue in the engine', () => {
  it('answers a repeated search from its cache (cold: one modelSearch; warm: none)', async () => {
    const { service: motif } = await service({ key: KEY });
    const cold = await motif.searchModels({ search: 'watercolor', category: 'lora' });
    expect(cold.source).toBe('live');
    expect(cold.models.map((m) => m.name)).toEqual(['Watercolor Wash', 'Watercolor XL']);
    expect(searches()).toBe(1);
    const warm = await motif.searchModels({ search: 'watercolor', category: 'lora' });
    expect(warm.source).toBe('cache');
    expect(warm.models).toEqual(cold.models);
    expect(searches()).toBe(1);
    await motif.searchModels({ search: 'watercolor', category: 'lora', offset: 1 });
    expect(searches()).toBe(2);
  });

  it('prices the models it knows and marks the built-in ones', async () => {
    const { service: motif } = await service({ key: KEY });
    const page = await motif.searchModels({ search: 'FLUX.1', architecture: 'flux1s' });
    const schnell = page.models.find((m) => m.air === 'runware:100@1');
    expect(schnell).toMatchObject({ builtIn: true, pinned: false, pricePerImageUsd: 0.0013 });
    const sticker = (await motif.searchModels({ search: 'sticker maker' })).models[0];
    expect(sticker).toMatchObject({ air: 'civitai:733119@819894', builtIn: false });
    expect(sticker?.pricePerImageUsd).toBeUndefined();
  });

  it('without a key says so and still shows the built-in and pinned models', async () => {
    const pinned = { provider: 'runware', air: 'civitai:618692@691639', name: 'Flux Party Poster', category: 'checkpoint' };
    const { service: motif } = await service({ settings: { pinnedModels: [pinned] } });
    const page = await motif.searchModels({});
    expect(page.source).toBe('offline');
    expect(page.offline?.code).toBe('key_missing');
    expect(page.offline?.message).toMatch(/built-in and pinned/);
    expect(page.models.map((m) => m.air)).toEqual(['runware:100@1', 'runware:101@1', 'civitai:618692@691639']);
    expect(page.models[2]).toMatchObject({ pinned: true, builtIn: false });
    expect((await motif.searchModels({ search: 'poster' })).models.map((m) => m.air)).toEqual(['civitai:618692@691639']);
    expect(searches()).toBe(0);
  });

  it('with the upstream down says why, and a later search reaches it again (failures are not cached)', async () => {
    const { service: motif } = await service({ key: KEY });
    emulator.faults.failNext(1, { kind: 'runware-error', code: 'serviceUnavailable' });
    // The socket fails the task; nothing is cached, so the next search goes upstream again.
    const down = await motif.searchModels({ search: 'balloon' });
    expect(down.source).toBe('offline');
    expect(down.offline?.code).toBe('upstream_unavailable');
    const up = await motif.searchModels({ search: 'balloon' });
    expect(up.source).toBe('live');
    expect(up.models.map((m) => m.air)).toEqual(['civitai:652699@730219']);
  });

  it('turns a garbled reply into a named error, never a crash', async () => {
    const { service: motif } = await service({
      key: KEY,
      settings: { providers: { runware: { wsUrl: emulator.wsUrl, apiUrl: emulator.restUrl, transport: 'rest' } } },
    });
    emulator.faults.failNext(1, { kind: 'status', status: 500 });
    const page = await motif.searchModels({ search: 'confetti' });
    expect(page.source).toBe('offline');
    expect(page.offline?.code).toMatch(/^upstream_/);
  });

  it('rejects a bad query with a named error', async () => {
    const { service: motif } = await service({ key: KEY });
    await expect(motif.searchModels({ limit: 500 })).rejects.toMatchObject({ code: 'invalid_request', param: 'limit' });
    await expect(motif.searchModels({ category: 'sampler' } as never)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(searches()).toBe(0);
  });
});

describe('pinned models and LoRAs', () => {
  it('a pinned checkpoint joins the model menu and a generation with it reaches Runware with its id', async () => {
    const { service: motif } = await service({ key: KEY });
    await motif.searchModels({ search: 'paper craft' });
    const pinned = await motif.pinModel('civitai:288584@324524');
    expect(pinned).toEqual([
      expect.objectContaining({
        provider: 'runware',
        air: 'civitai:288584@324524',
        name: 'Paper Craft XL',
        category: 'checkpoint',
        defaultSteps: 30,
      }),
    ]);
    expect(motif.getSettings().models).toContainEqual({ id: 'civitai:288584@324524', label: 'Paper Craft XL' });
    const outcome = await motif.generate({ prompt: 'paper garland', size: '512x512', count: 1, model: 'civitai:288584@324524' });
    expect(outcome.entries[0]).toMatchObject({ provider: 'runware', model: 'civitai:288584@324524', fallback: false });
    expect(emulator.stats.inferenceModels['civitai:288584@324524']).toBe(1);
    // Searching again shows it pinned; unpinning takes it out of the menu.
    expect((await motif.searchModels({ search: 'paper craft' })).models[0]?.pinned).toBe(true);
    await motif.unpinModel('civitai:288584@324524');
    expect(motif.getSettings().models.map((m) => m.id)).not.toContain('civitai:288584@324524');
  });

  it('pins by id without an earlier search, and refuses what cannot be pinned', async () => {
    const { service: motif } = await service({ key: KEY });
    await expect(motif.pinModel('civitai:711883@796204')).resolves.toContainEqual(
      expect.objectContaining({ category: 'lora', triggerWords: 'gold foil lettering' }),
    );
    await expect(motif.pinModel('runware:25@1')).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(motif.pinModel('runware:101@1')).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(motif.pinModel('civitai:1@1')).rejects.toMatchObject({ code: 'not_found' });
    await expect(motif.pinModel('not an id')).rejects.toMatchObject({ code: 'invalid_request', param: 'air' });
  });

  it('a named pinned model is not silently served by another provider when Runware has no key', async () => {
    const pinned = { provider: 'runware', air: 'civitai:618692@691639', name: 'Flux Party Poster', category: 'checkpoint' };
    const { service: motif } = await service({ settings: { pinnedModels: [pinned] } });
    const refused = motif.generate({ prompt: 'poster', size: '512x512', model: 'civitai:618692@691639' });
    await expect(refused).rejects.toMatchObject({ code: 'no_provider_available' });
    await expect(refused).rejects.toMatchObject({ attempts: [expect.objectContaining({ provider: 'runware', errorCode: 'key_missing' })] });
    const served = await motif.generate({ prompt: 'poster', size: '512x512', model: 'civitai:618692@691639', allowFallback: true });
    expect(served.entries[0]).toMatchObject({ provider: 'local', fallback: true });
  });

  it('sends LoRAs with their weights and records them in the library entry', async () => {
    const { service: motif } = await service({ key: KEY });
    const loras = [
      { model: 'civitai:652699@730219', weight: 0.8 },
      { model: 'civitai:660112@738795', weight: -0.5 },
    ];
    const outcome = await motif.generate({ prompt: 'balloon garland', size: '512x512', count: 1, model: 'flux-dev', loras });
    expect(emulator.stats.loraWeights).toEqual({ 'civitai:652699@730219': 0.8, 'civitai:660112@738795': -0.5 });
    expect(outcome.entries[0]?.loras).toEqual(loras);
    expect(outcome.job.request.loras).toEqual(loras);
    expect((await motif.getEntry(outcome.entries[0]!.id)).loras).toEqual(loras);
  });

  it('rejects bad LoRAs at the boundary', async () => {
    const { service: motif } = await service({ key: KEY });
    await expect(motif.submit({ prompt: 'x', loras: [{ model: 'civitai:1@1', weight: 9 }] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(
      motif.submit({
        prompt: 'x',
        loras: [
          { model: 'civitai:1@1', weight: 1 },
          { model: 'civitai:1@1', weight: 1 },
        ],
      }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(motif.submit({ prompt: 'x', loras: [{ model: 'https://evil', weight: 1 }] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('the offline engine says it left the LoRAs out', async () => {
    const { service: motif } = await service();
    const outcome = await motif.generate({
      prompt: 'balloons',
      size: '512x512',
      count: 1,
      loras: [{ model: 'civitai:652699@730219', weight: 1 }],
    });
    expect(outcome.entries[0]?.provider).toBe('local');
    expect(outcome.entries[0]?.loras).toBeUndefined();
    expect(outcome.entries[0]?.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported-setting', setting: 'loras' }));
  });
});
