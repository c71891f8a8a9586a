import { hueSaturation } from '../color-math.ts';
import type { DrawContext } from '../draw-context.ts';
import { motifGroup, path, tag } from '../svg-markup.ts';

type CornerPoint = readonly [x: number, y: number, inX: 1 | -1, inY: 1 | -1];

export interface GeometricAccentOptions {
  readonly dots: boolean;
  readonly stripes: boolean;
}

/**
 * Bold simple shapes for sparse, modern styles: discs, quarter circles and
 * rings tucked into corners, with dots and stripes as small graphic blocks
 * rather than wallpaper, leaving the middle open.
 */
export function drawGeometricAccents(ctx: DrawContext, options: GeometricAccentOptions): string {
  const { width: w, height: h, unit, dice, palette } = ctx;
  const corners = dice.shuffle<CornerPoint>([
    [0, 0, 1, 1],
    [w, 0, -1, 1],
    [0, h, 1, -1],
    [w, h, -1, -1],
  ]);
  const chromatic = palette.accents.filter((c) => hueSaturation(c).saturation > 0.3);
  const colors = dice.shuffle(chromatic.length > 1 ? chromatic : palette.accents);
  const parts: string[] = [];
  const shapes = dice.shuffle(['disc', 'quarter', 'ring', 'arch'] as const).slice(0, 2);
  shapes.forEach((shape, i) => {
    const [cx, cy, ix, iy] = corners[i] as CornerPoint;
    const color = colors[i % colors.length] ?? palette.ink;
    const r = unit * dice.between(0.2, 0.3);
    if (shape === 'disc') {
      parts.push(tag('circle', { cx: cx + ix * r * 0.35, cy: cy + iy * r * 0.35, r, fill: color }));
    } else if (shape === 'quarter') {
      parts.push(
        tag('path', {
          d: path`M${cx} ${cy}h${ix * r * 1.2}A${r * 1.2} ${r * 1.2} 0 0 ${ix === iy ? 1 : 0} ${cx} ${cy + iy * r * 1.2}Z`,
          fill: color,
        }),
      );
    } else if (shape === 'ring') {
      parts.push(
        tag('circle', {
          cx: cx + ix * r * 0.3,
          cy: cy + iy * r * 0.3,
          r: r * 0.9,
          fill: 'none',
          stroke: color,
          'stroke-width': unit * 0.035,
        }),
      );
    } else {
      // A half disc standing on the top or bottom edge.
      const ax = cx + ix * unit * dice.between(0.22, 0.32);
      parts.push(
        tag('path', { d: path`M${ax - r * 0.8} ${cy}A${r * 0.8} ${r * 0.8} 0 0 ${iy > 0 ? 0 : 1} ${ax + r * 0.8} ${cy}Z`, fill: color }),
      );
    }
  });
  const [dx, dy, dix, diy] = corners[2] as CornerPoint;
  if (options.dots) {
    const step = unit * 0.038;
    const r = unit * 0.008;
    let d = '';
    for (let row = 0; row < 4; row++) {
      for (let col = 0; col < 5; col++) {
        const x = dx + dix * (unit * 0.1 + col * step);
        const y = dy + diy * (unit * 0.1 + row * step);
        d += path`M${x - r} ${y}a${r} ${r} 0 1 0 ${r * 2} 0a${r} ${r} 0 1 0 ${-r * 2} 0Z`;
      }
    }
    parts.push(motifGroup('dots', [tag('path', { d, fill: palette.ink })]));
  }
  if (options.stripes) {
    const [sx, sy, six, siy] = (options.dots ? corners[3] : corners[2]) as CornerPoint;
    const color = colors[2 % colors.length] ?? palette.ink;
    const length = unit * 0.14;
    let d = '';
    for (let i = 0; i < 6; i++) {
      const x = sx + six * (unit * 0.09 + i * unit * 0.028);
      const y = sy + siy * unit * 0.09;
      d += path`M${x} ${y}l${six * length * 0.5} ${siy * length}`;
    }
    parts.push(
      motifGroup('stripes', [tag('path', { d, fill: 'none', stroke: color, 'stroke-width': unit * 0.01, 'stroke-linecap': 'round' })]),
    );
  }
  return tag('g', { 'data-layer': 'geometric' }, parts);
}
