import sharp from 'sharp';
import type { PatternOptions, PreflightReport } from '../contract/print-request.ts';
import { drawImage, setPageBoxes } from './pdf-drawing.ts';
import { embedPixels } from './pdf-image.ts';
import { vectorDrawing, type PrintArt } from './print-art.ts';
import { embedSvgDrawing, type SvgDrawing } from './svg-to-pdf.ts';
import { createPrintPdf, type PrintRunOptions } from './print-document.ts';
import { toRectMm } from './preflight.ts';
import { makeSeamless, type RawImage } from './seamless-tile.ts';
import { resolveSize } from './sheet-layout.ts';
import { mmToPt, ptToMm, type RectPt } from './units.ts';

/** Tiles are repaired at no more than this many pixels a side; more would not print sharper on a repeat. */
const MAX_TILE_PX = 2400;
const PREVIEW_TILE_PX = 240;
const MIN_PPI = 300;

/**
 * The art as a seamless tile: the offline engine's own tile as it is, or any
 * other image offset by half with its seam blended away.
 */
export async function seamlessTile(art: PrintArt, blend: number, maxPx = MAX_TILE_PX): Promise<RawImage> {
  const scale = Math.min(1, maxPx / Math.max(art.width, art.height));
  const { data, info } = await sharp(art.bytes, { limitInputPixels: false })
    .resize(Math.round(art.width * scale), Math.round(art.height * scale), { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = { data, width: info.width, height: info.height, channels: info.channels };
  return art.seamless === true ? image : makeSeamless(image, blend);
}

/**
 * The tile the sheet repeats, small, as a PNG data URL: the Print view
 * repeats it in its preview, so the seam shows as the export will leave it
 * (blended, repaired by inpainting, or drawn seamless).
 */
export async function patternTilePreview(art: PrintArt, blend: number): Promise<string> {
  const tile = await seamlessTile(art, blend, PREVIEW_TILE_PX);
  const png = await sharp(Buffer.from(tile.data), { raw: { width: tile.width, height: tile.height, channels: tile.channels as 3 } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** The tile repeated 3 × 3, small: what a designer checks for seams before printing. */
async function repeatPreview(tile: RawImage): Promise<Uint8Array> {
  const w = PREVIEW_TILE_PX;
  const h = Math.round((PREVIEW_TILE_PX * tile.height) / tile.width);
  const small = await sharp(Buffer.from(tile.data), { raw: { width: tile.width, height: tile.height, channels: tile.channels as 3 } })
    .resize(w, h, { fit: 'fill' })
    .png()
    .toBuffer();
  const composites = [];
  for (let row = 0; row < 3; row++)
    for (let column = 0; column < 3; column++) composites.push({ input: small, left: column * w, top: row * h });
  const buffer = await sharp({ create: { width: 3 * w, height: 3 * h, channels: 3, background: '#ffffff' } })
    .composite(composites)
    .png()
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The offline engine's seamless tile as PDF paths, when the output is a PDF and the converter can draw it. */
function nativeVector(art: PrintArt, format: 'pdf' | 'png'): SvgDrawing | undefined {
  return art.seamless === true && format === 'pdf' ? vectorDrawing(art) : undefined;
}

function tileSizeMm(art: Pick<PrintArt, 'width' | 'height'>, options: PatternOptions): { widthMm: number; heightMm: number } {
  return { widthMm: options.tileMm, heightMm: (options.tileMm * art.height) / art.width };
}

/** Sheet geometry and the tile's resolution on paper. */
export function preflightPattern(art: PrintArt, options: PatternOptions, format: 'pdf' | 'png' = 'pdf'): PreflightReport {
  const sheet = resolveSize(options.sheet, options.orientation);
  const page: RectPt = { x: 0, y: 0, width: sheet.widthPt, height: sheet.heightPt };
  const tile = tileSizeMm(art, options);
  const tilePx = Math.min(art.width, MAX_TILE_PX);
  const ppi = tilePx / (tile.widthMm / 25.4);
  const vector = nativeVector(art, format);
  // The offline engine's tile is drawn from its vector original: as paths in a PDF, at 300 ppi in a PNG.
  const vectorTile = art.seamless === true && art.svg !== undefined;
  const soft = !vectorTile && ppi < MIN_PPI;
  const columns = Math.ceil(ptToMm(sheet.widthPt) / tile.widthMm);
  const rows = Math.ceil(ptToMm(sheet.heightPt) / tile.heightMm);
  const pageMm = toRectMm(page, page);
  return {
    product: 'pattern',
    pageWidthMm: pageMm.width,
    pageHeightMm: pageMm.height,
    bleedMm: 0,
    boxes: { bleed: pageMm, trim: pageMm },
    pieces: [{ trim: pageMm, bleed: pageMm, safe: pageMm, art: { x: 0, y: 0, width: tile.widthMm, height: tile.heightMm } }],
    piecesPerPage: columns * rows,
    pages: 1,
    minPpi: MIN_PPI,
    arts: [
      {
        label: art.label,
        widthPx: art.width,
        heightPx: art.height,
        effectivePpi: Math.round(ppi),
        soft,
        message:
          vector !== undefined
            ? 'vector original: sharp at any size (drawn as paths in the PDF)'
            : vectorTile
              ? `vector original rendered at ${MIN_PPI} ppi: sharp`
              : `${tilePx} px over ${(tile.widthMm / 25.4).toFixed(1)} in = ${Math.round(ppi)} ppi: ${soft ? 'will look soft' : 'sharp'}`,
        fixes: [],
        method: vector !== undefined ? 'paths' : vectorTile ? 'vector' : 'original',
        outputPpi: vectorTile ? MIN_PPI : Math.round(ppi),
      },
    ],
    notes: [
      vectorTile
        ? 'The offline engine drew this design as a seamless tile (its pattern layout), so the repeat has no join to repair; a 3 × 3 preview is written beside the sheet.'
        : art.seamless === true
          ? 'Seam: repaired by inpainting (this tile was made seamless), so it repeats as it is; a 3 × 3 preview is written beside the sheet.'
          : 'Seam: the tile is offset by half and its seam blended locally, so the repeat has no visible join; a 3 × 3 preview is written beside the sheet.',
    ],
  };
}

export interface PatternSheet {
  /** The sheet filled with the repeat (PDF or PNG). */
  readonly print: Uint8Array;
  /** The tile repeated 3 × 3 (PNG). */
  readonly preview: Uint8Array;
}

/** Wrapping paper: the seamless tile repeated edge to edge over a sheet of any size. */
export async function buildPatternSheet(
  art: PrintArt,
  options: PatternOptions,
  format: 'pdf' | 'png',
  run: PrintRunOptions = {},
): Promise<PatternSheet> {
  run.onProgress?.({ done: 0, total: 3, stage: 'Repairing the seam' });
  const tile = await seamlessTile(art, options.blend);
  const preview = await repeatPreview(tile);
  run.onProgress?.({ done: 1, total: 3, stage: 'Filling the sheet' });
  const sheet = resolveSize(options.sheet, options.orientation);
  const size = tileSizeMm(tile, options);
  const tileW = mmToPt(size.widthMm);
  const tileH = mmToPt(size.heightMm);
  const columns = Math.ceil(sheet.widthPt / tileW);
  const rows = Math.ceil(sheet.heightPt / tileH);
  let print: Uint8Array;
  if (format === 'pdf') {
    const doc = await createPrintPdf(`Motif pattern: ${art.label}`, run.date);
    const page = doc.addPage([sheet.widthPt, sheet.heightPt]);
    const media: RectPt = { x: 0, y: 0, width: sheet.widthPt, height: sheet.heightPt };
    setPageBoxes(page, { mediaBox: media, bleedBox: media, trimBox: media });
    const vector = nativeVector(art, format);
    // The offline engine's tile goes in as paths, once, and is placed at every repeat.
    const form = vector === undefined ? undefined : embedSvgDrawing(doc, vector);
    const image =
      form?.ref ??
      (await embedPixels(doc, {
        data: Buffer.from(tile.data),
        width: tile.width,
        height: tile.height,
        channels: 3,
        region: { left: 0, top: 0, width: tile.width, height: tile.height },
      }));
    const units = form ?? { width: 1, height: 1 };
    // Repeats start at the top left so the first tile is whole where a designer looks first.
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        const at = { x: column * tileW, y: sheet.heightPt - (row + 1) * tileH, width: tileW, height: tileH };
        drawImage(page, image, at, media, 'Tile', units);
      }
    }
    print = await doc.save({ useObjectStreams: true });
  } else {
    // A vector tile is rendered at the full print resolution; pixels are never blown up past their own.
    const fromVector = art.seamless === true && art.svg !== undefined;
    const ppi = fromVector ? MIN_PPI : Math.min(MIN_PPI, (tile.width / size.widthMm) * 25.4);
    const tilePxW = Math.round((size.widthMm / 25.4) * ppi);
    const tilePxH = Math.round((size.heightMm / 25.4) * ppi);
    const sheetPxW = Math.round((sheet.widthPt / 72) * ppi);
    const sheetPxH = Math.round((sheet.heightPt / 72) * ppi);
    const source = fromVector
      ? sharp(Buffer.from(art.svg!), { density: (72 * tilePxW) / art.width, limitInputPixels: false }).flatten({ background: '#ffffff' })
      : sharp(Buffer.from(tile.data), { raw: { width: tile.width, height: tile.height, channels: 3 } });
    const scaled = await source.resize(tilePxW, tilePxH, { fit: 'fill' }).png({ compressionLevel: 1 }).toBuffer();
    const composites = [];
    for (let row = 0; row * tilePxH < sheetPxH; row++)
      for (let column = 0; column * tilePxW < sheetPxW; column++)
        composites.push({ input: scaled, left: column * tilePxW, top: row * tilePxH });
    const buffer = await sharp({
      create: { width: sheetPxW, height: sheetPxH, channels: 3, background: '#ffffff' },
      limitInputPixels: false,
    })
      .composite(composites)
      .png()
      .withDensity(ppi)
      .toBuffer();
    print = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
  run.onProgress?.({ done: 3, total: 3, stage: 'Done' });
  return { print, preview };
}
