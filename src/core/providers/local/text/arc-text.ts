import type opentype from 'opentype.js';
import { fmt, tag } from '../svg-markup.ts';
import type { FontFace } from './font-faces.ts';
import { glyphArt, type GlyphArt, type TextBox } from './typeset-text.ts';

/** The ribbon a curved headline sits on: the band, and the darker swallowtails behind its ends. */
interface ArcRibbon {
  readonly color: string;
  readonly shade: string;
}

export interface ArcTextOptions {
  readonly fill: string;
  /** What tests and tools find the text by: `data-text="headline"`. */
  readonly name: string;
  /** The angle the line of text spans, in degrees; short words span less (the radius never drops below 3 ems). */
  readonly sweepDeg: number;
  /** `up`: an arch, ∩ (the circle's centre below the text); `down`: a smile, ∪. */
  readonly bend: 'up' | 'down';
  readonly ribbon?: ArcRibbon | undefined;
  readonly halo?: { readonly color: string; readonly widthEm: number } | undefined;
  /** Largest size in pixels. */
  readonly maxSizePx?: number | undefined;
}

/** A glyph placed on the arc: its pen origin on the baseline and the angle the glyph is turned by. */
interface ArcGlyph {
  readonly char: string;
  readonly glyph: opentype.Glyph;
  readonly x: number;
  readonly y: number;
  readonly angleRad: number;
  readonly sizePx: number;
}

export interface ArcText {
  /** The ribbon (when asked for) then `<g data-text=…>` with one `<path>` per glyph; empty when nothing could be set. */
  readonly markup: string;
  /** The one line set. */
  readonly line: string;
  readonly sizePx: number;
  readonly glyphs: readonly ArcGlyph[];
  /** Ink bounds of everything drawn (ribbon and halo included), in canvas pixels. */
  readonly bounds: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
  /** Characters no bundled font has; left out. */
  readonly missing: readonly string[];
}

interface Point {
  x: number;
  y: number;
}

const MIN_RADIUS_EM = 3;
const RIBBON_PAD_EM = 0.2;
const RIBBON_END_EM = 0.45;
const TAIL_EM = 0.75;
const ARC_STEPS = 32;

/**
 * Sets `text` as one line of glyph paths along a circular arc, as large as
 * fits in `box`: every point of every outline (and of the ribbon behind it)
 * is inside the box, so nothing clips or crosses the frame. Bézier control
 * points are transformed with their curves, and a curve never leaves the hull
 * of its control points, so bounding those bounds the ink.
 */
export function typesetOnArc(face: FontFace, text: string, box: TextBox, options: ArcTextOptions): ArcText {
  const missing: string[] = [];
  const run: { art: GlyphArt; char: string }[] = [];
  for (const char of text.trim().replace(/\s+/g, ' ')) {
    const art = glyphArt(face, char);
    if (art === undefined) missing.push(char);
    else run.push({ art, char });
  }
  const empty: ArcText = { markup: '', line: '', sizePx: 0, glyphs: [], bounds: { x0: box.x, y0: box.y, x1: box.x, y1: box.y }, missing };
  if (run.every((g) => g.char === ' ') || box.width <= 0 || box.height <= 0) return empty;
  // Pen positions in ems, kerned within one font.
  const pens: number[] = [];
  let pen = 0;
  run.forEach(({ art }, i) => {
    pens.push(pen);
    pen += art.advance;
    const next = run[i + 1]?.art;
    if (next !== undefined && next.font === art.font) pen += art.font.getKerningValue(art.glyph, next.glyph) / art.font.unitsPerEm;
  });
  const width = pen;
  let ascent = 0;
  let descent = 0;
  for (const { art } of run) {
    ascent = Math.max(ascent, -art.yMin);
    descent = Math.max(descent, art.yMax);
  }
  const k = options.bend === 'up' ? 1 : -1;
  const radius = Math.max(width / ((options.sweepDeg * Math.PI) / 180), MIN_RADIUS_EM);
  // The baseline's apex is the origin; the circle's centre is `radius` below (arch) or above (smile) it.
  const baseline = (theta: number): Point => ({ x: radius * Math.sin(theta), y: k * radius * (1 - Math.cos(theta)) });
  /** A point `along` ems along the glyph's baseline and `up` ems above it, for a glyph turned to `theta`. */
  const at = (theta: number, along: number, up: number): Point => {
    const b = baseline(theta);
    const phi = k * theta;
    return { x: b.x + along * Math.cos(phi) + up * Math.sin(phi), y: b.y + along * Math.sin(phi) - up * Math.cos(phi) };
  };
  // Glyphs, at 1 px per em: each turned to the angle of its advance's middle.
  const placed = run.map(({ art, char }, i) => {
    const theta = ((pens[i] ?? 0) + art.advance / 2 - width / 2) / radius;
    const points = (c: opentype.PathCommand): Point[] => commandPoints(c).map((p) => at(theta, p.x - art.advance / 2, -p.y));
    return { art, char, theta, commands: art.commands.map((c) => ({ type: c.type, points: points(c) })) };
  });
  const ribbon = options.ribbon === undefined ? [] : ribbonShapes(at, width / 2 / radius, radius, ascent, descent);
  const haloEm = options.halo?.widthEm ?? 0;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (p: Point, margin: number): void => {
    x0 = Math.min(x0, p.x - margin);
    y0 = Math.min(y0, p.y - margin);
    x1 = Math.max(x1, p.x + margin);
    y1 = Math.max(y1, p.y + margin);
  };
  for (const g of placed) for (const c of g.commands) for (const p of c.points) grow(p, haloEm / 2);
  for (const shape of ribbon) for (const p of shape.points) grow(p, 0);
  const size = Math.min(box.width / (x1 - x0), box.height / (y1 - y0), options.maxSizePx ?? Infinity);
  const ox = box.x + (box.width - (x1 - x0) * size) / 2 - x0 * size;
  const oy = box.y + (box.height - (y1 - y0) * size) / 2 - y0 * size;
  const px = (p: Point): string => `${fmt(ox + p.x * size)} ${fmt(oy + p.y * size)}`;
  const glyphPaths: string[] = [];
  const glyphs: ArcGlyph[] = [];
  for (const g of placed) {
    if (g.char === ' ') continue;
    let d = '';
    for (const c of g.commands) d += c.type === 'Z' ? 'Z' : `${c.type}${c.points.map(px).join(' ')}`;
    glyphPaths.push(tag('path', { d }));
    const origin = at(g.theta, -g.art.advance / 2, 0);
    glyphs.push({
      char: g.char,
      glyph: g.art.glyph,
      x: ox + origin.x * size,
      y: oy + origin.y * size,
      angleRad: k * g.theta,
      sizePx: size,
    });
  }
  const layers: string[] = [];
  if (options.halo !== undefined) {
    const { color, widthEm } = options.halo;
    layers.push(tag('g', { fill: color, stroke: color, 'stroke-width': widthEm * size, 'stroke-linejoin': 'round' }, glyphPaths));
  }
  layers.push(tag('g', { fill: options.fill }, glyphPaths));
  const ribbonMarkup =
    options.ribbon === undefined
      ? ''
      : tag(
          'g',
          { 'data-ribbon': options.name },
          ribbon.map((shape) =>
            tag('path', {
              d: `M${shape.points.map(px).join('L')}Z`,
              fill: shape.part === 'band' ? options.ribbon!.color : options.ribbon!.shade,
            }),
          ),
        );
  return {
    markup: ribbonMarkup + tag('g', { 'data-text': options.name }, layers),
    line: run.map((g) => g.char).join(''),
    sizePx: size,
    glyphs,
    bounds: { x0: ox + x0 * size, y0: oy + y0 * size, x1: ox + x1 * size, y1: oy + y1 * size },
    missing,
  };
}

/** A path command's points in order: its control points, then where it ends (none for Z). */
export function commandPoints(c: opentype.PathCommand): Point[] {
  if (c.type === 'Z') return [];
  if (c.type === 'C')
    return [
      { x: c.x1, y: c.y1 },
      { x: c.x2, y: c.y2 },
      { x: c.x, y: c.y },
    ];
  if (c.type === 'Q')
    return [
      { x: c.x1, y: c.y1 },
      { x: c.x, y: c.y },
    ];
  return [{ x: c.x, y: c.y }];
}

/**
 * The ribbon at 1 px per em: a band following the arc from a little before
 * the first glyph to a little after the last, and a swallowtail hanging
 * behind each end. Outlines are polygons, so their points are their bounds.
 */
function ribbonShapes(
  at: (theta: number, along: number, up: number) => Point,
  halfSweep: number,
  radius: number,
  ascent: number,
  descent: number,
): { part: 'band' | 'tail'; points: Point[] }[] {
  const outer = ascent + RIBBON_PAD_EM;
  const inner = -descent - RIBBON_PAD_EM;
  const end = halfSweep + RIBBON_END_EM / radius;
  const band: Point[] = [];
  for (let i = 0; i <= ARC_STEPS; i++) band.push(at(-end + (2 * end * i) / ARC_STEPS, 0, outer));
  for (let i = ARC_STEPS; i >= 0; i--) band.push(at(-end + (2 * end * i) / ARC_STEPS, 0, inner));
  const height = outer - inner;
  // Tails sit lower than the band (down the page, whichever way it bends) and stick out past its ends.
  const drop = height * 0.35;
  const tail = (side: 1 | -1): Point[] => {
    const tucked = side * (end - (height * 0.6) / radius);
    const tip = side * (end + TAIL_EM / radius);
    const lower = (p: Point): Point => ({ x: p.x, y: p.y + drop });
    return [
      lower(at(tucked, 0, outer)),
      lower(at(tip, 0, outer)),
      lower(at(tip, -side * TAIL_EM * 0.4, (outer + inner) / 2)),
      lower(at(tip, 0, inner)),
      lower(at(tucked, 0, inner)),
    ];
  };
  return [
    { part: 'tail', points: tail(-1) },
    { part: 'tail', points: tail(1) },
    { part: 'band', points: band },
  ];
}
