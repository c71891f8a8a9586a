import { mix } from '../color-math.ts';
import type { DrawContext } from '../draw-context.ts';
import { fmt, motifGroup, path, tag } from '../svg-markup.ts';
import type { FlagShape } from '../style-tuning.ts';

type Vec = readonly [number, number];

/** A garland: a sagging string from `start` to `end` with pennants along it. */
interface Garland {
  readonly start: Vec;
  readonly end: Vec;
  /** How far the middle of the string hangs below the straight line. */
  readonly sag: number;
  readonly flagWidth: number;
  readonly shape: FlagShape;
  readonly colors: readonly string[];
  /** 0 for the front string; towards 1 fades a back string into the background (cheaper than group opacity). */
  readonly fade: number;
}

export type BuntingLayout = 'swag' | 'double-swag' | 'layered';

/**
 * Bunting across the top: one swag, two swags meeting at a centre pin, or two
 * layered strings. Returns the markup and how far down it reaches, so the
 * rest of the layout can stay clear of it.
 */
export function drawBunting(ctx: DrawContext, layout: BuntingLayout): { markup: string; bottom: number } {
  const { width: w, height: h, unit, dice, palette, tuning } = ctx;
  const shape = dice.pick(tuning.flags);
  const colors = dice.shuffle(palette.accents);
  // At most about 40 flags across, however wide the canvas.
  const flagWidth = Math.max(unit * dice.between(0.065, 0.085), w / 40);
  const top = h * dice.between(0.02, 0.05);
  const garlands: Garland[] = [];
  const base = { flagWidth, shape, colors, fade: 0 };
  if (layout === 'double-swag') {
    const sag = unit * dice.between(0.07, 0.1);
    garlands.push({ ...base, start: [-w * 0.02, top], end: [w * 0.5, top + unit * 0.02], sag });
    garlands.push({ ...base, start: [w * 0.5, top + unit * 0.02], end: [w * 1.02, top], sag, colors: [...colors].reverse() });
  } else {
    if (layout === 'layered') {
      garlands.push({
        ...base,
        start: [-w * 0.02, top * 0.4],
        end: [w * 1.02, top * 0.4],
        sag: unit * 0.07,
        flagWidth: flagWidth * 0.72,
        colors: dice.shuffle(palette.accents),
        fade: 0.45,
      });
    }
    garlands.push({ ...base, start: [-w * 0.02, top], end: [w * 1.02, top], sag: unit * dice.between(0.12, 0.17) });
  }
  const parts = garlands.map((g) => garland(ctx, g));
  if (layout === 'double-swag') parts.push(pin(ctx, w * 0.5, top + unit * 0.02, colors[0] ?? palette.ink));
  const lowest = Math.max(...garlands.map((g) => Math.max(g.start[1], g.end[1]) + g.sag)) + flagWidth * 1.3;
  return { markup: motifGroup('bunting', parts), bottom: lowest };
}

function garland(ctx: DrawContext, g: Garland): string {
  const { unit, palette, tuning } = ctx;
  const control: Vec = [(g.start[0] + g.end[0]) / 2, (g.start[1] + g.end[1]) / 2 + g.sag * 2];
  const samples = sampleCurve(g.start, control, g.end, 120);
  const total = samples[samples.length - 1]?.length ?? 0;
  const spacing = g.flagWidth * 1.12;
  // Half a flag's margin at each end keeps flags of meeting swags apart.
  const count = Math.max(2, Math.floor(total / spacing - 0.5));
  const offset = (total - (count - 1) * spacing) / 2;
  const height = g.flagWidth * (g.shape === 'scallop' ? 1.05 : 1.25);
  let flags = '';
  let shadows = '';
  const decorations: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = pointAt(samples, offset + i * spacing);
    const color = mix(g.colors[i % g.colors.length] ?? palette.ink, palette.background, g.fade);
    const outline = flagOutline(g.shape, g.flagWidth * 0.96, height, at.x, at.y, at.angle);
    flags += tag('path', { d: outline, fill: color });
    shadows += flagOutline(g.shape, g.flagWidth * 0.96, height, at.x + unit * 0.004, at.y + unit * 0.006, at.angle);
    // A stitched inner edge reads as fabric rather than paper.
    decorations.push(flagOutline(g.shape, g.flagWidth * 0.7, height * 0.72, at.x, at.y + Math.cos(at.angle) * height * 0.09, at.angle));
  }
  const string = tag('path', {
    d: path`M${g.start[0]} ${g.start[1]}Q${control[0]} ${control[1]} ${g.end[0]} ${g.end[1]}`,
    fill: 'none',
    stroke: palette.ink,
    'stroke-opacity': 0.6,
    'stroke-width': Math.max(1, unit * 0.004),
  });
  const stitch = tag('path', {
    d: decorations.join(''),
    fill: 'none',
    stroke: palette.dark ? palette.light : '#ffffff',
    'stroke-opacity': 0.7 * (1 - g.fade),
    'stroke-width': Math.max(0.6, unit * 0.0025),
    'stroke-dasharray': `${fmt(unit * 0.008)} ${fmt(unit * 0.006)}`,
  });
  const shadow = tuning.flat || g.fade > 0 ? '' : tag('path', { d: shadows, fill: '#000000', 'fill-opacity': palette.dark ? 0.3 : 0.1 });
  return tag('g', {}, [shadow, string, flags, stitch]);
}

/** A pennant hanging from (x, y), its top edge along the string's angle. */
function flagOutline(shape: FlagShape, width: number, height: number, x: number, y: number, angle: number): string {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const at = (lx: number, ly: number): string => `${fmt(x + lx * cos - ly * sin)} ${fmt(y + lx * sin + ly * cos)}`;
  const hw = width / 2;
  if (shape === 'triangle') return `M${at(-hw, 0)}L${at(hw, 0)}L${at(0, height)}Z`;
  if (shape === 'swallowtail') return `M${at(-hw, 0)}L${at(hw, 0)}L${at(hw, height)}L${at(0, height * 0.7)}L${at(-hw, height)}Z`;
  const side = height - hw;
  return `M${at(-hw, 0)}L${at(hw, 0)}L${at(hw, side)}A${fmt(hw)} ${fmt(hw)} 0 0 1 ${at(-hw, side)}Z`;
}

function pin(ctx: DrawContext, x: number, y: number, color: string): string {
  const r = ctx.unit * 0.018;
  return [
    tag('circle', { cx: x, cy: y, r: r * 1.6, fill: color, 'fill-opacity': 0.35 }),
    tag('circle', { cx: x, cy: y, r, fill: color }),
    tag('circle', { cx: x - r * 0.3, cy: y - r * 0.3, r: r * 0.35, fill: '#ffffff', 'fill-opacity': 0.7 }),
  ].join('');
}

interface CurveSample {
  readonly x: number;
  readonly y: number;
  readonly angle: number;
  readonly length: number;
}

/** Samples a quadratic Bézier with running arc length, so flags can be evenly spaced. */
function sampleCurve(p0: Vec, p1: Vec, p2: Vec, steps: number): CurveSample[] {
  const out: CurveSample[] = [];
  let length = 0;
  let prev: Vec = p0;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const x = (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0];
    const y = (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1];
    const dx = 2 * (1 - t) * (p1[0] - p0[0]) + 2 * t * (p2[0] - p1[0]);
    const dy = 2 * (1 - t) * (p1[1] - p0[1]) + 2 * t * (p2[1] - p1[1]);
    length += Math.hypot(x - prev[0], y - prev[1]);
    prev = [x, y];
    out.push({ x, y, angle: Math.atan2(dy, dx), length });
  }
  return out;
}

function pointAt(samples: readonly CurveSample[], length: number): CurveSample {
  for (const sample of samples) if (sample.length >= length) return sample;
  return samples[samples.length - 1] as CurveSample;
}
