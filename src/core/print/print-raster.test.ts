import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pdfImages, rasterisePage } from '../../../test/support/poppler.ts';
import { loadPrintArt } from './print-art.ts';
import { buildPrintPdf, buildPrintRaster } from './print-document.ts';
import { preflight } from './preflight.ts';
import { printLayoutSchema } from '../contract/print-request.ts';

const DPI = 72; // one pixel per point: box coordinates read straight off the raster
const solid = async (width: number, height: number, background: string): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();

const pixel = (page: { data: Buffer; width: number }, x: number, y: number): [number, number, number] => {
  const i = (Math.round(y) * page.width + Math.round(x)) * 3;
  return [page.data[i]!, page.data[i + 1]!, page.data[i + 2]!];
};
const isWhite = (rgb: readonly number[]): boolean => rgb.every((c) => c > 240);
const near = (rgb: readonly number[], expected: readonly number[]): boolean => rgb.every((c, i) => Math.abs(c - expected[i]!) <= 3);

describe('rasterised print pages (pdftoppm)', () => {
  it('art covers the bleed, crop marks sit outside it in line with the trim, and nothing else is printed outside', async () => {
    const art = await loadPrintArt(await solid(1500, 2100, '#2060c0'), 'blue');
    const pdf = await buildPrintPdf([art], { size: { preset: '5x7' }, marks: true });
    const page = await rasterisePage(pdf, 1, DPI);
    // 5×7 in, 1/8 in bleed (9 pt), marks room 8 mm ≈ 22.68 pt: trim from 31.68 to 391.68 pt across.
    const trimLeft = 31.68;
    const trimTop = 31.68;
    const bleedLeft = trimLeft - 9;
    expect(Math.abs(page.width - 423.35)).toBeLessThanOrEqual(1);
    // Inside the bleed: art colour, including the 9 pt bleed strip past the trim.
    expect(isWhite(pixel(page, bleedLeft + 3, 200))).toBe(false);
    expect(pixel(page, 200, 200)[2]).toBeGreaterThan(150);
    // Just outside the bleed, before the mark's 2 mm gap ends: white paper.
    expect(isWhite(pixel(page, bleedLeft - 2, trimTop))).toBe(true);
    // The horizontal mark in line with the top trim edge, left of the bleed.
    const markRow = Math.round(trimTop);
    let darkInMarkZone = 0;
    for (let x = 1; x < bleedLeft - 5.7; x++)
      if (!isWhite(pixel(page, x, markRow)) || !isWhite(pixel(page, x, markRow - 1))) darkInMarkZone += 1;
    expect(darkInMarkZone).toBeGreaterThan(10);
    // Away from the marks' lines, the margin is blank paper.
    for (const [x, y] of [
      [5, 5],
      [5, 100],
      [100, 5],
      [415, 560],
      [200, 10],
    ] as const)
      expect(isWhite(pixel(page, x, y)), `pixel ${x},${y}`).toBe(true);
  });

  it('fit keeps all of the art inside the safe area; fill crops toward the chosen side', async () => {
    // Left half red, right half green: the crop decides which one shows.
    const halves = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#ff0000' } })
      .composite([{ input: await solid(1000, 1000, '#00ff00'), left: 1000, top: 0 }])
      .png()
      .toBuffer();
    const art = await loadPrintArt(halves, 'halves');
    const right = await rasterisePage(await buildPrintPdf([art], { size: { preset: '6x6' }, crop: { x: 1, y: 0.5 } }), 1, DPI);
    expect(
      near(pixel(right, right.width / 2, right.height / 2), [0, 255, 0]),
      String(pixel(right, right.width / 2, right.height / 2)),
    ).toBe(true);
    const left = await rasterisePage(await buildPrintPdf([art], { size: { preset: '6x6' }, crop: { x: 0, y: 0.5 } }), 1, DPI);
    expect(near(pixel(left, left.width / 2, left.height / 2), [255, 0, 0]), String(pixel(left, left.width / 2, left.height / 2))).toBe(
      true,
    );

    const fit = await rasterisePage(await buildPrintPdf([art], { size: { preset: '6x6' }, fit: 'fit', safeMm: 5 }), 1, DPI);
    const safeInset = 9 + 5 * (72 / 25.4);
    // The art's left and right ends sit on the safe area's edges; above and below it is white paper.
    expect(isWhite(pixel(fit, safeInset - 2, fit.height / 2))).toBe(true);
    expect(near(pixel(fit, safeInset + 2, fit.height / 2), [255, 0, 0]), String(pixel(fit, safeInset + 2, fit.height / 2))).toBe(true);
    expect(
      near(pixel(fit, fit.width - safeInset - 2, fit.height / 2), [0, 255, 0]),
      String(pixel(fit, fit.width - safeInset - 2, fit.height / 2)),
    ).toBe(true);
    expect(isWhite(pixel(fit, fit.width / 2, safeInset + 5))).toBe(true);
  });

  it('PNG and TIFF carry their real resolution and the page in pixels at that resolution', async () => {
    const art = await loadPrintArt(await solid(1600, 2200, '#884422'), 'brown');
    const png = await buildPrintRaster([art], { size: { preset: '5x7' }, ppi: 300 }, 'png');
    const pngMeta = await sharp(png).metadata();
    expect(pngMeta.format).toBe('png');
    expect(pngMeta.density).toBe(300);
    // 5.25 × 7.25 in with bleed at 300 ppi.
    expect([pngMeta.width, pngMeta.height]).toEqual([1575, 2175]);
    const tiff = await buildPrintRaster([art], { size: { preset: 'a6' }, ppi: 150, marks: true }, 'tiff');
    const tiffMeta = await sharp(tiff).metadata();
    expect(tiffMeta.format).toBe('tiff');
    expect(tiffMeta.density).toBe(150);
    expect(tiffMeta.resolutionUnit).toBe('inch');
    await expect(buildPrintRaster([art, art], { size: { preset: 'a6' } }, 'png')).rejects.toMatchObject({
      code: 'invalid_request',
      param: 'format',
    });
  });
});

describe('designs embedded without re-encoding', () => {
  it('puts a PNG in whole (the clip crops it) and a JPEG as DCT, and both print the design', async () => {
    const list = async (pdf: Uint8Array): Promise<string> =>
      (await pdfImages(pdf)).map((image) => `${image.width} ${image.height} ${image.encoding}`).join('\n');
    const wide = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#10a050' } });
    const png = await loadPrintArt(await wide.clone().png().toBuffer(), 'png');
    const pngPdf = await buildPrintPdf([png], { size: { preset: '6x6' } });
    // Whole 2000 × 1000 image, flate, although only the middle shows on the square card.
    expect(await list(pngPdf)).toBe('2000 1000 image');
    const jpeg = await loadPrintArt(await wide.clone().jpeg({ quality: 90 }).toBuffer(), 'jpeg');
    const jpegPdf = await buildPrintPdf([jpeg], { size: { preset: '6x6' } });
    expect(await list(jpegPdf)).toBe('2000 1000 jpeg');
    for (const pdf of [pngPdf, jpegPdf]) {
      const page = await rasterisePage(pdf, 1, DPI);
      expect(near(pixel(page, page.width / 2, page.height / 2), [16, 160, 80])).toBe(true);
    }
  });
});

describe('preflight', () => {
  it('says a 1024 px image over a 5×7 PNG will look soft, and offers the fixes', () => {
    const report = preflight(
      [{ label: 'small', width: 1024, height: 1024, svg: '<svg/>' }],
      printLayoutSchema.parse({ size: { preset: '5x7' } }),
      'png',
    );
    const [result] = report.arts;
    // Fill covers 7.25 in of height with 1024 px: 141 ppi.
    expect(result!.effectivePpi).toBe(141);
    expect(result!.soft).toBe(true);
    expect(result!.message).toBe('1024 px over 7.3 in = 141 ppi: will look soft');
    expect(result!.fixes.map((fix) => fix.mode)).toEqual(['vector', 'resample']);
    expect(report.pageWidthMm).toBeCloseTo(133.35, 1);
    expect(report.pieces[0]!.trim).toEqual({ x: 3.18, y: 3.18, width: 127, height: 177.8 });
  });

  it('is content at the threshold, honours a lower minimum, and never offers a vector re-render without a vector', () => {
    const sharpEnough = preflight(
      [{ label: 'big', width: 1575, height: 2175, svg: undefined }],
      printLayoutSchema.parse({ size: { preset: '5x7' } }),
    );
    expect(sharpEnough.arts[0]!.soft).toBe(false);
    expect(sharpEnough.arts[0]!.message).toMatch(/= 300 ppi: sharp$/);
    const relaxed = preflight(
      [{ label: 'small', width: 1024, height: 1024, svg: undefined }],
      printLayoutSchema.parse({ size: { preset: '5x7' }, minPpi: 120 }),
    );
    expect(relaxed.arts[0]!.soft).toBe(false);
    const strict = preflight(
      [{ label: 'small', width: 1024, height: 1024, svg: undefined }],
      printLayoutSchema.parse({ size: { preset: '5x7' }, enhance: 'resample' }),
    );
    expect(strict.arts[0]!.fixes.map((fix) => fix.mode)).toEqual(['resample']);
    expect(strict.arts[0]!.method).toBe('resample');
    expect(strict.arts[0]!.outputPpi).toBe(300);
  });
});
