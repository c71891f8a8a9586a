import { describe, expect, it } from 'vitest';
import { imageRequest } from '../../../test/support/image-request.ts';
import type { ProviderCapabilities } from '../contract/image-provider.ts';
import type { ImageRequest } from '../contract/image-request.ts';
import { adaptRequest, mergeCapabilities } from './adapt-request.ts';

const request: ImageRequest = imageRequest({ prompt: 'garland' });
const range: ProviderCapabilities = {
  sizes: { kind: 'range', min: 128, max: 2048, multipleOf: 64 },
  maxImagesPerCall: 4,
  seed: true,
  negativePrompt: true,
  formats: ['png', 'jpeg', 'webp'],
};
const dalle: ProviderCapabilities = {
  sizes: {
    kind: 'list',
    sizes: [
      { width: 1024, height: 1024 },
      { width: 1792, height: 1024 },
      { width: 1024, height: 1792 },
    ],
  },
  maxImagesPerCall: 1,
  seed: false,
  negativePrompt: false,
  formats: ['png'],
};

function adapted(req: Partial<ImageRequest>, caps: ProviderCapabilities) {
  const result = adaptRequest({ ...request, ...req }, caps);
  if (!result.ok) throw new Error(`expected a fit, got: ${result.reason}`);
  return result;
}

describe('adaptRequest', () => {
  it('passes a request that fits unchanged and without warnings', () => {
    const result = adapted({ width: 768, height: 512, count: 3, format: 'webp' }, range);
    expect(result.request).toMatchObject({ width: 768, height: 512, count: 3, format: 'webp' });
    expect(result.warnings).toEqual([]);
    expect(result.chunks).toEqual([3]);
  });

  it('snaps a size off the provider grid to the nearest multiple, and says so', () => {
    const result = adapted({ width: 500, height: 1000 }, range);
    expect(result.request).toMatchObject({ width: 512, height: 1024 });
    expect(result.warnings).toEqual([
      { type: 'compatibility', setting: 'size', details: '500x1000 was snapped to 512x1024 (multiples of 64)' },
    ]);
  });

  it('skips a target whose range cannot hold the size, with a reason', () => {
    const result = adaptRequest({ ...request, width: 4096, height: 4096 }, range);
    expect(result).toEqual({ ok: false, reason: 'size 4096x4096 is outside 128–2048 px' });
    expect(adaptRequest({ ...request, width: 64, height: 512 }, range).ok).toBe(false);
  });

  it('uses the listed size with the nearest aspect, and says so', () => {
    const wide = adapted({ width: 1536, height: 864 }, dalle); // 16:9 → 1792x1024 (7:4)
    expect(wide.request).toMatchObject({ width: 1792, height: 1024 });
    expect(wide.warnings).toEqual([{ type: 'compatibility', setting: 'size', details: '1536x864 is not offered; using 1792x1024' }]);
    const tall = adapted({ width: 600, height: 1000 }, dalle);
    expect(tall.request).toMatchObject({ width: 1024, height: 1792 });
    const square = adapted({ width: 512, height: 512 }, dalle);
    expect(square.request).toMatchObject({ width: 1024, height: 1024 });
  });

  it('prefers the listed size closest in area among equal aspects', () => {
    const caps: ProviderCapabilities = {
      ...dalle,
      sizes: {
        kind: 'list',
        sizes: [
          { width: 1024, height: 1024 },
          { width: 512, height: 512 },
          { width: 256, height: 256 },
        ],
      },
    };
    expect(adapted({ width: 500, height: 500 }, caps).request).toMatchObject({ width: 512, height: 512 });
    expect(adapted({ width: 300, height: 300 }, caps).request).toMatchObject({ width: 256, height: 256 });
  });

  it('keeps an exact listed size without a warning', () => {
    expect(adapted({ width: 1792, height: 1024 }, dalle).warnings).toEqual([]);
  });

  it('skips a fixed-size target when no listed aspect is near, naming what it offers', () => {
    const square: ProviderCapabilities = { ...dalle, sizes: { kind: 'list', sizes: [{ width: 1024, height: 1024 }] } };
    expect(adaptRequest({ ...request, width: 500, height: 1000 }, square)).toEqual({
      ok: false,
      reason: 'no size near 500x1000 (offers 1024x1024)',
    });
    expect(adaptRequest({ ...request, width: 1000, height: 1000 }, { ...dalle, sizes: { kind: 'list', sizes: [] } })).toEqual({
      ok: false,
      reason: 'the provider lists no sizes',
    });
  });

  it('warns when the format is not offered; the provider’s own is kept', () => {
    const result = adapted({ format: 'webp' }, dalle);
    expect(result.request.format).toBe('webp');
    expect(result.warnings).toContainEqual({
      type: 'compatibility',
      setting: 'format',
      details: "webp is not offered; the provider's own format is kept",
    });
  });

  it('warns that a chosen seed is not reproducible on a provider without seeds, and only when the caller chose it', () => {
    expect(adapted({ seedExplicit: true }, dalle).warnings).toContainEqual(
      expect.objectContaining({ type: 'unsupported-setting', setting: 'seed' }),
    );
    expect(adapted({ seedExplicit: false }, dalle).warnings.filter((w) => 'setting' in w && w.setting === 'seed')).toEqual([]);
    expect(adapted({ seedExplicit: true }, range).warnings).toEqual([]);
  });

  it('keeps a named layout for a provider that lays out products, and drops it with a warning for one that cannot', () => {
    const offline = adapted({ layout: 'poster' }, { ...range, layouts: true });
    expect(offline.request.layout).toBe('poster');
    expect(offline.warnings).toEqual([]);
    const ai = adapted({ layout: 'poster' }, dalle);
    expect(ai.request.layout).toBeUndefined();
    expect(ai.warnings).toContainEqual({
      type: 'unsupported-setting',
      setting: 'layout',
      details: 'this provider cannot lay out a product, so the poster layout was not applied; describe it in the prompt instead',
    });
    expect(adapted({}, dalle).warnings.filter((w) => 'setting' in w && w.setting === 'layout')).toEqual([]);
  });

  it('splits a count above the per-call maximum into chunks that add up to it', () => {
    expect(adapted({ count: 8 }, range).chunks).toEqual([4, 4]);
    expect(adapted({ count: 7 }, range).chunks).toEqual([4, 3]);
    expect(adapted({ count: 3 }, dalle).chunks).toEqual([1, 1, 1]);
    expect(adapted({ count: 1 }, dalle).chunks).toEqual([1]);
  });

  it('treats a nonsensical per-call maximum as one image per call instead of looping forever', () => {
    expect(adapted({ count: 3 }, { ...range, maxImagesPerCall: 0 }).chunks).toEqual([1, 1, 1]);
    expect(adapted({ count: 2 }, { ...range, maxImagesPerCall: Number.NaN }).chunks).toEqual([1, 1]);
  });
});

describe('mergeCapabilities', () => {
  it('lets a catalogue target narrow the provider’s capabilities', () => {
    expect(mergeCapabilities(range, { maxImagesPerCall: 1, seed: false })).toEqual({ ...range, maxImagesPerCall: 1, seed: false });
    expect(mergeCapabilities(range, undefined)).toBe(range);
  });
});
