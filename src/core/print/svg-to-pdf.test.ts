import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pdfImages, rasterisePage } from '../../../test/support/poppler.ts';
import { renderDesign } from '../providers/local/index.ts';
import { loadPrintArt } from './print-art.ts';
import { buildPrintPdf } from './print-document.ts';
import { preflight } from './preflight.ts';
import { printLayoutSchema } from '../contract/print-request.ts';
import { translateSvg, vectorUnsupportedReason } from './svg-to-pdf.ts';

const SIDE = 256;
/** A page exactly the art's size at 72 dpi: one PDF point per SVG unit, so pdftoppm at 72 dpi gives the art's own pixel grid. */
const EXACT_PAGE = {
  size: { width: (SIDE / 72) * 25.4, height: (SIDE / 72) * 25.4, unit: 'mm' },
  fit: 'fit',
  safeMm: 0,
  bleedMm: 0,
} as const;

/** Mean absolute difference per channel (0–255) between two RGB rasters of the same size. */
function meanDifference(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

async function librsvgPixels(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 72 }).flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer();
}

async function pdfPixels(svg: string, bytes?: Uint8Array): Promise<{ pdf: Uint8Array; pixels: Buffer }> {
  const raster = bytes ?? (await sharp(Buffer.from(svg), { density: 72 }).png().toBuffer());
  const art = await loadPrintArt(raster, 'design', svg);
  const pdf = await buildPrintPdf([art], EXACT_PAGE);
  const page = await rasterisePage(pdf, 1, 72);
  expect([page.width, page.height]).toEqual([SIDE, SIDE]);
  return { pdf, pixels: page.data };
}

describe('offline designs stay vector in the PDF', () => {
  it.each([
    ['birthday balloons poster', 'party', 3],
    ['wedding invitation "Anna & Ben" with gold rings', 'wedding', 8],
    ['unicorn sticker', 'baby-shower', 21],
  ] as const)('"%s" (%s, seed %i) goes in as paths: no image, and it prints like its raster', async (prompt, style, seed) => {
    const design = await renderDesign({ prompt, style, seed, width: SIDE, height: SIDE, format: 'png' });
    const { pdf, pixels } = await pdfPixels(design.svg, design.bytes);
    expect(await pdfImages(pdf)).toEqual([]);
    const raster = await sharp(design.bytes).flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer();
    // Only anti-aliased edges differ between poppler's and librsvg's rasterisers.
    expect(meanDifference(pixels, raster)).toBeLessThan(3);
  });

  it('stays sharp where the raster would not: a 256 px design on an 8×8 in page prints crisp edges at 150 dpi', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}" viewBox="0 0 ${SIDE} ${SIDE}"><rect width="${SIDE}" height="${SIDE}" fill="#ffffff"/><rect x="64" y="64" width="128" height="128" fill="#000000"/></svg>`;
    const raster = await sharp(Buffer.from(svg), { density: 72 }).png().toBuffer();
    const art = await loadPrintArt(raster, 'square', svg);
    const pdf = await buildPrintPdf([art], { size: { preset: '8x8' }, fit: 'fit', safeMm: 0, bleedMm: 0 });
    const page = await rasterisePage(pdf, 1, 150);
    // Across the square's left edge, one row: only pure black or white, no grey ramp from upsampled pixels.
    const row = Math.round(page.height / 2);
    const greys: number[] = [];
    for (let x = 0; x < page.width; x++) {
      const value = page.data[(row * page.width + x) * 3]!;
      if (value > 8 && value < 247) greys.push(x);
    }
    expect(greys.length).toBeLessThanOrEqual(2);
  });

  it('draws each feature the engine and its art set use like librsvg does', async () => {
    const svg = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}" viewBox="0 0 128 128">`,
      '<defs>',
      '<radialGradient id="r" cx="0.4" cy="0.35" r="0.7" fx="0.3" fy="0.3"><stop offset="0" stop-color="#ffe0a0"/><stop offset="0.6" stop-color="#e04060"/><stop offset="1" stop-color="#402060"/></radialGradient>',
      '<linearGradient id="l" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f0c040"/><stop offset="1" stop-color="#806010"/></linearGradient>',
      '<symbol id="s" viewBox="0 0 32 32"><g fill="none"><path fill="#26a0fc" d="M4 4h24v24H4z"/><path fill="#fcd53f" fill-rule="evenodd" d="M8 8h16v16H8zm4 4v8h8v-8z"/><path fill="#f00" d="M30 30h10v10H30z"/></g></symbol>',
      '<clipPath id="c"><path d="M0 0h20v20H0z"/></clipPath>',
      '</defs>',
      '<rect width="128" height="128" fill="url(#r)"/>',
      '<ellipse cx="30" cy="30" rx="20" ry="12" fill="url(#l)" transform="rotate(30 30 30)"/>',
      '<use href="#s" x="70" y="10" width="48" height="48" transform="rotate(10 94 34)"/>',
      '<circle cx="30" cy="95" r="18" fill="#ffffff" fill-opacity="0.5" stroke="#103060" stroke-width="3" stroke-dasharray="6 3"/>',
      '<g transform="translate(70 70)" clip-path="url(#c)"><rect width="40" height="40" rx="8" fill="#30c080" stroke="#000" stroke-width="2" stroke-linejoin="round"/></g>',
      '<path d="M70 110q10-20 20 0t20 0" fill="none" stroke="#ffffff" stroke-width="4" stroke-linecap="round" stroke-opacity="0.8"/>',
      '<path d="M100 100a8 8 0 1 1 0.1 0z" fill="#ff00aa" opacity="0.6"/>',
      '</svg>',
    ].join('');
    const { pdf, pixels } = await pdfPixels(svg);
    expect(await pdfImages(pdf)).toEqual([]);
    expect(meanDifference(pixels, await librsvgPixels(svg))).toBeLessThan(3);
  });
});

describe('what PDF paths cannot show is rasterised, and says so', () => {
  const filtered = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}"><defs><filter id="b"><feGaussianBlur stdDeviation="4"/></filter></defs><rect width="${SIDE}" height="${SIDE}" fill="#2060c0"/><circle cx="128" cy="128" r="60" fill="#fff" filter="url(#b)"/></svg>`;

  it('names the feature', () => {
    expect(vectorUnsupportedReason(filtered)).toBe(
      'the vector original uses the attribute filter on <circle>, which Motif cannot draw as PDF paths',
    );
    expect(vectorUnsupportedReason('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><g opacity="0.5"/></svg>')).toMatch(
      /opacity on <g>/,
    );
    expect(vectorUnsupportedReason('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><text>Hi</text></svg>')).toMatch(/<text>/);
    expect(vectorUnsupportedReason('<svg width="8"')).toMatch(/does not parse/);
    expect(translateSvg('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><path d="M0 0h8v8z"/></svg>').content).toBe(
      ['1 0 0 -1 0 8 cm', 'q', '0 0 0 rg', '0 0 m 8 0 l 8 8 l h', 'f', 'Q'].join('\n'),
    );
  });

  it('puts the vector original in as pixels at the print resolution, and preflight labels it', async () => {
    const art = await loadPrintArt(await sharp(Buffer.from(filtered), { density: 72 }).png().toBuffer(), 'glow', filtered);
    const report = preflight([art], printLayoutSchema.parse({ size: { preset: '5x7' } }), 'pdf');
    expect(report.arts[0]).toMatchObject({
      soft: false,
      method: 'vector',
      outputPpi: 300,
      message: 'vector original rasterised at 300 ppi: sharp',
      vectorNote:
        'Rasterised, not drawn as paths: the vector original uses the attribute filter on <circle>, which Motif cannot draw as PDF paths.',
    });
    const images = await pdfImages(await buildPrintPdf([art], { size: { preset: '5x7' } }));
    // 5.25 × 7.25 in of bleed at 300 ppi: the 256 px design re-rendered to cover it.
    expect(images).toHaveLength(1);
    expect(images[0]!.height).toBeGreaterThanOrEqual(2175);
  });

  it('says a vector original is sharp at any size in a PDF, and only a raster export needs the re-render', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="512" height="512" fill="#abc"/></svg>`;
    const layout = printLayoutSchema.parse({ size: { preset: '5x7' } });
    const pdf = preflight([{ label: 'design', width: 512, height: 512, svg }], layout, 'pdf');
    expect(pdf.arts[0]).toMatchObject({
      soft: false,
      method: 'paths',
      fixes: [],
      message: 'vector original: sharp at any size (drawn as paths in the PDF)',
    });
    const png = preflight([{ label: 'design', width: 512, height: 512, svg }], layout, 'png');
    expect(png.arts[0]).toMatchObject({ soft: true, method: 'original' });
    expect(png.arts[0]!.fixes.map((fix) => fix.mode)).toEqual(['vector', 'resample']);
  });
});
