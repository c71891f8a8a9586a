import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeThumbnail } from './make-thumbnail.ts';
import { sniffImageFormat } from '../contract/image-format.ts';
import { makePng } from '../../../test/integration/fixtures/library-fixtures.ts';

describe('makeThumbnail', () => {
  it('makes a webp with its longest side at 256, keeping the aspect ratio', async () => {
    const thumb = await makeThumbnail(await makePng(1, 1024, 512));
    const meta = await sharp(thumb).metadata();
    expect(meta.format).toBe('webp');
    expect([meta.width, meta.height]).toEqual([256, 128]);
    expect(sniffImageFormat(thumb)).toBe('webp');
  });

  it('never enlarges a small image and is deterministic', async () => {
    const png = await makePng(2, 40, 100);
    const a = await makeThumbnail(png);
    const b = await makeThumbnail(png);
    expect(a).toEqual(b);
    const meta = await sharp(a).metadata();
    expect([meta.width, meta.height]).toEqual([40, 100]);
  });

  it('handles jpeg and webp input and rejects garbage', async () => {
    const png = await makePng(3, 300, 300);
    for (const bytes of [await sharp(png).jpeg().toBuffer(), await sharp(png).webp().toBuffer()]) {
      const meta = await sharp(await makeThumbnail(bytes)).metadata();
      expect([meta.width, meta.height]).toEqual([256, 256]);
    }
    await expect(makeThumbnail(new TextEncoder().encode('nope'))).rejects.toThrow();
  });
});

describe('sniffImageFormat', () => {
  it('recognises png, jpeg and webp by their first bytes', async () => {
    const png = await makePng(4);
    expect(sniffImageFormat(png)).toBe('png');
    expect(sniffImageFormat(await sharp(png).jpeg().toBuffer())).toBe('jpeg');
    expect(sniffImageFormat(await sharp(png).webp().toBuffer())).toBe('webp');
    expect(sniffImageFormat(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(sniffImageFormat(new Uint8Array())).toBeUndefined();
  });
});
