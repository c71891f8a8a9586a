import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { rejection } from '../../../../test/support/async-expect.ts';
import { imageRequest, providerCall } from '../../../../test/support/image-request.ts';
import { FakeClock } from '../../../../test/support/fake-clock.ts';
import type { GeneratedImage, ProviderGenerateOptions } from '../../contract/image-provider.ts';
import type { ImageRequest } from '../../contract/image-request.ts';
import { MotifError } from '../../errors/motif-error.ts';
import { LOCAL_MODEL, LocalProvider } from './local-provider.ts';

const request = (patch: Partial<ImageRequest> = {}): ImageRequest =>
  imageRequest({
    prompt: 'balloons and confetti',
    width: 128,
    height: 96,
    seed: 1000,
    seedExplicit: true,
    model: 'local/procedural-v1',
    ...patch,
  });

const options = (patch: Partial<ProviderGenerateOptions> = {}): ProviderGenerateOptions =>
  providerCall({ request: request(), model: 'procedural-v1', ...patch }, 60_000);

describe('LocalProvider', () => {
  it('describes itself as a free, keyless offline engine', () => {
    const provider = new LocalProvider();
    expect(provider).toMatchObject({ specificationVersion: 'v1', id: 'local', kind: 'local', label: 'Offline engine', requiresKey: false });
    expect(provider.hasKey()).toBe(true);
    expect(new LocalProvider({ id: 'offline-2' }).id).toBe('offline-2');
    expect(provider.models()).toEqual([LOCAL_MODEL]);
    expect(LOCAL_MODEL).toMatchObject({
      id: 'procedural-v1',
      pricePerImageUsd: 0,
      capabilities: {
        sizes: { kind: 'range', min: 64, max: 4096, multipleOf: 1 },
        maxImagesPerCall: 8,
        seed: true,
        negativePrompt: false,
        formats: ['png', 'jpeg', 'webp'],
      },
    });
    expect(provider.estimateCost(request({ count: 8 }), 'procedural-v1')).toEqual({ usd: 0, basis: 'free' });
  });

  it('makes count images with seeds seed, seed+1, seed+2, each decodable at the requested size', async () => {
    const result = await new LocalProvider().generate(options({ request: request({ count: 3, seed: 41, format: 'webp' }) }));
    expect(result.images.map((i) => i.seed)).toEqual([41, 42, 43]);
    expect(result.costUsd).toBe(0);
    expect(result.warnings).toEqual([]);
    for (const image of result.images) {
      expect(image).toMatchObject({ format: 'webp', width: 128, height: 96, costUsd: 0 });
      const meta = await sharp(image.bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 128, 96]);
    }
    // Three seeds, three different pictures.
    expect(new Set(result.images.map((i) => Buffer.from(i.bytes).toString('base64'))).size).toBe(3);
  });

  it('wraps seeds past 2^32 - 1 back to 0', async () => {
    const result = await new LocalProvider().generate(options({ request: request({ count: 2, seed: 2 ** 32 - 1 }) }));
    expect(result.images.map((i) => i.seed)).toEqual([2 ** 32 - 1, 0]);
  });

  it('is deterministic: the same request gives the same bytes', async () => {
    const provider = new LocalProvider();
    const [a, b] = await Promise.all([provider.generate(options()), provider.generate(options())]);
    expect(Buffer.from(a.images[0]?.bytes ?? []).equals(Buffer.from(b.images[0]?.bytes ?? []))).toBe(true);
  });

  it('reports stages and hands over each image, in order, before settling', async () => {
    const events: string[] = [];
    const result = await new LocalProvider().generate(
      options({
        request: request({ count: 3 }),
        onStage: (stage) => events.push(`stage:${stage}`),
        onImage: (image, index) => events.push(`image:${index}:${image.seed}`),
      }),
    );
    expect(events).toEqual(['stage:sending', 'stage:receiving', 'image:0:1000', 'image:1:1001', 'image:2:1002']);
    expect(result.images).toHaveLength(3);
  });

  it('says what it drew and what it did not understand, and hands over each image’s SVG', async () => {
    const prompt = '"Happy 5th Birthday Emma" jurassic dinosaur party';
    const result = await new LocalProvider().generate(options({ request: request({ prompt, style: 'birthday', count: 2, seed: 1000 }) }));
    const local = { model: LOCAL_MODEL.id, subjects: ['t-rex', 'sauropod'], layout: 'scene', ignoredWords: [] };
    expect(result.providerMetadata).toEqual({ local: result.images[0]?.providerMetadata?.['local'] });
    for (const image of result.images) {
      expect(image.providerMetadata).toEqual({ local: { ...local, text: expect.any(Array) } });
      // Each image says how its own text was set: in lines, or in one line on a curve.
      const text = (image.providerMetadata?.['local'] as { text: string[] }).text;
      expect(text.join(' ')).toBe('Happy 5th Birthday Emma');
      expect(image.svg).toMatch(/^<svg [^>]*viewBox="0 0 128 96"/);
      expect(image.svg).toContain('data-subject="t-rex"');
    }
    expect(result.images[0]?.svg).not.toBe(result.images[1]?.svg);
  });

  it('lays out the product the request names, over the one the prompt’s words choose', async () => {
    const prompt = '"Emma" dinosaur poster';
    const chosen = await new LocalProvider().generate(options({ request: request({ prompt }) }));
    expect(chosen.providerMetadata).toMatchObject({ local: { layout: 'poster' } });
    const named = await new LocalProvider().generate(options({ request: request({ prompt, layout: 'sticker' }) }));
    expect(named.providerMetadata).toMatchObject({ local: { layout: 'sticker' } });
    expect(named.images[0]?.svg).toContain('data-layout="sticker"');
    expect(named.warnings).toEqual([]);
  });

  it('returns a negative prompt as an unsupported-setting warning, never silently', async () => {
    const result = await new LocalProvider().generate(options({ request: request({ negativePrompt: 'no people' }) }));
    expect(result.warnings).toEqual([
      { type: 'unsupported-setting', setting: 'negativePrompt', details: expect.stringContaining('negative prompt') },
    ]);
    expect(result.images).toHaveLength(1);
  });

  it('rejects with cancelled when aborted before it starts, without drawing', async () => {
    const controller = new AbortController();
    controller.abort();
    const onImage = vi.fn();
    const error = await rejection(new LocalProvider().generate(options({ signal: controller.signal, onImage })));
    expect(error.code).toBe('cancelled');
    expect(onImage).not.toHaveBeenCalled();
  });

  it('stops between images when aborted during a call', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const onImage = (image: GeneratedImage, index: number): void => {
      seen.push(index);
      controller.abort();
    };
    const error = await rejection(
      new LocalProvider().generate(options({ request: request({ count: 4 }), signal: controller.signal, onImage })),
    );
    expect(error.code).toBe('cancelled');
    expect(seen).toEqual([0]);
  });

  it('rejects at once when aborted in the middle of a render', async () => {
    const controller = new AbortController();
    const pending = new LocalProvider().generate(options({ request: request({ width: 1024, height: 1024 }), signal: controller.signal }));
    controller.abort();
    expect((await rejection(pending)).code).toBe('cancelled');
  });

  it('keeps the signal’s own MotifError as the reason, e.g. a deadline', async () => {
    const controller = new AbortController();
    controller.abort(new MotifError('deadline_exceeded'));
    expect((await rejection(new LocalProvider().generate(options({ signal: controller.signal })))).code).toBe('deadline_exceeded');
  });

  it('rejects with deadline_exceeded once the clock passes the deadline between images', async () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    const pending = new LocalProvider({ clock }).generate(
      options({
        request: request({ count: 3 }),
        deadline: clock.now() + 1000,
        onImage: (_image, index) => {
          seen.push(index);
          clock.tick(1001);
        },
      }),
    );
    expect((await rejection(pending)).code).toBe('deadline_exceeded');
    expect(seen).toEqual([0]);
  });

  it('rejects requests outside its capabilities with clear codes', async () => {
    const provider = new LocalProvider();
    expect((await rejection(provider.generate(options({ model: 'dall-e-3' })))).param).toBe('model');
    expect((await rejection(provider.generate(options({ request: request({ width: 5000 }) })))).code).toBe('unsupported_size');
    const tooMany = await rejection(provider.generate(options({ request: request({ count: 9 }) })));
    expect([tooMany.code, tooMany.param]).toEqual(['upstream_invalid_request', 'count']);
  });

  it('checks its health by rendering, and reports cancellation as not ok', async () => {
    const provider = new LocalProvider();
    const health = await provider.checkHealth(new AbortController().signal);
    expect(health).toMatchObject({ ok: true, error: undefined });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.checkedAt).toBeGreaterThan(0);
    const controller = new AbortController();
    controller.abort();
    const cancelled = await provider.checkHealth(controller.signal);
    expect(cancelled.ok).toBe(false);
    expect(cancelled.error?.code).toBe('cancelled');
  });

  it('closes after in-flight work settles', async () => {
    const provider = new LocalProvider();
    let settled = false;
    const pending = provider.generate(options()).then(() => {
      settled = true;
    });
    await provider.close();
    expect(settled).toBe(true);
    await pending;
  });
});
