import {
  StandardFonts,
  clip,
  endPath,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setDashPattern,
  setLineWidth,
  setStrokingGrayscaleColor,
  stroke,
  lineTo,
  moveTo,
  type PDFFont,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import type { BuntingOptions, PreflightReport } from '../contract/print-request.ts';
import { MotifError } from '../errors/motif-error.ts';
import { placeArt } from './art-placement.ts';
import type { Point } from './cut-contour.ts';
import { letterOutline, type LetterOutline } from './letter-glyphs.ts';
import { pennantGeometry, type PennantGeometry } from './pennant-shapes.ts';
import { drawImage, polygonOps, setPageBoxes, strokeLines } from './pdf-drawing.ts';
import { embedPixels } from './pdf-image.ts';
import { planPixels, renderArtPixels, type PrintArt } from './print-art.ts';
import { createPrintPdf, type PrintRunOptions } from './print-document.ts';
import { toRectMm } from './preflight.ts';
import type { LinePt } from './sheet-layout.ts';
import { resolveSize } from './sheet-layout.ts';
import { mmToPt, ptToMm, type RectPt } from './units.ts';

/** Paper kept clear at each page edge (home printers cannot print to the edge). */
const PAGE_MARGIN_MM = 10;
/** Trim marks: a gap outside the cut, then the mark. */
const TRIM_GAP_MM = 2;
const TRIM_LENGTH_MM = 4;
/** Letter cap height in font units (Fredoka: 700 per 1000): every letter is scaled alike. */
const CAP_UNITS = 700;

/** Where each pennant goes: page, and its cell's top-left corner in mm from the page's top left. */
interface Cell {
  readonly index: number;
  readonly char: string;
  readonly page: number;
  readonly leftMm: number;
  readonly topMm: number;
}

export interface BuntingPlan {
  readonly characters: readonly string[];
  readonly pageWidthMm: number;
  readonly pageHeightMm: number;
  readonly pages: number;
  /** Pennants mode: cells per page. Banner mode: the window each page shows, as a start offset along the banner. */
  readonly cells: readonly Cell[];
  readonly bannerWindows: readonly number[];
  readonly perPage: number;
}

/** The pennant characters of a phrase: every character, a space becoming a blank pennant. */
function buntingCharacters(phrase: string): string[] {
  return [...phrase.trim().replace(/\s+/g, ' ')];
}

/** Lays the pennants (or banner windows) out on pages. */
export function planBunting(phrase: string, options: BuntingOptions): BuntingPlan {
  const characters = buntingCharacters(phrase);
  if (characters.length === 0) throw new MotifError('invalid_request', { param: 'phrase', message: 'Type a phrase for the bunting.' });
  const cellW = options.pennantWidthMm;
  const cellH = options.foldMm + options.pennantHeightMm;
  const marks = options.marks ? TRIM_GAP_MM + TRIM_LENGTH_MM : 0;
  const gap = Math.max(4, 2 * marks);
  const fits = (orientation: 'portrait' | 'landscape'): { width: number; height: number; across: number; down: number } => {
    const size = resolveSize(options.sheet, orientation);
    const width = ptToMm(size.widthPt);
    const height = ptToMm(size.heightPt);
    const room = Math.max(PAGE_MARGIN_MM, marks);
    const across = Math.floor((width - 2 * room + gap) / (cellW + gap) + 1e-9);
    // The footer line needs a few millimetres at the bottom.
    const down = Math.floor((height - 2 * room - 6 + gap) / (cellH + gap) + 1e-9);
    return { width, height, across, down };
  };
  const portrait = fits('portrait');
  const landscape = fits('landscape');

  if (options.style === 'banner') {
    const page = landscape.down >= 1 ? landscape : portrait;
    if (page.down < 1)
      throw new MotifError('invalid_request', {
        param: 'bunting.pennantHeightMm',
        message: 'The banner is taller than the page; choose a smaller height or a larger sheet.',
      });
    const window = page.width - 2 * PAGE_MARGIN_MM;
    if (options.overlapMm >= window / 2)
      throw new MotifError('invalid_request', {
        param: 'bunting.overlapMm',
        message: 'The glue overlap must be less than half the page width.',
      });
    const length = characters.length * cellW;
    const step = window - options.overlapMm;
    const pages = length <= window ? 1 : Math.ceil((length - options.overlapMm) / step - 1e-9);
    const bannerWindows = Array.from({ length: pages }, (_, k) => k * step);
    const cells = characters.map((char, index) => ({ index, char, page: -1, leftMm: index * cellW, topMm: 0 }));
    return {
      characters,
      pageWidthMm: page.width,
      pageHeightMm: page.height,
      pages,
      cells,
      bannerWindows,
      perPage: Math.min(characters.length, Math.floor(window / cellW)),
    };
  }

  const page = landscape.across * landscape.down >= portrait.across * portrait.down ? landscape : portrait;
  const perPage = page.across * page.down;
  if (perPage < 1)
    throw new MotifError('invalid_request', {
      param: 'bunting.pennantWidthMm',
      message: 'A pennant is larger than the page; choose smaller pennants or a larger sheet.',
    });
  const gridW = page.across * cellW + (page.across - 1) * gap;
  const left = (page.width - gridW) / 2;
  const top = Math.max(PAGE_MARGIN_MM, marks);
  const cells = characters.map((char, index) => {
    const slot = index % perPage;
    return {
      index,
      char,
      page: Math.floor(index / perPage),
      leftMm: left + (slot % page.across) * (cellW + gap),
      topMm: top + Math.floor(slot / page.across) * (cellH + gap),
    };
  });
  return {
    characters,
    pageWidthMm: page.width,
    pageHeightMm: page.height,
    pages: Math.ceil(characters.length / perPage),
    cells,
    bannerWindows: [],
    perPage,
  };
}

/** Page geometry and the design's resolution on one pennant. */
export function preflightBunting(phrase: string, art: PrintArt, options: BuntingOptions): PreflightReport {
  const plan = planBunting(phrase, options);
  const page: RectPt = { x: 0, y: 0, width: mmToPt(plan.pageWidthMm), height: mmToPt(plan.pageHeightMm) };
  const rectMm = (left: number, top: number, width: number, height: number): RectPt => ({
    x: mmToPt(left),
    y: page.height - mmToPt(top + height),
    width: mmToPt(width),
    height: mmToPt(height),
  });
  const onFirst =
    options.style === 'banner'
      ? plan.cells
          .filter((cell) => cell.leftMm < plan.pageWidthMm - 2 * PAGE_MARGIN_MM)
          .map((cell) => ({ ...cell, leftMm: cell.leftMm + PAGE_MARGIN_MM, topMm: PAGE_MARGIN_MM }))
      : plan.cells.filter((cell) => cell.page === 0);
  const inches = options.pennantWidthMm / 25.4;
  const ppi = Math.min(art.width, (art.height * options.pennantWidthMm) / options.pennantHeightMm) / inches;
  const soft = ppi < 150;
  const pageMm = toRectMm(page, page);
  return {
    product: 'bunting',
    pageWidthMm: pageMm.width,
    pageHeightMm: pageMm.height,
    bleedMm: 0,
    boxes: { bleed: pageMm, trim: pageMm },
    pieces: onFirst.map((cell) => {
      const body = toRectMm(rectMm(cell.leftMm, cell.topMm + options.foldMm, options.pennantWidthMm, options.pennantHeightMm), page);
      return {
        trim: toRectMm(rectMm(cell.leftMm, cell.topMm, options.pennantWidthMm, options.foldMm + options.pennantHeightMm), page),
        bleed: body,
        safe: body,
        art: body,
      };
    }),
    piecesPerPage: plan.perPage,
    pages: plan.pages,
    minPpi: 150,
    arts: [
      {
        label: art.label,
        widthPx: art.width,
        heightPx: art.height,
        effectivePpi: Math.round(ppi),
        soft,
        message: `${art.width} px over ${inches.toFixed(1)} in = ${Math.round(ppi)} ppi per pennant: ${soft ? 'will look soft' : 'fine for a background'}`,
        fixes: [],
        method: 'original',
        outputPpi: Math.round(ppi),
      },
    ],
    notes: [
      `${plan.characters.filter((c) => c !== ' ').length} letters typeset as vector outlines in Fredoka (OFL); the background art is raster.`,
    ],
  };
}

interface DrawContext {
  readonly page: PDFPage;
  readonly pageHeightPt: number;
  readonly options: BuntingOptions;
  readonly geometry: PennantGeometry;
  readonly art: { ref: PDFRef; draw: RectPt };
  readonly letters: ReadonlyMap<string, LetterOutline>;
  readonly hiddenFont: PDFFont;
  readonly letterColor: ReturnType<typeof rgb>;
  readonly labelFont: PDFFont;
  readonly total: number;
}

/** Draws one pennant with its cell's top-left corner at (leftMm, topMm) from the page's top left. */
function drawPennant(ctx: DrawContext, cell: Cell, leftMm: number, topMm: number, withText = true): void {
  const { page, options, geometry } = ctx;
  const toPdf = (p: Point): { x: number; y: number } => ({
    x: mmToPt(leftMm + p.x),
    y: ctx.pageHeightPt - mmToPt(topMm + options.foldMm + p.y),
  });
  const outline = geometry.outline.map(toPdf);
  // Background art, clipped to the pennant's shape.
  const bodyTop = ctx.pageHeightPt - mmToPt(topMm + options.foldMm);
  page.pushOperators(pushGraphicsState(), ...polygonOps(outline), clip(), endPath());
  drawImage(page, ctx.art.ref, { ...ctx.art.draw, x: mmToPt(leftMm), y: bodyTop - ctx.art.draw.height }, undefined, 'Design');
  page.pushOperators(popGraphicsState());
  // Cut outline: flap and body as one shape.
  const flapTop = ctx.pageHeightPt - mmToPt(topMm);
  const cutOutline = [
    { x: mmToPt(leftMm), y: flapTop },
    { x: mmToPt(leftMm + options.pennantWidthMm), y: flapTop },
    ...outline.slice(1),
    outline[0]!,
  ].filter((_, i, all) => i === 0 || all[i - 1]!.x !== all[i]!.x || all[i - 1]!.y !== all[i]!.y);
  page.pushOperators(
    pushGraphicsState(),
    setLineWidth(0.4),
    setStrokingGrayscaleColor(0.55),
    ...polygonOps(cutOutline),
    stroke(),
    popGraphicsState(),
  );
  // Fold line for the string: dashed, across the top of the body.
  if (options.foldMm > 0) {
    page.pushOperators(
      pushGraphicsState(),
      setLineWidth(0.5),
      setStrokingGrayscaleColor(0.35),
      setDashPattern([4, 3], 0),
      moveTo(mmToPt(leftMm), bodyTop),
      lineTo(mmToPt(leftMm + options.pennantWidthMm), bodyTop),
      stroke(),
      popGraphicsState(),
    );
    page.drawText(`${cell.index + 1} / ${ctx.total}`, {
      x: mmToPt(leftMm + 2),
      y: bodyTop + 3,
      size: 6,
      font: ctx.labelFont,
      color: rgb(0.45, 0.45, 0.45),
    });
  }
  const letter = ctx.letters.get(cell.char);
  if (letter !== undefined) {
    const capMm = geometry.letterHeight * Math.min(options.pennantWidthMm, options.pennantHeightMm);
    const scale = capMm / CAP_UNITS; // mm per font unit
    const inkW = (letter.bounds.x2 - letter.bounds.x1) * scale;
    const inkH = (letter.bounds.y2 - letter.bounds.y1) * scale;
    const centreY = topMm + options.foldMm + geometry.letterY * options.pennantHeightMm;
    // drawSvgPath puts the path's origin at (x, y) and flips y: place the ink box centred on the pennant.
    const originX = leftMm + options.pennantWidthMm / 2 - inkW / 2 - letter.bounds.x1 * scale;
    const originY = centreY - inkH / 2 - letter.bounds.y1 * scale;
    const ptScale = mmToPt(scale);
    page.drawSvgPath(letter.pathData, {
      x: mmToPt(originX),
      y: ctx.pageHeightPt - mmToPt(originY),
      scale: ptScale,
      color: ctx.letterColor,
      borderColor: rgb(0.15, 0.15, 0.2),
      borderWidth: 0.6 / ptScale,
    });
    // The letter as invisible text too, so the PDF reads (and searches) as the phrase.
    if (withText)
      try {
        page.drawText(cell.char, {
          x: mmToPt(originX),
          y: ctx.pageHeightPt - mmToPt(centreY),
          size: mmToPt(capMm),
          font: ctx.hiddenFont,
          opacity: 0,
        });
      } catch {
        // A character outside the standard font's encoding: the outline is still there.
      }
  }
}

function trimMarks(leftPt: number, topPt: number, widthPt: number, heightPt: number): LinePt[] {
  const start = mmToPt(TRIM_GAP_MM);
  const end = start + mmToPt(TRIM_LENGTH_MM);
  const marks: LinePt[] = [];
  for (const x of [leftPt, leftPt + widthPt]) {
    for (const y of [topPt, topPt - heightPt]) {
      const outX = x === leftPt ? -1 : 1;
      const outY = y === topPt ? 1 : -1;
      marks.push({ x1: x + outX * start, y1: y, x2: x + outX * end, y2: y }, { x1: x, y1: y + outY * start, x2: x, y2: y + outY * end });
    }
  }
  return marks;
}

export interface BuntingDocument {
  readonly pdf: Uint8Array;
  readonly pages: number;
}

/**
 * Lettered bunting: one pennant per character, the letter typeset as vector
 * outlines over the background design, a fold line for the string, trim
 * marks and numbered pages; or one long banner split across pages that
 * overlap for gluing.
 */
export async function buildBunting(
  phrase: string,
  art: PrintArt,
  options: BuntingOptions,
  run: PrintRunOptions = {},
): Promise<BuntingDocument> {
  const plan = planBunting(phrase, options);
  const letters = new Map<string, LetterOutline>();
  for (const char of new Set(plan.characters)) if (char !== ' ') letters.set(char, await letterOutline(char));
  const doc = await createPrintPdf(`Motif bunting: ${phrase}`, run.date);
  const pageW = mmToPt(plan.pageWidthMm);
  const pageH = mmToPt(plan.pageHeightMm);
  const body: RectPt = { x: 0, y: 0, width: mmToPt(options.pennantWidthMm), height: mmToPt(options.pennantHeightMm) };
  const placement = placeArt(art.width, art.height, { trim: body, bleed: body, safe: body }, { fit: 'fill', crop: { x: 0.5, y: 0.5 } });
  const pixels = await renderArtPixels(
    art,
    placement.source,
    planPixels(art, placement.effectivePpi, { ppi: 300, minPpi: 0, enhance: 'none' }),
    placement.effectivePpi,
  );
  const artRef = { ref: await embedPixels(doc, pixels), draw: { x: 0, y: 0, width: body.width, height: body.height } };
  const [hiddenFont, labelFont] = await Promise.all([doc.embedFont(StandardFonts.HelveticaBold), doc.embedFont(StandardFonts.Helvetica)]);
  const letterColor = rgb(
    ...(options.letterColor.match(/[0-9a-f]{2}/gi)!.map((hex) => parseInt(hex, 16) / 255) as [number, number, number]),
  );
  const cellH = options.foldMm + options.pennantHeightMm;
  for (let pageIndex = 0; pageIndex < plan.pages; pageIndex++) {
    run.onProgress?.({ done: pageIndex, total: plan.pages + 1, stage: `Page ${pageIndex + 1} of ${plan.pages}` });
    const page = doc.addPage([pageW, pageH]);
    const media: RectPt = { x: 0, y: 0, width: pageW, height: pageH };
    setPageBoxes(page, { mediaBox: media, bleedBox: media, trimBox: media });
    const ctx: DrawContext = {
      page,
      pageHeightPt: pageH,
      options,
      geometry: pennantGeometry(options.shape, options.pennantWidthMm, options.pennantHeightMm),
      art: artRef,
      letters,
      hiddenFont,
      letterColor,
      labelFont,
      total: plan.characters.length,
    };
    let footer: string;
    if (options.style === 'banner') {
      const start = plan.bannerWindows[pageIndex]!;
      const windowW = plan.pageWidthMm - 2 * PAGE_MARGIN_MM;
      const top = PAGE_MARGIN_MM;
      const clipRect = { x: mmToPt(PAGE_MARGIN_MM), y: pageH - mmToPt(top + cellH), width: mmToPt(windowW), height: mmToPt(cellH) };
      page.pushOperators(
        pushGraphicsState(),
        ...polygonOps([
          { x: clipRect.x, y: clipRect.y },
          { x: clipRect.x + clipRect.width, y: clipRect.y },
          { x: clipRect.x + clipRect.width, y: clipRect.y + clipRect.height },
          { x: clipRect.x, y: clipRect.y + clipRect.height },
        ]),
        clip(),
        endPath(),
      );
      for (const cell of plan.cells) {
        if (cell.leftMm + options.pennantWidthMm <= start || cell.leftMm >= start + windowW) continue;
        // A letter on two pages (in the glue overlap) is text on the page that owns its centre only.
        const centre = cell.leftMm + options.pennantWidthMm / 2;
        const owned = centre >= start && (pageIndex === plan.pages - 1 || centre < start + windowW - options.overlapMm);
        drawPennant(ctx, cell, PAGE_MARGIN_MM + cell.leftMm - start, top, owned);
      }
      page.pushOperators(popGraphicsState());
      const lengthOnPage = Math.min(windowW, plan.characters.length * options.pennantWidthMm - start);
      if (options.marks) strokeLines(page, trimMarks(clipRect.x, pageH - mmToPt(top), mmToPt(lengthOnPage), mmToPt(cellH)));
      // The glue strip: the next page's first `overlap` mm goes on top of this page's last.
      if (pageIndex < plan.pages - 1) {
        const glueX = mmToPt(PAGE_MARGIN_MM + windowW - options.overlapMm);
        page.pushOperators(
          pushGraphicsState(),
          setLineWidth(0.6),
          setStrokingGrayscaleColor(0.3),
          setDashPattern([2, 2], 0),
          moveTo(glueX, clipRect.y - mmToPt(3)),
          lineTo(glueX, clipRect.y + clipRect.height + mmToPt(3)),
          stroke(),
          popGraphicsState(),
        );
        page.drawText(`glue page ${pageIndex + 2} here`, {
          x: glueX + 2,
          y: clipRect.y - mmToPt(6),
          size: 7,
          font: labelFont,
          color: rgb(0.3, 0.3, 0.3),
        });
      }
      footer = `${phrase} · banner page ${pageIndex + 1} of ${plan.pages}${pageIndex > 0 ? ` · lay over page ${pageIndex}'s glue strip (${options.overlapMm} mm)` : ''}`;
    } else {
      const cells = plan.cells.filter((cell) => cell.page === pageIndex);
      for (const cell of cells) {
        drawPennant(ctx, cell, cell.leftMm, cell.topMm);
        if (options.marks)
          strokeLines(page, trimMarks(mmToPt(cell.leftMm), pageH - mmToPt(cell.topMm), mmToPt(options.pennantWidthMm), mmToPt(cellH)));
      }
      footer = `${phrase} · page ${pageIndex + 1} of ${plan.pages} · pennants ${cells[0]!.index + 1}–${cells[cells.length - 1]!.index + 1} of ${plan.characters.length}`;
    }
    page.drawText(footer, {
      x: mmToPt(PAGE_MARGIN_MM),
      y: mmToPt(PAGE_MARGIN_MM / 2),
      size: 8,
      font: labelFont,
      color: rgb(0.35, 0.35, 0.35),
    });
  }
  run.onProgress?.({ done: plan.pages, total: plan.pages + 1, stage: 'Writing the PDF' });
  return { pdf: await doc.save({ useObjectStreams: true }), pages: plan.pages };
}
