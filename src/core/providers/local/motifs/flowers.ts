import { darken, lighten } from '../color-math.ts';
import type { DrawContext } from '../draw-context.ts';
import { fmt, motifGroup, path, tag } from '../svg-markup.ts';
import { ellipsePath, leafPath } from './shape-paths.ts';

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

type Bloom = 'daisy' | 'rose';

/** A blossom centred on (x, y) with radius r: a layered daisy or a ruffled rose. */
function flower(ctx: DrawContext, x: number, y: number, r: number, color: string, kind: Bloom, turn: number): string {
  const edge = darken(color, 0.14);
  const line = Math.max(0.5, r * 0.035);
  if (kind === 'rose') {
    const spiral: string[] = [];
    for (let i = 0; i <= 22; i++) {
      const a = (turn * Math.PI) / 180 + i * 0.42;
      const rr = r * (0.36 - i * 0.013);
      spiral.push(`${fmt(x + Math.cos(a) * rr)} ${fmt(y + Math.sin(a) * rr)}`);
    }
    return [
      tag('path', { d: ruffle(x, y, r, 5, turn), fill: color, stroke: edge, 'stroke-width': line }),
      tag('path', { d: ruffle(x, y, r * 0.64, 4, turn + 40), fill: lighten(color, 0.12), stroke: edge, 'stroke-width': line }),
      tag('path', {
        d: `M${spiral.join('L')}`,
        fill: 'none',
        stroke: edge,
        'stroke-width': r * 0.07,
        'stroke-linecap': 'round',
        'stroke-linejoin': 'round',
      }),
    ].join('');
  }
  const petals = 6;
  let outer = '';
  let inner = '';
  for (let i = 0; i < petals; i++) {
    const a = turn + (i * 360) / petals;
    const rad = (a * Math.PI) / 180;
    outer += ellipsePath({ x: x + Math.sin(rad) * r * 0.5, y: y - Math.cos(rad) * r * 0.5, size: r * 0.5, angle: a }, 0.56);
    const b = a + 180 / petals;
    const brad = (b * Math.PI) / 180;
    inner += ellipsePath({ x: x + Math.sin(brad) * r * 0.32, y: y - Math.cos(brad) * r * 0.32, size: r * 0.32, angle: b }, 0.55);
  }
  const heart = ctx.palette.metal === color ? darken(color, 0.3) : ctx.palette.metal;
  return [
    tag('path', { d: outer, fill: color, stroke: edge, 'stroke-width': line }),
    tag('path', { d: inner, fill: lighten(color, 0.35) }),
    tag('circle', { cx: x, cy: y, r: r * 0.2, fill: heart }),
  ].join('');
}

/** A circle with `count` rounded bumps: the outline of a rose's petal layer. */
function ruffle(x: number, y: number, r: number, count: number, turn: number): string {
  let d = '';
  for (let i = 0; i <= count; i++) {
    const a = ((turn + (i * 360) / count) * Math.PI) / 180;
    const px = x + Math.cos(a) * r * 0.9;
    const py = y + Math.sin(a) * r * 0.9;
    d += i === 0 ? path`M${px} ${py}` : path`A${r * 0.62} ${r * 0.62} 0 0 1 ${px} ${py}`;
  }
  return `${d}Z`;
}

/** Blossom colours: the style's accents except the leaf green and the darkest ink, plus its lightest colour. */
function bloomColors(ctx: DrawContext): string[] {
  const { palette, dice } = ctx;
  const soft = palette.accents.filter((c) => c !== palette.leaf && c !== palette.ink);
  const pool = [...new Set([...soft, palette.light])];
  return dice.shuffle(pool.length > 1 ? pool : palette.accents);
}

/** Lush sprays of leaves and blossoms growing in from the given corners. */
export function drawFlowerSprays(ctx: DrawContext, corners: readonly Corner[]): string {
  const { width: w, height: h, unit, dice, palette } = ctx;
  const parts: string[] = [];
  for (const corner of corners) {
    const cx = corner.endsWith('left') ? 0 : w;
    const cy = corner.startsWith('top') ? 0 : h;
    // Degrees, 0 = up, clockwise: from the corner into the picture.
    const inward = corner === 'top-left' ? 135 : corner === 'top-right' ? 225 : corner === 'bottom-left' ? 45 : 315;
    const colors = bloomColors(ctx);
    const at = (spread: number, distance: number): [number, number] => {
      const rad = ((inward + spread) * Math.PI) / 180;
      return [cx + Math.sin(rad) * unit * distance, cy - Math.cos(rad) * unit * distance];
    };
    let back = '';
    for (let i = 0; i < 9; i++) {
      back += leafPath({ x: cx, y: cy, size: unit * dice.between(0.22, 0.32), angle: inward + (i - 4) * 17 + dice.between(-5, 5) }, 0.3);
    }
    let front = '';
    for (let i = 0; i < 6; i++) {
      const [lx, ly] = at((i - 2.5) * 26, 0.12);
      front += leafPath({ x: lx, y: ly, size: unit * dice.between(0.1, 0.15), angle: inward + (i - 2.5) * 30 }, 0.34);
    }
    let berries = '';
    for (let i = 0; i < 5; i++) {
      const [bx, by] = at((i - 2) * 24 + dice.between(-6, 6), dice.between(0.27, 0.33));
      const br = unit * 0.011;
      berries += path`M${bx - br} ${by}a${br} ${br} 0 1 0 ${br * 2} 0a${br} ${br} 0 1 0 ${-br * 2} 0Z`;
    }
    const side = dice.pick([-1, 1]);
    const blooms: { spread: number; distance: number; r: number }[] = [
      { spread: side * 52, distance: 0.25, r: 0.042 },
      { spread: -38, distance: 0.19, r: 0.065 },
      { spread: 38, distance: 0.19, r: 0.065 },
      { spread: 0, distance: 0.09, r: 0.095 },
    ];
    const roses = dice.chance(0.5);
    const flowers = blooms.map((b, i) => {
      const [fx, fy] = at(b.spread, b.distance);
      const kind: Bloom = roses === (i % 2 === 1) ? 'rose' : 'daisy';
      return flower(ctx, fx, fy, unit * b.r, colors[i % colors.length] ?? palette.ink, kind, dice.between(0, 60));
    });
    parts.push(
      tag('path', { d: back, fill: darken(palette.leaf, 0.12) }),
      tag('path', { d: front, fill: palette.leaf }),
      tag('path', { d: berries, fill: palette.metal }),
      ...flowers,
    );
  }
  return motifGroup('flowers', parts);
}

/**
 * A wreath round a circle: `half` climbs both sides from the bottom; a
 * `crescent` sweeps from the bottom up one side and over the top.
 */
export function drawWreath(ctx: DrawContext, cx: number, cy: number, radius: number, form: 'half' | 'crescent'): string {
  const { dice, palette, unit } = ctx;
  const colors = bloomColors(ctx);
  const kind: Bloom = dice.chance(0.5) ? 'rose' : 'daisy';
  // Each arm: a start angle (degrees, 0 = top, clockwise), a direction and a leaf count.
  const arms =
    form === 'half'
      ? [
          { from: 180, dir: -1, leaves: 11 },
          { from: 180, dir: 1, leaves: 11 },
        ]
      : [{ from: 150, dir: 1, leaves: 17 }];
  const flip = form === 'crescent' && dice.chance(0.5) ? -1 : 1;
  let back = '';
  let front = '';
  const blooms: string[] = [];
  for (const arm of arms) {
    const dir = arm.dir * flip;
    for (let i = 0; i < arm.leaves; i++) {
      const a = arm.from * flip + dir * (i * 13 + 6);
      const rad = (a * Math.PI) / 180;
      const px = cx + Math.sin(rad) * radius;
      const py = cy - Math.cos(rad) * radius;
      const size = unit * 0.07 * (1 - (i / arm.leaves) * 0.38);
      back += leafPath({ x: px, y: py, size, angle: a + dir * 90 + 38 }, 0.34);
      front += leafPath({ x: px, y: py, size: size * 0.85, angle: a + dir * 90 - 38 }, 0.34);
      if (i % 4 === 3) {
        const r = unit * (i < 5 ? 0.045 : 0.034);
        blooms.push(flower(ctx, px, py, r, colors[(i + (dir > 0 ? 1 : 0)) % colors.length] ?? palette.ink, kind, dice.between(0, 60)));
      }
    }
  }
  const startRad = ((arms[0]?.from ?? 180) * flip * Math.PI) / 180;
  blooms.push(
    flower(ctx, cx + Math.sin(startRad) * radius, cy - Math.cos(startRad) * radius, unit * 0.058, colors[0] ?? palette.ink, kind, 0),
  );
  return motifGroup('flowers', [
    tag('path', { d: back, fill: darken(palette.leaf, 0.12) }),
    tag('path', { d: front, fill: palette.leaf }),
    ...blooms,
  ]);
}

/** A border of blossoms and leaves along the bottom edge. */
export function drawFlowerBorder(ctx: DrawContext): string {
  const { width: w, height: h, unit, dice, palette } = ctx;
  const colors = bloomColors(ctx);
  const kind: Bloom = dice.chance(0.5) ? 'rose' : 'daisy';
  const count = Math.min(24, Math.max(3, Math.round(w / (unit * 0.15))));
  const step = w / count;
  let back = '';
  let front = '';
  const blooms: string[] = [];
  for (let i = 0; i <= count; i++) {
    const x = i * step + dice.between(-0.1, 0.1) * step;
    const big = i % 2 === 0;
    const y = h - unit * (big ? 0.035 : 0.06);
    for (const turn of [-55, -20, 20, 55]) {
      back += leafPath(
        { x: x + step / 2, y: h + unit * 0.01, size: unit * dice.between(0.09, 0.14), angle: turn + dice.between(-8, 8) },
        0.32,
      );
    }
    front += leafPath({ x, y, size: unit * 0.08, angle: dice.pick([-40, 40]) }, 0.34);
    blooms.push(flower(ctx, x, y, unit * (big ? 0.06 : 0.04), colors[i % colors.length] ?? palette.ink, kind, dice.between(0, 60)));
  }
  return motifGroup('flowers', [
    tag('path', { d: back, fill: darken(palette.leaf, 0.12) }),
    tag('path', { d: front, fill: palette.leaf }),
    ...blooms,
  ]);
}
