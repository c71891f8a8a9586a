import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pdfImages, pdfInfo, rasterisePage } from '../../../test/support/poppler.ts';
import { patternOptionsSchema } from '../contract/print-request.ts';
import { loadPrintArt } from './print-art.ts';
import { buildPatternSheet, patternTilePreview, preflightPattern, seamlessTile } from './pattern-sheet.ts';
import { renderDesign } from '../providers/local/index.ts';
import { seamStatistics } from './seamless-tile.ts';
import { seamyTile } from '../../../test/support/image-pixels.ts';

describe('seamless pattern sheets', () => {
  it('repairs the seam: the wrap differs no more than neighbouring pixels inside the tile', async () => {
    const art = await loadPrintArt(await seamyTile(300, 200), 'ramp');
    const before = seamStatistics({
      ...(await sharp(art.bytes)
        .raw()
        .toBuffer({ resolveWithObject: true })
        .then(({ data, info }) => ({ data, width: info.width, height: info.height, channels: info.channels }))),
    });
    expect(before.seam).toBeGreaterThan(10 * before.interior);
    const tile = await seamlessTile(art, 0.25);
    const after = seamStatistics(tile);
    expect(after.seam).toBeLessThanOrEqual(after.interior);
  });

  it('previews the tile as the sheet repeats it: small, with its seam already blended', async () => {
    const art = await loadPrintArt(await seamyTile(600, 400), 'ramp');
    const url = await patternTilePreview(art, 0.25);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const { data, info } = await sharp(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([240, 160]);
    const stats = seamStatistics({ data, width: info.width, height: info.height, channels: info.channels });
    expect(stats.seam).toBeLessThanOrEqual(stats.interior);
  });

  it('fills a sheet with the repeat and writes a 3 × 3 preview', async () => {
    const art = await loadPrintArt(await seamyTile(400, 400), 'ramp');
    const sheet = await buildPatternSheet(art, patternOptionsSchema.parse({ tileMm: 50, sheet: { preset: 'a4' } }), 'pdf');
    const info = await pdfInfo(sheet.print);
    expect(info.pages).toBe(1);
    expect(info.boxes.MediaBox[2]).toBeCloseTo(595.28, 1);
    const preview = await sharp(sheet.preview).metadata();
    expect([preview.width, preview.height]).toEqual([720, 720]);
    // The same spot of the repeat, one tile (50 mm) apart, prints the same colour.
    const page = await rasterisePage(sheet.print, 1, 72);
    const at = (x: number, y: number): number[] => [...page.data.subarray((y * page.width + x) * 3, (y * page.width + x) * 3 + 3)];
    const tilePt = Math.round((50 * 72) / 25.4);
    const [r1, g1] = at(30, 40);
    const [r2, g2] = at(30 + tilePt, 40 + tilePt);
    expect(Math.abs(r1! - r2!)).toBeLessThanOrEqual(12);
    expect(Math.abs(g1! - g2!)).toBeLessThanOrEqual(12);
    const png = await buildPatternSheet(art, patternOptionsSchema.parse({ tileMm: 50, sheet: { preset: 'a6' } }), 'png');
    const meta = await sharp(png.print).metadata();
    expect(meta.width).toBeGreaterThan(500);
  });

  it("repeats the offline engine's own tile as paths: no image, no blend, and the printed join is no stronger than the tile's inside", async () => {
    const design = await renderDesign({
      prompt: 'balloons and confetti',
      style: 'birthday',
      seed: 11,
      width: 512,
      height: 512,
      format: 'png',
      layout: 'pattern',
    });
    const art = await loadPrintArt(design.bytes, 'tile', design.svg, true);
    // 101.6 mm = 288 pt: at 72 dpi the repeats meet on whole pixels.
    const options = patternOptionsSchema.parse({ tileMm: 101.6, sheet: { preset: 'a3' } });
    const report = preflightPattern(art, options, 'pdf');
    expect(report.notes[0]).toMatch(/^The offline engine drew this design as a seamless tile/);
    expect(report.arts[0]).toMatchObject({ method: 'paths', soft: false });
    const sheet = await buildPatternSheet(art, options, 'pdf');
    expect(await pdfImages(sheet.print)).toEqual([]);
    const page = await rasterisePage(sheet.print, 1, 72);
    // One printed tile, the second across and the first down: its wrap is the join with the next tile on paper.
    const { data, info } = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 3 } })
      .extract({ left: 288, top: 288, width: 288, height: 288 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const printed = seamStatistics({ data, width: info.width, height: info.height, channels: 3 });
    expect(printed.seam).toBeLessThanOrEqual(printed.interior);
    // The 3 × 3 preview is the tile as drawn, not a blend of it.
    const png = await buildPatternSheet(art, patternOptionsSchema.parse({ tileMm: 50, sheet: { preset: 'a6' } }), 'png');
    expect((await sharp(png.print).metadata()).density).toBe(300);
  });
});
