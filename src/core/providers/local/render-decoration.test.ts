import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { IMAGE_FORMATS } from '../../contract/image-request.ts';
import { renderDecoration, renderDesign, type RenderDecorationOptions } from './render-decoration.ts';

const base: RenderDecorationOptions = { prompt: 'confetti and balloons', style: 'party', seed: 7, width: 256, height: 256, format: 'png' };

/** The picture shrunk to 32×32 RGB, for comparing what a person would see. */
async function thumbnail(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).resize(32, 32, { fit: 'fill' }).removeAlpha().raw().toBuffer();
}

function meanAbsoluteDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

describe('renderDecoration', () => {
  it.each(IMAGE_FORMATS)('encodes %s at exactly the requested size', async (format) => {
    const bytes = await renderDecoration({ ...base, format });
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe(format);
    expect([meta.width, meta.height]).toEqual([256, 256]);
  });

  it.each([
    [320, 200],
    [200, 320],
    [64, 64],
    [1000, 64],
  ] as const)('keeps a %i×%i size', async (width, height) => {
    const meta = await sharp(await renderDecoration({ ...base, width, height })).metadata();
    expect([meta.width, meta.height]).toEqual([width, height]);
  });

  it.each(IMAGE_FORMATS)('gives identical %s bytes for the same input', async (format) => {
    const first = await renderDecoration({ ...base, format, width: 300, height: 200 });
    const second = await renderDecoration({ ...base, format, width: 300, height: 200 });
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('gives an identical SVG for the same input, and the raster is that SVG', async () => {
    const first = await renderDesign({ ...base, prompt: '"Emma" dinosaur invitation', width: 300, height: 200 });
    const second = await renderDesign({ ...base, prompt: '"Emma" dinosaur invitation', width: 300, height: 200 });
    expect(second.svg).toBe(first.svg);
    const fromSvg = await sharp(Buffer.from(first.svg), { density: 72 })
      .removeAlpha()
      .png({ compressionLevel: 6, adaptiveFiltering: false, palette: false })
      .toBuffer();
    expect(Buffer.from(first.bytes).equals(fromSvg)).toBe(true);
  });

  it('gives visibly different pictures for different seeds', async () => {
    for (const style of ['party', 'birthday', 'holiday'] as const) {
      const a = await thumbnail(await renderDecoration({ ...base, style, prompt: '', seed: 1 }));
      const b = await thumbnail(await renderDecoration({ ...base, style, prompt: '', seed: 2 }));
      // About 3% of full range per channel on average: layouts moved, not a few pixels.
      expect(meanAbsoluteDifference(a, b), style).toBeGreaterThan(8);
    }
  });

  it('changes the palette with the style', async () => {
    const stats = async (style: RenderDecorationOptions['style']): Promise<number[]> =>
      (await sharp(await renderDecoration({ ...base, style })).stats()).channels.slice(0, 3).map((c) => c.mean);
    const party = await stats('party');
    const wedding = await stats('wedding');
    const holiday = await stats('holiday');
    // Party is a deep purple night, wedding ivory, holiday pine green.
    expect(Math.max(...party)).toBeLessThan(110);
    expect(Math.min(...wedding)).toBeGreaterThan(200);
    expect(holiday[1]).toBeGreaterThan(holiday[0] as number);
    expect(party[2]).toBeGreaterThan(party[1] as number);
  });
});
