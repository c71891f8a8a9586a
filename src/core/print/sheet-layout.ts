import { MotifError } from '../errors/motif-error.ts';
import { defaultBleedPt, sizeInPoints, type MeasureSystem } from './paper-sizes.ts';
import type { Orientation, PrintLayoutOptions, PrintSize } from '../contract/print-request.ts';
import { insetRect, mmToPt, type RectPt } from './units.ts';

/** Crop marks start this far outside the bleed edge, so they never reach into the bleed. */
const MARK_OFFSET_MM = 2;
/** Length of each crop mark. */
const MARK_LENGTH_MM = 5;
/** Paper left beyond the end of a crop mark on a single-piece page. */
const MARK_MARGIN_MM = 1;

/** A straight line in points (a crop mark). */
export interface LinePt {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** One finished piece on the sheet. */
export interface PiecePlacement {
  /** The finished size, where the cut goes. */
  readonly trim: RectPt;
  /** Trim plus bleed: how far the art reaches. */
  readonly bleed: RectPt;
  /** Trim minus the safe margin: where text and faces belong. */
  readonly safe: RectPt;
}

/** A page of the print file, in PDF points with the origin at the bottom left. */
export interface SheetLayout {
  readonly mediaBox: RectPt;
  readonly bleedBox: RectPt;
  readonly trimBox: RectPt;
  readonly pieces: readonly PiecePlacement[];
  readonly cropMarks: readonly LinePt[];
  readonly bleedPt: number;
  readonly system: MeasureSystem;
}

/** Width and height in points of a size in an orientation (landscape = wider than tall). */
export function resolveSize(size: PrintSize, orientation: Orientation): { widthPt: number; heightPt: number; system: MeasureSystem } {
  const base = sizeInPoints(size);
  const long = Math.max(base.widthPt, base.heightPt);
  const short = Math.min(base.widthPt, base.heightPt);
  return orientation === 'landscape'
    ? { widthPt: long, heightPt: short, system: base.system }
    : { widthPt: short, heightPt: long, system: base.system };
}

const rect = (x: number, y: number, width: number, height: number): RectPt => ({ x, y, width, height });

function placePiece(trim: RectPt, bleedPt: number, safePt: number): PiecePlacement {
  return { trim, bleed: insetRect(trim, -bleedPt), safe: insetRect(trim, Math.min(safePt, trim.width / 2, trim.height / 2)) };
}

/** The eight crop marks of one piece: two at each corner, in line with the trim edges, outside the bleed. */
function cropMarksFor(piece: PiecePlacement, bleedPt: number): LinePt[] {
  const start = bleedPt + mmToPt(MARK_OFFSET_MM);
  const end = start + mmToPt(MARK_LENGTH_MM);
  const { x, y, width, height } = piece.trim;
  const marks: LinePt[] = [];
  for (const edgeX of [x, x + width]) {
    for (const edgeY of [y, y + height]) {
      const outX = edgeX === x ? -1 : 1;
      const outY = edgeY === y ? -1 : 1;
      // Horizontal mark in line with the top/bottom edge, vertical in line with the left/right edge.
      marks.push({ x1: edgeX + outX * start, y1: edgeY, x2: edgeX + outX * end, y2: edgeY });
      marks.push({ x1: edgeX, y1: edgeY + outY * start, x2: edgeX, y2: edgeY + outY * end });
    }
  }
  return marks;
}

/**
 * Lays out one page. A single piece gets a page of its own: MediaBox ⊇
 * BleedBox ⊇ TrimBox, with room for crop marks when they are on. With
 * `nUp`, as many pieces as fit go on the printer's sheet in a centred grid,
 * spaced so one piece's marks never reach another's bleed.
 */
export function layoutSheet(options: PrintLayoutOptions): SheetLayout {
  const piece = resolveSize(options.size, options.orientation);
  const bleedPt = options.bleedMm === undefined ? defaultBleedPt(piece.system) : mmToPt(options.bleedMm);
  const safePt = mmToPt(options.safeMm);
  const markReachPt = options.marks ? mmToPt(MARK_OFFSET_MM + MARK_LENGTH_MM) : 0;

  if (options.nUp === undefined) {
    const roomPt = options.marks ? markReachPt + mmToPt(MARK_MARGIN_MM) : 0;
    const offset = roomPt + bleedPt;
    const placed = placePiece(rect(offset, offset, piece.widthPt, piece.heightPt), bleedPt, safePt);
    return {
      mediaBox: rect(0, 0, piece.widthPt + 2 * offset, piece.heightPt + 2 * offset),
      bleedBox: placed.bleed,
      trimBox: placed.trim,
      pieces: [placed],
      cropMarks: options.marks ? cropMarksFor(placed, bleedPt) : [],
      bleedPt,
      system: piece.system,
    };
  }

  const sheet = resolveSize(options.nUp.sheet, options.nUp.sheetOrientation);
  const outerPt = Math.max(mmToPt(options.nUp.marginMm), markReachPt);
  const gutterPt = Math.max(mmToPt(options.nUp.gapMm), 2 * markReachPt);
  const cellW = piece.widthPt + 2 * bleedPt;
  const cellH = piece.heightPt + 2 * bleedPt;
  const columns = Math.floor((sheet.widthPt - 2 * outerPt + gutterPt) / (cellW + gutterPt) + 1e-9);
  const rows = Math.floor((sheet.heightPt - 2 * outerPt + gutterPt) / (cellH + gutterPt) + 1e-9);
  if (columns < 1 || rows < 1)
    throw new MotifError('invalid_request', {
      param: 'nUp',
      message: 'The piece with its bleed and marks does not fit on the sheet; choose a larger sheet or a smaller size.',
    });
  const gridW = columns * cellW + (columns - 1) * gutterPt;
  const gridH = rows * cellH + (rows - 1) * gutterPt;
  const left = (sheet.widthPt - gridW) / 2;
  const top = (sheet.heightPt + gridH) / 2;
  const pieces: PiecePlacement[] = [];
  // Reading order: left to right, top to bottom (PDF y grows upwards).
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const x = left + column * (cellW + gutterPt) + bleedPt;
      const y = top - row * (cellH + gutterPt) - cellH + bleedPt;
      pieces.push(placePiece(rect(x, y, piece.widthPt, piece.heightPt), bleedPt, safePt));
    }
  }
  const media = rect(0, 0, sheet.widthPt, sheet.heightPt);
  return {
    mediaBox: media,
    bleedBox: media,
    trimBox: media,
    pieces,
    cropMarks: options.marks ? pieces.flatMap((placed) => cropMarksFor(placed, bleedPt)) : [],
    bleedPt,
    system: piece.system,
  };
}
