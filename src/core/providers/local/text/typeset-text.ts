import type opentype from 'opentype.js';
import { fmt, tag } from '../svg-markup.ts';
import type { FontFace } from './font-faces.ts';

/** The frame a text must fit inside, in canvas pixels. */
export interface TextBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface TypesetOptions {
  readonly fill: string;
  /** A halo behind the letters (drawn first), e.g. white for a sticker. */
  readonly halo?: { readonly color: string; readonly widthEm: number } | undefined;
  readonly maxLines: number;
  /** Largest size in pixels; text never grows past it even in a big box. */
  readonly maxSizePx?: number;
  readonly align?: 'start' | 'center';
  /** What tests and tools find the text by: `data-text="headline"`. */
  readonly name: string;
}

/** A glyph placed on the canvas: the character, its font and where its origin sits. */
interface PlacedGlyph {
  readonly char: string;
  readonly font: opentype.Font;
  readonly glyph: opentype.Glyph;
  readonly x: number;
  readonly y: number;
  readonly sizePx: number;
}

export interface TypesetText {
  /** `<g data-text=…>` with one `<path>` per glyph; empty when nothing could be set. */
  readonly markup: string;
  readonly lines: readonly string[];
  readonly sizePx: number;
  readonly glyphs: readonly PlacedGlyph[];
  /** Ink bounds of what was drawn, in canvas pixels. */
  readonly bounds: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
  /** Characters no bundled font has; left out and reported. */
  readonly missing: readonly string[];
}

/** A glyph's outline in ems, cached per font. */
export interface GlyphArt {
  readonly font: opentype.Font;
  readonly glyph: opentype.Glyph;
  /** Advance in ems. */
  readonly advance: number;
  /** Path commands in ems, y down, origin on the baseline. */
  readonly commands: readonly opentype.PathCommand[];
  readonly yMin: number;
  readonly yMax: number;
  /** Ink extent left and right of the pen, in ems (a script's swash reaches past its advance). */
  readonly xMin: number;
  readonly xMax: number;
}

const glyphCache = new WeakMap<opentype.Font, Map<number, GlyphArt>>();
const LINE_GAP_EM = 0.08;

/** The outline of `char` from the first font of the face that has it; undefined when none has. */
export function glyphArt(face: FontFace, char: string): GlyphArt | undefined {
  for (const font of face.fonts) {
    const index = font.charToGlyphIndex(char);
    if (index === 0 && char.trim() !== '') continue;
    let cache = glyphCache.get(font);
    if (cache === undefined) {
      cache = new Map();
      glyphCache.set(font, cache);
    }
    const cached = cache.get(index);
    if (cached) return cached;
    const glyph = font.glyphs.get(index);
    const commands = glyph.getPath(0, 0, 1).commands;
    let [yMin, yMax, xMin, xMax] = [0, 0, Infinity, -Infinity];
    for (const c of commands) {
      if (c.type === 'Z') continue;
      const xs = c.type === 'C' ? [c.x, c.x1, c.x2] : c.type === 'Q' ? [c.x, c.x1] : [c.x];
      const ys = c.type === 'C' ? [c.y, c.y1, c.y2] : c.type === 'Q' ? [c.y, c.y1] : [c.y];
      xMin = Math.min(xMin, ...xs);
      xMax = Math.max(xMax, ...xs);
      yMin = Math.min(yMin, ...ys);
      yMax = Math.max(yMax, ...ys);
    }
    const advance = (glyph.advanceWidth ?? 0) / font.unitsPerEm;
    const art: GlyphArt = {
      font,
      glyph,
      advance,
      commands,
      yMin,
      yMax,
      xMin: Number.isFinite(xMin) ? xMin : 0,
      xMax: Number.isFinite(xMax) ? xMax : advance,
    };
    cache.set(index, art);
    return art;
  }
  return undefined;
}

/** Width in ems of a run of glyphs, kerned within one font. */
function runWidth(glyphs: readonly GlyphArt[]): number {
  const { left, right } = runExtent(glyphs);
  return right - left;
}

/** Where a run's ink starts and ends relative to its pen start, in ems; never inside the advances. */
function runExtent(glyphs: readonly GlyphArt[]): { left: number; right: number } {
  let pen = 0;
  let left = 0;
  let right = 0;
  glyphs.forEach((g, i) => {
    left = Math.min(left, pen + g.xMin);
    right = Math.max(right, pen + g.xMax, pen + g.advance);
    pen += g.advance;
    const next = glyphs[i + 1];
    if (next !== undefined && next.font === g.font) pen += g.font.getKerningValue(g.glyph, next.glyph) / g.font.unitsPerEm;
  });
  return { left, right };
}

/**
 * The lowest possible widest line when `words` are broken into at most
 * `lines` lines, and those lines. Words are few (a headline), so trying
 * every break is cheap.
 */
function bestBreak(words: readonly GlyphArt[][], space: number, lines: number): { width: number; lines: number[][] } {
  const n = words.length;
  const widths = words.map(runWidth);
  const lineWidth = (from: number, to: number): number => {
    let w = 0;
    for (let i = from; i < to; i++) w += (widths[i] ?? 0) + (i > from ? space : 0);
    return w;
  };
  // best[k][i]: the smallest widest line setting words i.. into k lines.
  const memo = new Map<string, { width: number; cuts: number[] }>();
  const solve = (i: number, k: number): { width: number; cuts: number[] } => {
    if (i === n) return { width: 0, cuts: [] };
    if (k === 1) return { width: lineWidth(i, n), cuts: [n] };
    const key = `${i}:${k}`;
    const hit = memo.get(key);
    if (hit) return hit;
    let best = { width: lineWidth(i, n), cuts: [n] };
    for (let j = i + 1; j < n; j++) {
      const rest = solve(j, k - 1);
      const width = Math.max(lineWidth(i, j), rest.width);
      if (width < best.width - 1e-9) best = { width, cuts: [j, ...rest.cuts] };
    }
    memo.set(key, best);
    return best;
  };
  const { width, cuts } = solve(0, Math.min(lines, n));
  const out: number[][] = [];
  let from = 0;
  for (const to of cuts) {
    out.push(Array.from({ length: to - from }, (_, k) => from + k));
    from = to;
  }
  return { width, lines: out };
}

/**
 * Sets `text` as vector paths from the bundled fonts, as large as fits in
 * `box` on at most `maxLines` lines: it shrinks or wraps, never clips or
 * overflows. The same input always gives the same markup.
 */
export function typesetText(face: FontFace, text: string, box: TextBox, options: TypesetOptions): TypesetText {
  const missing: string[] = [];
  const words: GlyphArt[][] = [];
  const wordTexts: string[] = [];
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const glyphs: GlyphArt[] = [];
    let kept = '';
    for (const char of word) {
      const art = glyphArt(face, char);
      if (art === undefined) missing.push(char);
      else {
        glyphs.push(art);
        kept += char;
      }
    }
    if (glyphs.length > 0) {
      words.push(glyphs);
      wordTexts.push(kept);
    }
  }
  const empty = { markup: '', lines: [], sizePx: 0, glyphs: [], bounds: { x0: box.x, y0: box.y, x1: box.x, y1: box.y }, missing };
  if (words.length === 0 || box.width <= 0 || box.height <= 0) return empty;
  const space = glyphArt(face, ' ')?.advance ?? 0.25;
  let ascent = 0;
  let descent = 0;
  for (const g of words.flat()) {
    ascent = Math.max(ascent, -g.yMin);
    descent = Math.max(descent, g.yMax);
  }
  const haloEm = options.halo?.widthEm ?? 0;
  const lineEm = ascent + descent + LINE_GAP_EM;
  // Try each line count; keep the one that gives the largest size.
  let best: { size: number; lines: number[][] } | undefined;
  for (let count = 1; count <= Math.max(1, Math.min(options.maxLines, words.length)); count++) {
    const broken = bestBreak(words, space, count);
    const heightEm = broken.lines.length * lineEm - LINE_GAP_EM + haloEm;
    const size = Math.min(box.width / (broken.width + haloEm), box.height / heightEm, options.maxSizePx ?? Infinity);
    if (best === undefined || size > best.size * 1.0001) best = { size, lines: broken.lines };
  }
  const { size, lines } = best as { size: number; lines: number[][] };
  const blockHeight = (lines.length * lineEm - LINE_GAP_EM) * size;
  const top = box.y + (box.height - blockHeight) / 2;
  const placed: PlacedGlyph[] = [];
  const paths: string[] = [];
  let x0 = Infinity;
  let x1 = -Infinity;
  lines.forEach((wordIndexes, lineIndex) => {
    const lineGlyphs: GlyphArt[] = [];
    const chars: string[] = [];
    wordIndexes.forEach((w, k) => {
      if (k > 0) {
        const spaceArt = glyphArt(face, ' ');
        if (spaceArt) {
          lineGlyphs.push(spaceArt);
          chars.push(' ');
        }
      }
      lineGlyphs.push(...(words[w] ?? []));
      chars.push(...(wordTexts[w] ?? ''));
    });
    const extent = runExtent(lineGlyphs);
    const width = (extent.right - extent.left) * size;
    let x = (options.align === 'start' ? box.x + (haloEm * size) / 2 : box.x + (box.width - width) / 2) - extent.left * size;
    const baseline = top + (lineIndex * lineEm + ascent) * size + (haloEm * size) / 2;
    x0 = Math.min(x0, x + extent.left * size);
    x1 = Math.max(x1, x + extent.left * size + width);
    lineGlyphs.forEach((g, i) => {
      const char = chars[i] ?? '';
      if (char.trim() !== '') {
        placed.push({ char, font: g.font, glyph: g.glyph, x, y: baseline, sizePx: size });
        paths.push(glyphPathData(g.commands, x, baseline, size));
      }
      x += g.advance * size;
      const next = lineGlyphs[i + 1];
      if (next !== undefined && next.font === g.font) x += (g.font.getKerningValue(g.glyph, next.glyph) / g.font.unitsPerEm) * size;
    });
  });
  const d = paths.filter((p) => p !== '');
  const glyphPaths = d.map((p) => tag('path', { d: p }));
  const layers: string[] = [];
  if (options.halo !== undefined) {
    layers.push(
      tag(
        'g',
        { fill: options.halo.color, stroke: options.halo.color, 'stroke-width': options.halo.widthEm * size, 'stroke-linejoin': 'round' },
        glyphPaths,
      ),
    );
  }
  layers.push(tag('g', { fill: options.fill }, glyphPaths));
  return {
    markup: tag('g', { 'data-text': options.name }, layers),
    lines: lines.map((l) => l.map((w) => wordTexts[w]).join(' ')),
    sizePx: size,
    glyphs: placed,
    bounds: { x0, y0: top, x1, y1: top + blockHeight + haloEm * size },
    missing,
  };
}

/** A glyph's outline at a pen position and size, as SVG path data. */
function glyphPathData(commands: readonly opentype.PathCommand[], x: number, y: number, size: number): string {
  let d = '';
  for (const c of commands) {
    if (c.type === 'M' || c.type === 'L') d += `${c.type}${fmt(x + c.x * size)} ${fmt(y + c.y * size)}`;
    else if (c.type === 'Q') d += `Q${fmt(x + c.x1 * size)} ${fmt(y + c.y1 * size)} ${fmt(x + c.x * size)} ${fmt(y + c.y * size)}`;
    else if (c.type === 'C')
      d += `C${fmt(x + c.x1 * size)} ${fmt(y + c.y1 * size)} ${fmt(x + c.x2 * size)} ${fmt(y + c.y2 * size)} ${fmt(x + c.x * size)} ${fmt(y + c.y * size)}`;
    else d += 'Z';
  }
  return d;
}
