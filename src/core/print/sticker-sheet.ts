import {
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
  setGraphicsState,
  setLineWidth,
  stroke,
  type PDFDocument,
  type PDFPage,
} from 'pdf-lib';
import sharp from 'sharp';
import type { PreflightReport, StickerOptions } from '../contract/print-request.ts';
import { MotifError } from '../errors/motif-error.ts';
import { offsetOutline, simplifyLoop, type Point } from './cut-contour.ts';
import { drawImage, polygonOps, setPageBoxes } from './pdf-drawing.ts';
import { embedPixels } from './pdf-image.ts';
import { renderArtPixels, planPixels, type PrintArt } from './print-art.ts';
import { createPrintPdf, type PrintRunOptions } from './print-document.ts';
import { toRectMm } from './preflight.ts';
import { resolveSize } from './sheet-layout.ts';
import { mmToPt, ptToMm, POINTS_PER_INCH, type RectPt } from './units.ts';

/** The name print-and-cut RIPs (Roland, Mimaki, Summa) look for on the cut line's spot colour. */
export const CUT_CONTOUR_NAME = 'CutContour';
/** Cells per millimetre of the grid the cut line is traced on: 0.1 mm cells. */
const MASK_CELLS_PER_MM = 10;
/** Points a traced cut line may move when simplified. */
const SIMPLIFY_TOLERANCE_MM = 0.02;
/** Print-then-cut registration marks: a filled square and corner brackets, as home cutters read them. */
const REG_SQUARE_MM = 5;
const REG_ARM_MM = 10;
const REG_WEIGHT_MM = 0.75;
const PRINT_PPI = 300;

/** One design as a sticker: art size and the cut line around it, in mm from the art's top left. */
export interface StickerShape {
  readonly art: PrintArt;
  readonly artWidthMm: number;
  readonly artHeightMm: number;
  /** Closed cut lines (usually one), mm relative to the art's top left, y down. */
  readonly cutLines: readonly (readonly Point[])[];
  /** Bounding box of the cut lines, mm relative to the art's top left. */
  readonly bounds: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
}

/** Traces a design's cut line at `offsetMm` around its opaque pixels (alpha ≥ 50 %). */
export async function traceSticker(art: PrintArt, options: Pick<StickerOptions, 'sizeMm' | 'offsetMm'>): Promise<StickerShape> {
  const landscape = art.width >= art.height;
  const artWidthMm = landscape ? options.sizeMm : (options.sizeMm * art.width) / art.height;
  const artHeightMm = landscape ? (options.sizeMm * art.height) / art.width : options.sizeMm;
  const maskW = Math.max(2, Math.round(artWidthMm * MASK_CELLS_PER_MM));
  const maskH = Math.max(2, Math.round(artHeightMm * MASK_CELLS_PER_MM));
  const pad = Math.ceil(options.offsetMm * MASK_CELLS_PER_MM) + 3;
  const alpha = await sharp(art.bytes, { limitInputPixels: false })
    .ensureAlpha()
    .resize(maskW, maskH, { fit: 'fill' })
    .extractChannel(3)
    .raw()
    .toBuffer();
  const width = maskW + 2 * pad;
  const height = maskH + 2 * pad;
  const inside = new Uint8Array(width * height);
  let filled = 0;
  for (let y = 0; y < maskH; y++) {
    for (let x = 0; x < maskW; x++) {
      if (alpha[y * maskW + x]! >= 128) {
        inside[(y + pad) * width + x + pad] = 1;
        filled += 1;
      }
    }
  }
  if (filled === 0)
    throw new MotifError('invalid_request', {
      param: 'ids',
      message: `${art.label} is fully transparent: there is nothing to cut around.`,
    });
  const toMm = (p: Point): Point => ({ x: (p.x - pad + 0.5) / MASK_CELLS_PER_MM, y: (p.y - pad + 0.5) / MASK_CELLS_PER_MM });
  const cutLines = offsetOutline(inside, width, height, options.offsetMm * MASK_CELLS_PER_MM).map((loop) =>
    simplifyLoop(loop.map(toMm), SIMPLIFY_TOLERANCE_MM),
  );
  const all = cutLines.flat();
  const bounds = {
    minX: Math.min(...all.map((p) => p.x)),
    minY: Math.min(...all.map((p) => p.y)),
    maxX: Math.max(...all.map((p) => p.x)),
    maxY: Math.max(...all.map((p) => p.y)),
  };
  return { art, artWidthMm, artHeightMm, cutLines, bounds };
}

/** A sticker placed on a sheet: the art's top-left corner in mm from the sheet's top left. */
interface PlacedSticker {
  readonly shape: StickerShape;
  readonly leftMm: number;
  readonly topMm: number;
}

interface StickerPlan {
  readonly sheetWidthMm: number;
  readonly sheetHeightMm: number;
  readonly pages: PlacedSticker[][];
}

/** Rows of stickers across sheets, left to right, top to bottom, within the margins. */
function planSheets(shapes: readonly StickerShape[], options: StickerOptions): StickerPlan {
  const sheet = resolveSize(options.sheet, options.sheetOrientation);
  const sheetWidthMm = ptToMm(sheet.widthPt);
  const sheetHeightMm = ptToMm(sheet.heightPt);
  const queue = shapes.length === 1 && options.fillSheet ? undefined : [...shapes];
  const pages: PlacedSticker[][] = [];
  let index = 0;
  const next = (): StickerShape | undefined => (queue === undefined ? shapes[0] : queue[index]);
  while (queue === undefined ? pages.length === 0 : index < queue.length) {
    const page: PlacedSticker[] = [];
    let y = options.marginMm;
    let rowHeight = 0;
    let x = options.marginMm;
    for (;;) {
      const shape = next();
      if (shape === undefined) break;
      const w = shape.bounds.maxX - shape.bounds.minX;
      const h = shape.bounds.maxY - shape.bounds.minY;
      if (w > sheetWidthMm - 2 * options.marginMm || h > sheetHeightMm - 2 * options.marginMm) {
        throw new MotifError('invalid_request', {
          param: 'stickers.sizeMm',
          message: 'A sticker with its border is larger than the sheet inside its margins; choose a smaller size.',
        });
      }
      if (x + w > sheetWidthMm - options.marginMm + 1e-9) {
        x = options.marginMm;
        y += rowHeight + options.gapMm;
        rowHeight = 0;
      }
      if (y + h > sheetHeightMm - options.marginMm + 1e-9) break;
      page.push({ shape, leftMm: x - shape.bounds.minX, topMm: y - shape.bounds.minY });
      x += w + options.gapMm;
      rowHeight = Math.max(rowHeight, h);
      index += 1;
    }
    pages.push(page);
  }
  return { sheetWidthMm, sheetHeightMm, pages };
}

/** Sheet geometry and resolution verdicts for the Print view. */
export async function preflightStickers(arts: readonly PrintArt[], options: StickerOptions): Promise<PreflightReport> {
  const shapes = await Promise.all(arts.map((art) => traceSticker(art, options)));
  const plan = planSheets(shapes, options);
  const page: RectPt = { x: 0, y: 0, width: mmToPt(plan.sheetWidthMm), height: mmToPt(plan.sheetHeightMm) };
  const first = plan.pages[0] ?? [];
  const rect = (left: number, top: number, width: number, height: number): RectPt => ({
    x: mmToPt(left),
    y: page.height - mmToPt(top + height),
    width: mmToPt(width),
    height: mmToPt(height),
  });
  return {
    product: 'stickers',
    pageWidthMm: plan.sheetWidthMm,
    pageHeightMm: plan.sheetHeightMm,
    bleedMm: 0,
    boxes: { bleed: toRectMm(page, page), trim: toRectMm(page, page) },
    pieces: first.map(({ shape, leftMm, topMm }) => {
      const cut = toRectMm(
        rect(
          leftMm + shape.bounds.minX,
          topMm + shape.bounds.minY,
          shape.bounds.maxX - shape.bounds.minX,
          shape.bounds.maxY - shape.bounds.minY,
        ),
        page,
      );
      return {
        trim: cut,
        bleed: cut,
        safe: toRectMm(rect(leftMm, topMm, shape.artWidthMm, shape.artHeightMm), page),
        art: toRectMm(rect(leftMm, topMm, shape.artWidthMm, shape.artHeightMm), page),
      };
    }),
    piecesPerPage: first.length,
    pages: plan.pages.length,
    minPpi: PRINT_PPI,
    arts: shapes.map(({ art, artWidthMm }) => {
      const ppi = art.width / (artWidthMm / 25.4);
      const soft = ppi < PRINT_PPI;
      return {
        label: art.label,
        widthPx: art.width,
        heightPx: art.height,
        effectivePpi: Math.round(ppi),
        soft,
        message: `${art.width} px over ${(artWidthMm / 25.4).toFixed(1)} in = ${Math.round(ppi)} ppi: ${soft ? 'will look soft' : 'sharp'}`,
        fixes: [],
        method: ppi > PRINT_PPI * 1.5 ? 'downsample' : 'original',
        outputPpi: Math.round(Math.min(ppi, PRINT_PPI * 1.5)),
      };
    }),
    notes: [
      `Cut lines are a ${CUT_CONTOUR_NAME} spot colour (stroke only, overprint) in the PDF and paths in the cut SVG.`,
      ...shapes
        .filter(({ art }) => !art.hasAlpha)
        .map(({ art }) => `${art.label} has no transparent background, so its cut line follows its rectangle.`),
    ],
  };
}

/** Registers the CutContour Separation colour space (magenta alternate) and an overprint state on a page. */
function addCutResources(doc: PDFDocument, page: PDFPage): { colorSpace: string; overprint: PDFName } {
  const tint = doc.context.register(doc.context.obj({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [0, 1, 0, 0], N: 1 }));
  const separation = doc.context.register(
    doc.context.obj([PDFName.of('Separation'), PDFName.of(CUT_CONTOUR_NAME), PDFName.of('DeviceCMYK'), tint]),
  );
  page.node.normalizedEntries().Resources.set(PDFName.of('ColorSpace'), doc.context.obj({ CS0: separation }));
  const overprint = page.node.newExtGState('GS', doc.context.obj({ Type: 'ExtGState', OP: true, op: true, OPM: 1 }));
  return { colorSpace: 'CS0', overprint };
}

/** Registration marks inside the sheet margin: a square top left, brackets at the other corners (mm, top-left origin). */
function registrationRects(
  widthMm: number,
  heightMm: number,
  inset: number,
): { left: number; top: number; width: number; height: number }[] {
  const w = REG_WEIGHT_MM;
  const a = REG_ARM_MM;
  const right = widthMm - inset;
  const bottom = heightMm - inset;
  return [
    { left: inset, top: inset, width: REG_SQUARE_MM, height: REG_SQUARE_MM },
    { left: right - a, top: inset, width: a, height: w },
    { left: right - w, top: inset, width: w, height: a },
    { left: inset, top: bottom - w, width: a, height: w },
    { left: inset, top: bottom - a, width: w, height: a },
    { left: right - a, top: bottom - w, width: a, height: w },
    { left: right - w, top: bottom - a, width: w, height: a },
  ];
}

const pathData = (loop: readonly Point[], dx: number, dy: number): string =>
  `M${loop.map((p) => `${(p.x + dx).toFixed(3)} ${(p.y + dy).toFixed(3)}`).join('L')}Z`;

export interface StickerSheet {
  readonly pdf: Uint8Array;
  /** The cut lines of every sheet as SVG in millimetres (one `<g>` per page). */
  readonly cutSvg: string;
  /** The first design as one sticker: art on its white border, transparent outside the cut line, at 300 ppi. */
  readonly stickerPng: Uint8Array;
  readonly pages: number;
}

/**
 * A sticker sheet: each design on a white offset border, a closed cut line
 * around it in the CutContour spot colour, optional registration marks, and
 * the same cut lines as an SVG for cutters that take one.
 */
export async function buildStickerSheet(
  arts: readonly PrintArt[],
  options: StickerOptions,
  run: PrintRunOptions = {},
): Promise<StickerSheet> {
  const shapes = await Promise.all(arts.map((art) => traceSticker(art, options)));
  const plan = planSheets(shapes, options);
  const doc = await createPrintPdf(`Motif stickers: ${arts.map((art) => art.label).join(', ')}`, run.date);
  const sheetPt = { widthPt: mmToPt(plan.sheetWidthMm), heightPt: mmToPt(plan.sheetHeightMm) };
  const images = new Map<StickerShape, Awaited<ReturnType<typeof embedPixels>>>();
  const svgPages: string[] = [];
  const regInset = Math.max(1, options.marginMm / 2 - REG_SQUARE_MM / 2);
  for (const [pageIndex, stickers] of plan.pages.entries()) {
    run.onProgress?.({ done: pageIndex, total: plan.pages.length + 1, stage: `Sheet ${pageIndex + 1}` });
    const page = doc.addPage([sheetPt.widthPt, sheetPt.heightPt]);
    const media: RectPt = { x: 0, y: 0, width: sheetPt.widthPt, height: sheetPt.heightPt };
    setPageBoxes(page, { mediaBox: media, bleedBox: media, trimBox: media });
    const cut = addCutResources(doc, page);
    const toPdf = (p: Point, left: number, top: number): { x: number; y: number } => ({
      x: mmToPt(p.x + left),
      y: sheetPt.heightPt - mmToPt(p.y + top),
    });
    const svgPaths: string[] = [];
    for (const { shape, leftMm, topMm } of stickers) {
      // White border: the area inside the cut line, under the art.
      const border = shape.cutLines.flatMap((loop) => polygonOps(loop.map((p) => toPdf(p, leftMm, topMm))));
      page.pushOperators(pushGraphicsState(), setFillingGrayscaleColor(1), ...border, fill(), popGraphicsState());
      let image = images.get(shape);
      if (image === undefined) {
        const effectivePpi = shape.art.width / (shape.artWidthMm / 25.4);
        const plan = planPixels(shape.art, effectivePpi, { ppi: PRINT_PPI, minPpi: 0, enhance: 'none' });
        image = await embedPixels(
          doc,
          await renderArtPixels(shape.art, { left: 0, top: 0, width: shape.art.width, height: shape.art.height }, plan, effectivePpi),
        );
        images.set(shape, image);
      }
      drawImage(
        page,
        image,
        {
          x: mmToPt(leftMm),
          y: sheetPt.heightPt - mmToPt(topMm + shape.artHeightMm),
          width: mmToPt(shape.artWidthMm),
          height: mmToPt(shape.artHeightMm),
        },
        undefined,
      );
      page.pushOperators(
        pushGraphicsState(),
        setGraphicsState(cut.overprint),
        PDFOperator.of(PDFOperatorNames.StrokingColorspace, [PDFName.of(cut.colorSpace)]),
        PDFOperator.of(PDFOperatorNames.StrokingColorN, [PDFNumber.of(1)]),
        setLineWidth(0.25),
        ...border,
        stroke(),
        popGraphicsState(),
      );
      for (const loop of shape.cutLines) svgPaths.push(`<path d="${pathData(loop, leftMm, topMm)}"/>`);
    }
    let registration = '';
    if (options.registrationMarks) {
      const rects = registrationRects(plan.sheetWidthMm, plan.sheetHeightMm, regInset);
      page.pushOperators(
        pushGraphicsState(),
        setFillingGrayscaleColor(0),
        ...rects.map((r) => rectangle(mmToPt(r.left), sheetPt.heightPt - mmToPt(r.top + r.height), mmToPt(r.width), mmToPt(r.height))),
        fill(),
        popGraphicsState(),
      );
      registration = `<g id="registration" fill="#000" stroke="none">${rects.map((r) => `<rect x="${r.left.toFixed(3)}" y="${r.top.toFixed(3)}" width="${r.width}" height="${r.height}"/>`).join('')}</g>`;
    }
    svgPages.push(
      `<g id="sheet-${pageIndex + 1}"${pageIndex > 0 ? ' display="none"' : ''}><g id="${CUT_CONTOUR_NAME}" fill="none" stroke="#ff00ff" stroke-width="0.25">${svgPaths.join('')}</g>${registration}</g>`,
    );
  }
  run.onProgress?.({ done: plan.pages.length, total: plan.pages.length + 1, stage: 'Writing the PDF' });
  const pdf = await doc.save({ useObjectStreams: true });
  const cutSvg = `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${plan.sheetWidthMm.toFixed(3)}mm" height="${plan.sheetHeightMm.toFixed(3)}mm" viewBox="0 0 ${plan.sheetWidthMm.toFixed(3)} ${plan.sheetHeightMm.toFixed(3)}">${svgPages.join('')}</svg>\n`;
  return { pdf, cutSvg, stickerPng: await renderStickerPng(shapes[0]!), pages: plan.pages.length };
}

/** One sticker as a PNG: white border inside the cut line, the art on it, transparent outside. */
async function renderStickerPng(shape: StickerShape, ppi = PRINT_PPI): Promise<Uint8Array> {
  const k = ppi / 25.4;
  const { minX, minY, maxX, maxY } = shape.bounds;
  const width = Math.ceil((maxX - minX) * k);
  const height = Math.ceil((maxY - minY) * k);
  const paths = shape.cutLines
    .map(
      (loop) =>
        `<path d="${pathData(
          loop.map((p) => ({ x: (p.x - minX) * k, y: (p.y - minY) * k })),
          0,
          0,
        )}"/>`,
    )
    .join('');
  const border = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g fill="#fff">${paths}</g></svg>`,
  );
  const art = await sharp(shape.art.bytes, { limitInputPixels: false })
    .ensureAlpha()
    .resize(Math.round(shape.artWidthMm * k), Math.round(shape.artHeightMm * k), { fit: 'fill' })
    .png()
    .toBuffer();
  const buffer = await sharp(border, { density: POINTS_PER_INCH })
    .resize(width, height)
    .composite([{ input: art, left: Math.round(-minX * k), top: Math.round(-minY * k) }])
    .png()
    .withDensity(ppi)
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
