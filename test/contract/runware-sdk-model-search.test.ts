import { EModelArchitecture, RunwareServer } from '@runware/sdk-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';

/**
 * The official `@runware/sdk-js` client's `modelSearch`, and `imageInference`
 * with `lora`, against the emulator: the catalogue's wire shapes are the ones
 * the SDK itself sends and reads.
 */
const API_KEY = 'contract-test-key-models';
const SDK_OPTIONS = { timeoutDuration: 4000, globalMaxRetries: 1, heartbeatInterval: 10_000 } as const;

let emulator: RunwareEmulator;
const clients: RunwareServer[] = [];

function client(): RunwareServer {
  const sdk = new RunwareServer({ apiKey: API_KEY, url: emulator.wsUrl, ...SDK_OPTIONS });
  clients.push(sdk);
  return sdk;
}

beforeAll(async () => {
  emulator = await startRunwareEmulator({ apiKey: API_KEY, seed: 11 });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()));
  emulator.faults.clear();
});

afterAll(async () => {
  await emulator.close();
});

describe('@runware/sdk-js modelSearch against the Runware emulator', () => {
  it('searches by text, category and architecture and reads the SDK’s TModel fields', async () => {
    const found = await client().modelSearch({ search: 'sticker', category: 'lora', architecture: EModelArchitecture.sdxl, limit: 10 });
    expect(found.taskType).toBe('modelSearch');
    expect(found.totalResults).toBe(1);
    const [model] = found.results;
    expect(model).toMatchObject({
      air: 'civitai:133461@146698',
      name: 'Sticker Sheet XL',
      category: 'lora',
      architecture: 'sdxl',
      private: false,
      positiveTriggerWords: 'sticker sheet, white border',
    });
    expect(model?.tags).toContain('die-cut');
    const preview = await fetch(model?.heroImage ?? '');
    expect(preview.headers.get('content-type')).toBe('image/webp');
  });

  it('pages with limit and offset and filters by tags', async () => {
    const sdk = client();
    const first = await sdk.modelSearch({ category: 'checkpoint', limit: 4, offset: 0 });
    const second = await sdk.modelSearch({ category: 'checkpoint', limit: 4, offset: 4 });
    expect(first.totalResults).toBe(second.totalResults);
    expect(first.results).toHaveLength(4);
    expect(second.results.map((m) => m.air)).not.toContain(first.results[0]?.air);
    const tagged = await sdk.modelSearch({ tags: ['party'], category: 'checkpoint' });
    expect(tagged.results.every((m) => m.tags.includes('party'))).toBe(true);
    expect(tagged.totalResults).toBe(2);
  });

  it('rejects a bad limit as an API error the SDK passes on', async () => {
    await expect(client().modelSearch({ limit: 1000 })).rejects.toMatchObject({ error: { code: 'invalidLimit', parameter: 'limit' } });
  });

  it('runs imageInference with LoRAs and rejects a checkpoint given as a LoRA', async () => {
    const sdk = client();
    const images = await sdk.imageInference({
      positivePrompt: 'balloon arch over a birthday table',
      model: 'runware:101@1',
      width: 256,
      height: 256,
      numberResults: 1,
      lora: [{ model: 'civitai:652699@730219', weight: 0.9 }],
    });
    expect(images).toHaveLength(1);
    expect(emulator.stats.loraWeights['civitai:652699@730219']).toBe(0.9);
    await expect(
      sdk.imageInference({
        positivePrompt: 'balloon arch',
        model: 'runware:101@1',
        width: 256,
        height: 256,
        numberResults: 1,
        lora: [{ model: 'civitai:133005@782002', weight: 1 }],
      }),
    ).rejects.toMatchObject({ error: { code: 'invalidLora', parameter: 'lora' } });
  });
});
