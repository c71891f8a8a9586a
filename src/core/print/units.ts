/** PDF user space: 72 points to the inch. */
export const POINTS_PER_INCH = 72;
const MM_PER_INCH = 25.4;

export const mmToPt = (mm: number): number => (mm * POINTS_PER_INCH) / MM_PER_INCH;
export const inToPt = (inches: number): number => inches * POINTS_PER_INCH;
export const ptToMm = (pt: number): number => (pt * MM_PER_INCH) / POINTS_PER_INCH;
export const ptToIn = (pt: number): number => pt / POINTS_PER_INCH;

/** Pixels needed to cover `pt` points at `ppi`, rounded up so the art never falls short of the edge. */
export const ptToPx = (pt: number, ppi: number): number => Math.ceil((pt / POINTS_PER_INCH) * ppi - 1e-9);

/** An axis-aligned rectangle in PDF points, origin at the bottom left. */
export interface RectPt {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const insetRect = (rect: RectPt, by: number): RectPt => ({
  x: rect.x + by,
  y: rect.y + by,
  width: rect.width - 2 * by,
  height: rect.height - 2 * by,
});
