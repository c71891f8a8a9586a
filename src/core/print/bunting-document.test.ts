import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pdfInfo, pdfText, rasterisePage } from '../../../test/support/poppler.ts';
import { buntingOptionsSchema, PENNANT_SHAPES } from '../contract/print-request.ts';
import { loadPrintArt, type PrintArt } from './print-art.ts';
import { buildBunting, planBunting } from './bunting-document.ts';

const design = async (): Promise<PrintArt> =>
  loadPrintArt(
    await sharp({ create: { width: 800, height: 800, channels: 3, background: '#6a3fa0' } })
      .png()
      .toBuffer(),
    'purple',
  );

/** The hidden letter text of each page: lines of one character (order labels read "n / N"). */
async function lettersByPage(pdf: Uint8Array): Promise<string[][]> {
  const text = await pdfText(pdf);
  return text
    .split('\f')
    .filter((page) => page.trim() !== '')
    .map((page) =>
      page
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => [...line].length === 1),
    );
}

describe('lettered bunting', () => {
  it.each(PENNANT_SHAPES)('%s pennants: every character once, in order, two per page, pages numbered', async (shape) => {
    const pdf = (await buildBunting('HAPPY 30TH', await design(), buntingOptionsSchema.parse({ shape }))).pdf;
    const info = await pdfInfo(pdf);
    // Ten pennants (the space is a blank one), two per landscape A4 page.
    expect(info.pages).toBe(5);
    expect(info.boxes.MediaBox[2]).toBeCloseTo(841.89, 1);
    const pages = await lettersByPage(pdf);
    expect(pages.flat().join('')).toBe('HAPPY30TH');
    expect(pages[0]).toEqual(['H', 'A']);
    const text = await pdfText(pdf);
    for (let page = 1; page <= 5; page++) expect(text).toContain(`page ${page} of 5`);
    expect(text).toContain('pennants 9–10 of 10');
  });

  it('draws the letter inside the pennant and the fold line across its top', async () => {
    const pdf = (await buildBunting('HI', await design(), buntingOptionsSchema.parse({ shape: 'rectangle', letterColor: '#ffffff' }))).pdf;
    const page = await rasterisePage(pdf, 1, 72);
    const plan = planBunting('HI', buntingOptionsSchema.parse({ shape: 'rectangle' }));
    const cell = plan.cells[0]!;
    const pt = (mm: number): number => Math.round((mm * 72) / 25.4);
    const at = (x: number, y: number): number[] => [...page.data.subarray((y * page.width + x) * 3, (y * page.width + x) * 3 + 3)];
    // The H's left stem is white ink at about a third of the way across, mid-height of the letter.
    const letterRow = pt(cell.topMm + 15 + 0.46 * 160);
    const row = Array.from({ length: pt(130) }, (_, dx) => at(pt(cell.leftMm) + dx, letterRow));
    expect(row.filter((rgb) => rgb.every((c) => c > 230)).length).toBeGreaterThan(10);
    // Design colour at the pennant's lower corner; blank paper on the fold flap.
    expect(at(pt(cell.leftMm + 5), pt(cell.topMm + 15 + 150))[2]).toBeGreaterThan(120);
    expect(at(pt(cell.leftMm + 60), pt(cell.topMm + 5)).every((c) => c > 240)).toBe(true);
  });

  it('splits a long banner across numbered pages that overlap by the glue strip', async () => {
    const options = buntingOptionsSchema.parse({ style: 'banner', shape: 'rectangle', overlapMm: 10 });
    const pdf = (await buildBunting('HAPPY 30TH', await design(), options)).pdf;
    // 10 cells × 130 mm = 1300 mm; a landscape A4 window is 277 mm, each page advancing 267 mm.
    const info = await pdfInfo(pdf);
    expect(info.pages).toBe(Math.ceil((1300 - 10) / 267));
    const pages = await lettersByPage(pdf);
    expect(pages.flat().join('')).toBe('HAPPY30TH');
    const text = await pdfText(pdf);
    expect(text).toContain('banner page 2 of 5');
    expect(text).toContain('glue page 2 here');

    // What the right 10 mm of page 1 shows is what the left 10 mm of page 2 shows.
    const [first, second] = [await rasterisePage(pdf, 1, 72), await rasterisePage(pdf, 2, 72)];
    const pt = (mm: number): number => Math.round((mm * 72) / 25.4);
    let differing = 0;
    let compared = 0;
    for (let y = pt(10 + 20); y < pt(10 + 170); y += 3) {
      for (let dx = 3; dx < pt(10) - 2; dx++) {
        const a = (y * first.width + pt(10 + 277 - 10) + dx) * 3;
        const b = (y * second.width + pt(10) + dx) * 3;
        compared += 1;
        if (Math.abs(first.data[a]! - second.data[b]!) + Math.abs(first.data[a + 1]! - second.data[b + 1]!) > 60) differing += 1;
      }
    }
    expect(differing / compared).toBeLessThan(0.05);
  });

  it('refuses pennants larger than the page with a named error', async () => {
    expect(() => planBunting('HI', buntingOptionsSchema.parse({ pennantWidthMm: 400, pennantHeightMm: 400 }))).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
  });
});
