import { placeArt } from './art-placement.ts';
import { planPixels, vectorDrawing, vectorFallbackReason, type PrintArt } from './print-art.ts';
import type { ArtPreflight, PreflightReport, PrintFormat, PrintLayoutOptions, RectMm } from '../contract/print-request.ts';
import { layoutSheet, type SheetLayout } from './sheet-layout.ts';
import { ptToIn, ptToMm, type RectPt } from './units.ts';

const round = (value: number, places = 2): number => Math.round(value * 10 ** places) / 10 ** places;

/** Converts a PDF rectangle (origin bottom left, points) to mm from the page's top left. */
export function toRectMm(rect: RectPt, page: RectPt): RectMm {
  return {
    x: round(ptToMm(rect.x)),
    y: round(ptToMm(page.height - rect.y - rect.height)),
    width: round(ptToMm(rect.width)),
    height: round(ptToMm(rect.height)),
  };
}

/** The resolution verdict for one design. */
function preflightArt(
  art: Pick<PrintArt, 'label' | 'width' | 'height' | 'svg'>,
  layout: SheetLayout,
  options: PrintLayoutOptions,
  format: PrintFormat,
): ArtPreflight {
  const piece = layout.pieces[0]!;
  const placement = placeArt(art.width, art.height, piece, options);
  const ppi = placement.effectivePpi;
  const soft = ppi < options.minPpi - 1e-6;
  // Name the long side of what shows on paper: that is the side a designer measures.
  const alongWidth = placement.draw.width >= placement.draw.height;
  const px = Math.round(alongWidth ? placement.source.width : placement.source.height);
  const inches = ptToIn(alongWidth ? placement.draw.width : placement.draw.height);
  const facts = { label: art.label, widthPx: art.width, heightPx: art.height, effectivePpi: Math.round(ppi) };
  if (format === 'pdf' && vectorDrawing(art) !== undefined) {
    // The PDF draws the vector original itself: no pixels, so no resolution to fall short.
    return {
      ...facts,
      soft: false,
      message: 'vector original: sharp at any size (drawn as paths in the PDF)',
      fixes: [],
      method: 'paths',
      outputPpi: options.ppi,
    };
  }
  const vectorNote = format === 'pdf' ? vectorFallbackReason(art) : undefined;
  if (vectorNote !== undefined) {
    // A vector original the PDF cannot draw as paths is rasterised at the print resolution instead, and says so.
    return {
      ...facts,
      soft: false,
      message: `vector original rasterised at ${options.ppi} ppi: sharp`,
      fixes: [],
      method: 'vector',
      outputPpi: options.ppi,
      vectorNote: `Rasterised, not drawn as paths: ${vectorNote}.`,
    };
  }
  const verdict = soft ? 'will look soft' : 'sharp';
  const fixes: ArtPreflight['fixes'] = [];
  if (soft) {
    if (art.svg !== undefined) fixes.push({ mode: 'vector', label: `Re-render the vector original at ${options.ppi} ppi` });
    fixes.push({ mode: 'resample', label: `Local resample to ${options.ppi} ppi (smoother edges, no new detail)` });
  }
  const plan = planPixels(art, ppi, options);
  return {
    ...facts,
    soft,
    message: `${px} px over ${round(inches, 1)} in = ${Math.round(ppi)} ppi: ${verdict}`,
    fixes,
    method: plan.method,
    outputPpi: Math.round(plan.outputPpi),
  };
}

/** Everything the Print view shows before export. Pure: no pixels are decoded. */
export function preflight(
  arts: readonly Pick<PrintArt, 'label' | 'width' | 'height' | 'svg'>[],
  options: PrintLayoutOptions,
  format: PrintFormat = 'pdf',
): PreflightReport {
  const layout = layoutSheet(options);
  const page = layout.mediaBox;
  const perPage = layout.pieces.length;
  const first = arts[0];
  return {
    product: 'print',
    pageWidthMm: round(ptToMm(page.width)),
    pageHeightMm: round(ptToMm(page.height)),
    bleedMm: round(ptToMm(layout.bleedPt)),
    boxes: { bleed: toRectMm(layout.bleedBox, page), trim: toRectMm(layout.trimBox, page) },
    pieces: layout.pieces.map((piece) => ({
      trim: toRectMm(piece.trim, page),
      bleed: toRectMm(piece.bleed, page),
      safe: toRectMm(piece.safe, page),
      art: toRectMm(first === undefined ? piece.trim : placeArt(first.width, first.height, piece, options).draw, page),
    })),
    piecesPerPage: perPage,
    pages: options.nUp === undefined ? arts.length : Math.max(1, Math.ceil(arts.length / perPage)),
    minPpi: options.minPpi,
    arts: arts.map((art) => preflightArt(art, layout, options, format)),
    notes: [
      'Colours are RGB (sRGB). Home printers and print-and-cut machines take RGB; ask a commercial shop to convert to CMYK with their profile.',
    ],
  };
}
