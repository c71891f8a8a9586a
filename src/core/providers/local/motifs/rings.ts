import { darken, lighten } from '../color-math.ts';
import type { DrawContext } from '../draw-context.ts';
import { motifGroup, path, tag } from '../svg-markup.ts';
import { sparklePath } from './shape-paths.ts';

/** Two interlocked rings, a diamond on one, a glint or two; about 2 × size wide. */
export function drawRings(ctx: DrawContext, cx: number, cy: number, size: number): string {
  const { palette, tuning } = ctx;
  const metal = palette.metal;
  const r = size * 0.5;
  const stroke = r * 0.17;
  const gold = tuning.flat
    ? metal
    : `url(#${ctx.defs.once('ring-metal', (id) =>
        tag('linearGradient', { id, x1: '0', y1: '0', x2: '1', y2: '1' }, [
          tag('stop', { offset: '0', 'stop-color': lighten(metal, 0.5) }),
          tag('stop', { offset: '0.45', 'stop-color': metal }),
          tag('stop', { offset: '1', 'stop-color': darken(metal, 0.3) }),
        ]),
      )})`;
  const left = { x: cx - r * 0.55, y: cy + r * 0.18 };
  const right = { x: cx + r * 0.55, y: cy + r * 0.02 };
  const ring = (x: number, y: number): string => tag('circle', { cx: x, cy: y, r, fill: 'none', stroke: gold, 'stroke-width': stroke });
  // Redrawing a short arc of the left ring over the right one makes them look linked.
  const a0 = (-78 * Math.PI) / 180;
  const a1 = (-35 * Math.PI) / 180;
  const overArc = path`M${left.x + Math.cos(a0) * r} ${left.y + Math.sin(a0) * r}A${r} ${r} 0 0 1 ${left.x + Math.cos(a1) * r} ${left.y + Math.sin(a1) * r}`;
  const g = r * 0.42;
  const gx = right.x;
  const gy = right.y - r - stroke * 0.2;
  const gem = path`M${gx - g * 0.5} ${gy - g * 0.55}L${gx - g * 0.28} ${gy - g * 0.9}L${gx + g * 0.28} ${gy - g * 0.9}L${gx + g * 0.5} ${gy - g * 0.55}L${gx} ${gy + g * 0.1}Z`;
  const facets = path`M${gx - g * 0.5} ${gy - g * 0.55}L${gx + g * 0.5} ${gy - g * 0.55}M${gx - g * 0.28} ${gy - g * 0.9}L${gx - g * 0.12} ${gy - g * 0.55}L${gx} ${gy + g * 0.1}L${gx + g * 0.12} ${gy - g * 0.55}L${gx + g * 0.28} ${gy - g * 0.9}`;
  const glint = palette.dark ? palette.light : metal;
  return motifGroup('rings', [
    ring(left.x, left.y),
    ring(right.x, right.y),
    tag('path', { d: overArc, fill: 'none', stroke: gold, 'stroke-width': stroke, 'stroke-linecap': 'butt' }),
    tag('path', {
      d: gem,
      fill: palette.dark ? palette.light : '#ffffff',
      stroke: darken(metal, 0.2),
      'stroke-width': stroke * 0.35,
      'stroke-linejoin': 'round',
    }),
    tag('path', {
      d: facets,
      fill: 'none',
      stroke: darken(metal, 0.1),
      'stroke-width': stroke * 0.22,
      'stroke-linejoin': 'round',
      'stroke-opacity': 0.8,
    }),
    tag('path', {
      d:
        sparklePath({ x: gx + g * 0.95, y: gy - g * 1.2, size: g * 0.45, angle: 0 }) +
        sparklePath({ x: gx - g * 1.05, y: gy - g * 0.2, size: g * 0.28, angle: 0 }),
      fill: glint,
    }),
  ]);
}
