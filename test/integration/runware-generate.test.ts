import { describe, expect, it } from 'vitest';
import type { ProviderGenerateOptions } from '../../src/core/contract/image-provider.ts';
import type { ImageRequest } from '../../src/core/contract/image-request.ts';
import { imageRequest, providerCall } from '../support/image-request.ts';
import { useRunwareEmulator } from '../support/runware-test-kit.ts';

const KEY = 'test-key-generate';
const runware = useRunwareEmulator({ apiKey: KEY, seed: 7 });
const provider = runware.provider;

const request = (patch: Partial<ImageRequest> = {}): ImageRequest =>
  imageRequest({ prompt: 'rainbow bunting', width: 256, height: 256, seed: 99, seedExplicit: true, model: 'flux-schnell', ...patch });

const generateOptions = (patch: Partial<ProviderGenerateOptions> = {}): ProviderGenerateOptions =>
  providerCall({ request: request(), ...patch }, 20_000);

describe('Runware adapter against the emulator: generation', () => {
  it('generates over the socket with decodable PNG bytes, cost and seed', async () => {
    const result = await provider().generate(generateOptions({ request: request({ count: 2 }) }));
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      expect(Array.from(image.bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(image).toMatchObject({ format: 'png', width: 256, height: 256, costUsd: 0.0013 });
    }
    expect(result.images.map((i) => i.seed)).toEqual([99, 100]);
    expect(result.costUsd).toBeCloseTo(0.0026, 10);
    expect(result.providerMetadata.runware).toMatchObject({ transport: 'websocket' });
    expect(runware.emulator().stats.authentications).toBe(1);
  });

  it('hands images from numberResults 3 to onImage one by one, before generate resolves', async () => {
    runware.emulator().setLatency({ kind: 'fixed', ms: 1_500 });
    const arrivals: { at: number; settled: boolean }[] = [];
    let settled = false;
    const started = Date.now();
    const running = provider().generate(
      generateOptions({
        request: request({ count: 3, width: 128, height: 128 }),
        onImage: () => arrivals.push({ at: Date.now() - started, settled }),
      }),
    );
    void running.finally(() => {
      settled = true;
    });
    const result = await running;
    expect(result.images).toHaveLength(3);
    expect(arrivals).toHaveLength(3);
    expect(arrivals.every((a) => !a.settled)).toBe(true);
    // Arrival times are wall-clock, so only their order is asserted: a loaded machine may deliver
    // the emulator's spread-out frames (~500, ~1000, ~1500 ms) in one read.
    expect(arrivals[1]!.at).toBeGreaterThanOrEqual(arrivals[0]!.at);
    expect(arrivals[2]!.at).toBeGreaterThanOrEqual(arrivals[1]!.at);
  });

  it('snaps an off-grid size and warns instead of failing', async () => {
    const result = await provider().generate(generateOptions({ request: request({ width: 250, height: 300 }) }));
    expect(result.images[0]).toMatchObject({ width: 256, height: 320 });
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'compatibility', setting: 'size' })]);
  });

  it('downloads URL outputs', async () => {
    const result = await provider({ outputType: 'URL' }).generate(generateOptions({ request: request({ format: 'webp' }) }));
    expect(result.images[0]?.format).toBe('webp');
    expect(result.images[0]?.bytes.length).toBeGreaterThan(20);
  });

  it('resumes with getResponse without paying twice', async () => {
    const p = provider();
    const taskId = crypto.randomUUID();
    const first = await p.generate(generateOptions({ request: request({ count: 2 }), taskId }));
    expect(runware.emulator().stats.imagesGenerated).toBe(2);
    const resumed = await p.generate(generateOptions({ request: request({ count: 2 }), taskId, resume: true }));
    expect(runware.emulator().stats.imagesGenerated).toBe(2);
    expect(runware.emulator().stats.tasks.imageInference).toBe(1);
    expect(runware.emulator().stats.tasks.getResponse).toBe(1);
    expect(resumed.providerMetadata.runware).toMatchObject({ resumed: true, taskUUID: taskId });
    expect(resumed.images.map((i) => Buffer.from(i.bytes).toString('base64'))).toEqual(
      first.images.map((i) => Buffer.from(i.bytes).toString('base64')),
    );
  });

  it('resumes a task Runware never saw by sending it with the same taskUUID', async () => {
    const taskId = crypto.randomUUID();
    const result = await provider().generate(generateOptions({ taskId, resume: true }));
    expect(result.images).toHaveLength(1);
    expect(result.providerMetadata.runware).toMatchObject({ resumed: false, taskUUID: taskId });
    expect(runware.emulator().stats.imagesGenerated).toBe(1);
  });

  it('enhances prompts', async () => {
    const texts = await provider().enhancePrompt('a garden party', {
      versions: 3,
      signal: new AbortController().signal,
      deadline: Date.now() + 10_000,
    });
    expect(texts).toHaveLength(3);
    for (const text of texts) expect(text.length).toBeGreaterThan(0);
  });

  it('checks health with a ping and no paid task, over WS and over REST', async () => {
    const ws = await provider().checkHealth(new AbortController().signal);
    expect(ws).toMatchObject({ ok: true, error: undefined });
    expect(runware.emulator().stats.pings).toBeGreaterThanOrEqual(1);
    const rest = await provider({ transport: 'rest' }).checkHealth(new AbortController().signal);
    expect(rest.ok).toBe(true);
    expect(runware.emulator().stats.imagesGenerated).toBe(0);
  });
});
