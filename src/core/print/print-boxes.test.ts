import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pdfInfo, type PdfBox } from '../../../test/support/poppler.ts';
import { loadPrintArt } from './print-art.ts';
import { buildPrintPdf } from './print-document.ts';
import type { PrintLayoutInput } from '../contract/print-request.ts';

const MM = 72 / 25.4;
/** The finished sizes, written out independently of the preset table: [width, height] in points. */
const FINISHED: Record<string, { size: [number, number]; bleed: number }> = {
  a3: { size: [297 * MM, 420 * MM], bleed: 3 * MM },
  a4: { size: [595.28, 841.89], bleed: 3 * MM },
  a5: { size: [148 * MM, 210 * MM], bleed: 3 * MM },
  a6: { size: [105 * MM, 148 * MM], bleed: 3 * MM },
  letter: { size: [612, 792], bleed: 9 },
  tabloid: { size: [792, 1224], bleed: 9 },
  '4x6': { size: [288, 432], bleed: 9 },
  '5x7': { size: [360, 504], bleed: 9 },
  '8x10': { size: [576, 720], bleed: 9 },
  '6x6': { size: [432, 432], bleed: 9 },
  '8x8': { size: [576, 576], bleed: 9 },
};
/** Crop marks need 2 mm gap + 5 mm mark + 1 mm paper outside the bleed. */
const MARK_ROOM = 8 * MM;

const art = async (width = 600, height = 800): Promise<Awaited<ReturnType<typeof loadPrintArt>>> =>
  loadPrintArt(
    await sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer(),
    'test art',
  );

const expectBox = (box: PdfBox, expected: PdfBox): void => {
  for (let i = 0; i < 4; i++)
    expect(Math.abs(box[i]! - expected[i]!), `coordinate ${i} of ${box.join(' ')} vs ${expected.join(' ')}`).toBeLessThanOrEqual(0.1);
};

/** TrimBox at the finished size, BleedBox around it, MediaBox around that with room for marks. */
function expectedBoxes(
  width: number,
  height: number,
  bleed: number,
  marks: boolean,
): { MediaBox: PdfBox; BleedBox: PdfBox; TrimBox: PdfBox } {
  const room = marks ? MARK_ROOM : 0;
  const o = room + bleed;
  return {
    MediaBox: [0, 0, width + 2 * o, height + 2 * o],
    BleedBox: [room, room, room + width + 2 * bleed, room + height + 2 * bleed],
    TrimBox: [o, o, o + width, o + height],
  };
}

describe('print PDF page boxes, read back with pdfinfo', () => {
  it.each(Object.entries(FINISHED))(
    '%s: TrimBox is the finished size, BleedBox and MediaBox surround it (to 0.1 pt)',
    async (preset, { size, bleed }) => {
      const pdf = await buildPrintPdf([await art()], { size: { preset }, marks: true } as PrintLayoutInput);
      const info = await pdfInfo(pdf);
      expect(info.pages).toBe(1);
      const expected = expectedBoxes(size[0], size[1], bleed, true);
      expectBox(info.boxes.MediaBox, expected.MediaBox);
      expectBox(info.boxes.BleedBox, expected.BleedBox);
      expectBox(info.boxes.TrimBox, expected.TrimBox);
    },
  );

  it('turns a preset to landscape and uses the given bleed; without marks MediaBox equals BleedBox', async () => {
    const pdf = await buildPrintPdf([await art()], { size: { preset: 'a4' }, orientation: 'landscape', bleedMm: 5 });
    const info = await pdfInfo(pdf);
    const expected = expectedBoxes(841.89, 595.28, 5 * MM, false);
    expectBox(info.boxes.MediaBox, expected.MediaBox);
    expectBox(info.boxes.BleedBox, expected.MediaBox);
    expectBox(info.boxes.TrimBox, expected.TrimBox);
  });

  it('takes custom sizes in millimetres (3 mm bleed) and inches (1/8 in bleed)', async () => {
    const metric = await pdfInfo(await buildPrintPdf([await art()], { size: { width: 100, height: 150, unit: 'mm' } }));
    expectBox(metric.boxes.TrimBox, expectedBoxes(100 * MM, 150 * MM, 3 * MM, false).TrimBox);
    const imperial = await pdfInfo(
      await buildPrintPdf([await art()], { size: { width: 3.5, height: 2, unit: 'in' }, orientation: 'landscape' }),
    );
    expectBox(imperial.boxes.TrimBox, expectedBoxes(252, 144, 9, false).TrimBox);
  });

  it('writes one page per design, and N-up sheets hold several designs', async () => {
    const designs = [await art(), await art(800, 600), await art(500, 500)];
    expect((await pdfInfo(await buildPrintPdf(designs, { size: { preset: '5x7' } }))).pages).toBe(3);
    // Two 4×6 cards fit on a landscape Letter sheet: three designs need two sheets.
    const sheets = await buildPrintPdf(designs, {
      size: { preset: '4x6' },
      nUp: { sheet: { preset: 'letter' }, sheetOrientation: 'landscape' },
      marks: true,
    });
    const info = await pdfInfo(sheets);
    expect(info.pages).toBe(2);
    expectBox(info.boxes.MediaBox, [0, 0, 792, 612]);
  });

  it('rejects a piece that cannot fit on the N-up sheet with a named error', async () => {
    await expect(buildPrintPdf([await art()], { size: { preset: 'a3' }, nUp: { sheet: { preset: 'a4' } } })).rejects.toMatchObject({
      code: 'invalid_request',
      param: 'nUp',
    });
  });
});
