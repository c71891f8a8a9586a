import { zodErrorToMotifError } from '../errors/zod-error.ts';
import { PDFDocument, type PDFRef } from 'pdf-lib';
import sharp, { type OverlayOptions } from 'sharp';
import { MotifError } from '../errors/motif-error.ts';
import { placeArt, type ArtPlacement } from './art-placement.ts';
import { drawImage, setPageBoxes, strokeLines } from './pdf-drawing.ts';
import { embedEncoded, embedPixels } from './pdf-image.ts';
import { planPixels, renderArtPixels, vectorDrawing, type PixelPlan, type PrintArt } from './print-art.ts';
import { embedSvgDrawing } from './svg-to-pdf.ts';
import { printLayoutSchema, type PrintFormat, type PrintLayoutInput, type PrintLayoutOptions } from '../contract/print-request.ts';
import { layoutSheet, type SheetLayout } from './sheet-layout.ts';
import { ptToPx, type RectPt } from './units.ts';

/** How far an export has got, for a progress bar. */
export interface PrintProgress {
  readonly done: number;
  readonly total: number;
  readonly stage: string;
}

export interface PrintRunOptions {
  readonly onProgress?: ((progress: PrintProgress) => void) | undefined;
  /** Fixed document dates, so the same input gives the same bytes (tests, caches). */
  readonly date?: Date | undefined;
}

/** Which design goes in which slot of which page. */
function assignPages(artCount: number, piecesPerPage: number, nUp: boolean): number[][] {
  if (!nUp) return Array.from({ length: artCount }, (_, index) => [index]);
  // One design fills the sheet (a sheet of cards); several go one per slot.
  if (artCount === 1) return [Array.from({ length: piecesPerPage }, () => 0)];
  const pages: number[][] = [];
  for (let start = 0; start < artCount; start += piecesPerPage)
    pages.push(Array.from({ length: Math.min(piecesPerPage, artCount - start) }, (_, i) => start + i));
  return pages;
}

/** Parses layout options, turning a zod failure into a named error. */
export function parseLayout(input: PrintLayoutInput | undefined): PrintLayoutOptions {
  const parsed = printLayoutSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw zodErrorToMotifError(parsed.error, { root: 'layout', subject: 'Print layout' });
}

/** Starts a PDF with metadata that says what made it. */
export async function createPrintPdf(title: string, date: Date | undefined): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(title);
  doc.setCreator('Motif');
  doc.setProducer('Motif print studio (pdf-lib)');
  if (date !== undefined) {
    doc.setCreationDate(date);
    doc.setModificationDate(date);
  }
  return doc;
}

/** Where the whole pixels of the visible region land, so their edges line up with the fractional crop. */
function regionDrawRect(
  draw: RectPt,
  source: { left: number; top: number; width: number; height: number },
  region: { left: number; top: number; width: number; height: number },
): RectPt {
  const scale = draw.width / source.width;
  const width = region.width * scale;
  const height = region.height * scale;
  const x = draw.x - (source.left - region.left) * scale;
  const top = draw.y + draw.height + (source.top - region.top) * scale;
  return { x, y: top - height, width, height };
}

/** One design in the PDF: an image or a vector form, where it is drawn and what clips it. */
interface PlacedArt {
  readonly ref: PDFRef;
  readonly draw: RectPt;
  readonly clip: RectPt;
  /** The drawing's own units: a unit square for an image, the SVG's size for a vector form. */
  readonly size: { width: number; height: number };
}

const UNIT_SQUARE = { width: 1, height: 1 };

/**
 * Puts one design in the PDF. A vector original goes in as PDF paths when the
 * converter can draw all of it; otherwise (and for rasters) the pixels the
 * plan asks for go in as an image.
 */
async function embedArt(doc: PDFDocument, art: PrintArt, placement: ArtPlacement, options: PrintLayoutOptions): Promise<PlacedArt> {
  const whole = { left: 0, top: 0, width: art.width, height: art.height };
  const vector = vectorDrawing(art);
  if (vector !== undefined) {
    const form = embedSvgDrawing(doc, vector);
    return { ref: form.ref, draw: regionDrawRect(placement.draw, placement.source, whole), clip: placement.draw, size: form };
  }
  // A vector original PDF paths cannot show is re-rendered at the print resolution (preflight says so).
  const plan: PixelPlan =
    art.svg === undefined ? planPixels(art, placement.effectivePpi, options) : { method: 'vector', outputPpi: options.ppi };
  // The design's own pixels, when used whole, go in still compressed; the clip does the crop.
  const encoded = plan.method === 'original' ? embedEncoded(doc, art.bytes, art) : undefined;
  if (encoded !== undefined)
    return { ref: encoded, draw: regionDrawRect(placement.draw, placement.source, whole), clip: placement.draw, size: UNIT_SQUARE };
  const pixels = await renderArtPixels(art, placement.source, plan, placement.effectivePpi);
  return {
    ref: await embedPixels(doc, pixels),
    draw: regionDrawRect(placement.draw, placement.source, pixels.region),
    clip: placement.draw,
    size: UNIT_SQUARE,
  };
}

/**
 * Builds the print PDF: one page per design (or sheets of N-up pieces),
 * art placed and cropped per the layout, crop marks outside the bleed, and
 * MediaBox ⊇ BleedBox ⊇ TrimBox set on every page.
 */
export async function buildPrintPdf(
  arts: readonly PrintArt[],
  input: PrintLayoutInput | undefined,
  run: PrintRunOptions = {},
): Promise<Uint8Array> {
  if (arts.length === 0) throw new MotifError('invalid_request', { param: 'ids', message: 'Choose at least one design to print.' });
  const options = parseLayout(input);
  const layout = layoutSheet(options);
  const pages = assignPages(arts.length, layout.pieces.length, options.nUp !== undefined);
  const doc = await createPrintPdf(arts.length === 1 ? `Motif print: ${arts[0]!.label}` : `Motif print: ${arts.length} designs`, run.date);
  const total = arts.length + 1;
  const embedded = new Map<number, PlacedArt>();
  let done = 0;
  for (const slots of pages) {
    const page = doc.addPage([layout.mediaBox.width, layout.mediaBox.height]);
    setPageBoxes(page, layout);
    for (const [slot, artIndex] of slots.entries()) {
      const piece = layout.pieces[slot]!;
      const art = arts[artIndex]!;
      const placement = placeArt(art.width, art.height, piece, options);
      let placed = embedded.get(artIndex);
      if (placed === undefined) {
        run.onProgress?.({ done, total, stage: `Preparing ${art.label}` });
        placed = await embedArt(doc, art, placement, options);
        embedded.set(artIndex, placed);
        done += 1;
      }
      // Same size pieces place the same art identically up to a translation.
      const dx = placement.draw.x - placed.clip.x;
      const dy = placement.draw.y - placed.clip.y;
      drawImage(page, placed.ref, { ...placed.draw, x: placed.draw.x + dx, y: placed.draw.y + dy }, placement.draw, 'Art', placed.size);
    }
    strokeLines(
      page,
      layout.cropMarks.filter((_, index) => Math.floor(index / 8) < slots.length),
    );
  }
  run.onProgress?.({ done, total, stage: 'Writing the PDF' });
  const bytes = await doc.save({ useObjectStreams: true });
  run.onProgress?.({ done: total, total, stage: 'Done' });
  return bytes;
}

/** The raster export of one page: PNG or TIFF at the layout's ppi, tagged with that resolution. */
export async function buildPrintRaster(
  arts: readonly PrintArt[],
  input: PrintLayoutInput | undefined,
  format: Exclude<PrintFormat, 'pdf'>,
  run: PrintRunOptions = {},
): Promise<Uint8Array> {
  if (arts.length === 0) throw new MotifError('invalid_request', { param: 'ids', message: 'Choose at least one design to print.' });
  const options = parseLayout(input);
  const layout = layoutSheet(options);
  const pages = assignPages(arts.length, layout.pieces.length, options.nUp !== undefined);
  if (pages.length > 1)
    throw new MotifError('invalid_request', {
      param: 'format',
      message: 'A PNG or TIFF holds one page; export several designs as PDF, or one at a time.',
    });
  const ppi = options.ppi;
  const media = layout.mediaBox;
  const widthPx = ptToPx(media.width, ppi);
  const heightPx = ptToPx(media.height, ppi);
  const toPx = (pt: number): number => Math.round((pt / 72) * ppi);
  const composites: OverlayOptions[] = [];
  const slots = pages[0]!;
  const cache = new Map<number, Buffer>();
  for (const [slot, artIndex] of slots.entries()) {
    const piece = layout.pieces[slot]!;
    const art = arts[artIndex]!;
    const placement = placeArt(art.width, art.height, piece, options);
    run.onProgress?.({ done: slot, total: slots.length + 1, stage: `Preparing ${art.label}` });
    const left = toPx(placement.draw.x);
    const top = toPx(media.height - placement.draw.y - placement.draw.height);
    const width = Math.max(1, toPx(placement.draw.x + placement.draw.width) - left);
    const height = Math.max(1, toPx(media.height - placement.draw.y) - top);
    let tile = cache.get(artIndex);
    if (tile === undefined) {
      const plan = planPixels(art, placement.effectivePpi, { ...options, enhance: options.enhance });
      const pixels = await renderArtPixels(art, placement.source, plan, placement.effectivePpi);
      tile = await sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } })
        .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
        .png({ compressionLevel: 1 })
        .toBuffer();
      cache.set(artIndex, tile);
    }
    composites.push({ input: tile, left, top });
  }
  if (layout.cropMarks.length > 0) composites.push({ input: Buffer.from(marksSvg(layout, widthPx, heightPx, ppi)), left: 0, top: 0 });
  run.onProgress?.({ done: slots.length, total: slots.length + 1, stage: `Writing the ${format.toUpperCase()}` });
  let image = sharp({ create: { width: widthPx, height: heightPx, channels: 3, background: '#ffffff' }, limitInputPixels: false })
    .composite(composites)
    .withDensity(ppi);
  image =
    format === 'png'
      ? image.png({ compressionLevel: 6 })
      : image.tiff({ compression: 'lzw', xres: ppi / 25.4, yres: ppi / 25.4, resolutionUnit: 'inch' });
  const buffer = await image.toBuffer();
  run.onProgress?.({ done: slots.length + 1, total: slots.length + 1, stage: 'Done' });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Crop marks as an SVG overlay in output pixels. */
function marksSvg(layout: SheetLayout, widthPx: number, heightPx: number, ppi: number): string {
  const k = ppi / 72;
  const h = layout.mediaBox.height;
  const lines = layout.cropMarks.map(
    (line) => `<line x1="${line.x1 * k}" y1="${(h - line.y1) * k}" x2="${line.x2 * k}" y2="${(h - line.y2) * k}"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}"><g stroke="#000" stroke-width="${Math.max(1, 0.25 * k)}">${lines.join('')}</g></svg>`;
}
