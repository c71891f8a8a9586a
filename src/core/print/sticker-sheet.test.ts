import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pdfInfo, rasterisePage } from '../../../test/support/poppler.ts';
import { stickerOptionsSchema } from '../contract/print-request.ts';
import { polygonArea } from './cut-contour.ts';
import { loadPrintArt } from './print-art.ts';
import { buildStickerSheet, traceSticker, CUT_CONTOUR_NAME } from './sticker-sheet.ts';
import { inflateSync } from 'node:zlib';

/** A red disc of `radiusPx` on a transparent square of `sizePx`. */
async function disc(sizePx: number, radiusPx: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sizePx}" height="${sizePx}"><circle cx="${sizePx / 2}" cy="${sizePx / 2}" r="${radiusPx}" fill="#d02020"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe('sticker cut lines', () => {
  it.each([1, 2, 3.5])('traces one closed line %s mm outside a disc, within ±0.2 mm everywhere', async (offsetMm) => {
    // 1000 px art printed 50 mm wide: a disc of radius 400 px is 20 mm.
    const art = await loadPrintArt(await disc(1000, 400), 'disc');
    const shape = await traceSticker(art, { sizeMm: 50, offsetMm });
    expect(shape.cutLines).toHaveLength(1);
    const loop = shape.cutLines[0]!;
    expect(loop.length).toBeGreaterThan(20);
    for (const point of loop) expect(Math.abs(Math.hypot(point.x - 25, point.y - 25) - (20 + offsetMm))).toBeLessThanOrEqual(0.2);
    // Closed: the line's area is the disc's grown by the offset (a path that did not close would not enclose it).
    expect(Math.abs(polygonArea(loop))).toBeCloseTo(Math.PI * (20 + offsetMm) ** 2, -1);
  });

  it('cuts around an opaque design along its rectangle with rounded corners', async () => {
    const art = await loadPrintArt(
      await sharp({ create: { width: 400, height: 200, channels: 3, background: '#2040a0' } })
        .png()
        .toBuffer(),
      'card',
    );
    const shape = await traceSticker(art, { sizeMm: 40, offsetMm: 2 });
    expect(shape.cutLines).toHaveLength(1);
    expect(shape.bounds.minX).toBeCloseTo(-2, 1);
    expect(shape.bounds.maxX).toBeCloseTo(42, 1);
    expect(shape.bounds.maxY).toBeCloseTo(22, 1);
  });
});

describe('sticker sheets', () => {
  it('fills a sheet, draws the cut line in a CutContour separation, writes the cut SVG and a PNG with transparent corners', async () => {
    const art = await loadPrintArt(await disc(600, 280), 'disc');
    const sheet = await buildStickerSheet([art], stickerOptionsSchema.parse({ sizeMm: 40, offsetMm: 2, registrationMarks: true }));
    const info = await pdfInfo(sheet.pdf);
    expect(info.pages).toBe(1);
    expect(info.boxes.MediaBox[2]).toBeCloseTo(595.28, 1);
    // Objects and content streams are compressed: inflate every stream and read the PDF's text.
    const raw = Buffer.from(sheet.pdf).toString('latin1');
    const contents = [
      raw,
      ...[...raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((m) => {
        try {
          return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
        } catch {
          return '';
        }
      }),
    ];
    const text = contents.join('\n');
    expect(text).toContain(`/Separation /${CUT_CONTOUR_NAME} /DeviceCMYK`);
    expect(text).toMatch(/\/OP true/);
    expect(contents.some((content) => content.includes('/CS0 CS') && content.includes('1 SCN'))).toBe(true);

    // The disc is 18.67 mm in radius: 41.33 mm across its cut line. A4 less 12 mm margins with 4 mm gaps fits 4 × 6.
    const paths = sheet.cutSvg.match(/<path d="M[^"]+Z"\/>/g) ?? [];
    expect(paths).toHaveLength(24);
    expect(sheet.cutSvg).toContain(`id="${CUT_CONTOUR_NAME}"`);
    expect(sheet.cutSvg).toContain('id="registration"');

    const png = await sharp(sheet.stickerPng).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const alphaAt = (x: number, y: number): number => png.data[(y * png.info.width + x) * 4 + 3]!;
    const { width, height } = png.info;
    for (const [x, y] of [
      [0, 0],
      [width - 1, 0],
      [0, height - 1],
      [width - 1, height - 1],
    ] as const)
      expect(alphaAt(x, y)).toBe(0);
    expect(alphaAt(width >> 1, height >> 1)).toBe(255);
    // The border ring between the disc and the cut line is opaque white.
    const ring = png.data.subarray(((height >> 1) * width + 3) * 4, ((height >> 1) * width + 3) * 4 + 4);
    expect([...ring]).toEqual([255, 255, 255, 255]);

    // Registration square in the top-left margin prints black.
    const page = await rasterisePage(sheet.pdf, 1, 72);
    const at = (x: number, y: number): number => page.data[(y * page.width + x) * 3]!;
    expect(at(Math.round(((3.5 + 2.5) * 72) / 25.4), Math.round(((3.5 + 2.5) * 72) / 25.4))).toBeLessThan(40);
  });

  it('puts several designs one each and starts a new sheet when one is full', async () => {
    const art = await loadPrintArt(await disc(600, 280), 'disc');
    const arts = Array.from({ length: 25 }, () => art);
    const sheet = await buildStickerSheet(arts, stickerOptionsSchema.parse({ sizeMm: 40, offsetMm: 2 }));
    expect((await pdfInfo(sheet.pdf)).pages).toBe(2);
    expect(sheet.pages).toBe(2);
  });
});
