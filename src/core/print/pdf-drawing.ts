import {
  closePath,
  clip,
  concatTransformationMatrix,
  drawObject,
  endPath,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setLineWidth,
  setStrokingGrayscaleColor,
  stroke,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import type { LinePt, SheetLayout } from './sheet-layout.ts';
import type { RectPt } from './units.ts';

/** Hairline weight print shops expect for crop marks. */
const MARK_WIDTH_PT = 0.25;

/** Sets MediaBox, BleedBox and TrimBox (CropBox follows MediaBox). */
export function setPageBoxes(page: PDFPage, layout: Pick<SheetLayout, 'mediaBox' | 'bleedBox' | 'trimBox'>): void {
  const { mediaBox: m, bleedBox: b, trimBox: t } = layout;
  page.setMediaBox(m.x, m.y, m.width, m.height);
  page.setCropBox(m.x, m.y, m.width, m.height);
  page.setBleedBox(b.x, b.y, b.width, b.height);
  page.setTrimBox(t.x, t.y, t.width, t.height);
  page.setArtBox(t.x, t.y, t.width, t.height);
}

/**
 * Draws an embedded image (or a form of `size` units, such as a vector
 * drawing) into `draw`, clipped to `clipTo`. An image is one unit square.
 */
export function drawImage(
  page: PDFPage,
  image: PDFRef,
  draw: RectPt,
  clipTo: RectPt | undefined,
  tag = 'Art',
  size: { width: number; height: number } = { width: 1, height: 1 },
): void {
  const name = page.node.newXObject(tag, image);
  const ops: PDFOperator[] = [pushGraphicsState()];
  if (clipTo !== undefined) ops.push(rectangle(clipTo.x, clipTo.y, clipTo.width, clipTo.height), clip(), endPath());
  ops.push(
    concatTransformationMatrix(draw.width / size.width, 0, 0, draw.height / size.height, draw.x, draw.y),
    drawObject(name),
    popGraphicsState(),
  );
  page.pushOperators(...ops);
}

/** Strokes straight lines in black hairline (crop and fold marks). */
export function strokeLines(page: PDFPage, lines: readonly LinePt[], widthPt = MARK_WIDTH_PT): void {
  if (lines.length === 0) return;
  const ops: PDFOperator[] = [pushGraphicsState(), setLineWidth(widthPt), setStrokingGrayscaleColor(0)];
  for (const line of lines) ops.push(moveTo(line.x1, line.y1), lineTo(line.x2, line.y2));
  ops.push(stroke(), popGraphicsState());
  page.pushOperators(...ops);
}

/** A closed polygon as path operators (no paint operator). */
export function polygonOps(points: readonly { x: number; y: number }[]): PDFOperator[] {
  const [first, ...rest] = points;
  if (first === undefined) return [];
  return [moveTo(first.x, first.y), ...rest.map((p) => lineTo(p.x, p.y)), closePath()];
}
