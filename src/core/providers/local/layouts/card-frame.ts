import { mix } from '../color-math.ts';
import type { DrawContext } from '../draw-context.ts';
import { tag } from '../svg-markup.ts';

/**
 * A card's border, `inset` pixels in from the edge: the seed picks a single
 * line, a double line or a dashed line, in the palette's metal or first accent.
 */
export function drawCardFrame(ctx: DrawContext, inset: number): string {
  const { width, height, unit, dice, palette } = ctx;
  const color = dice.pick([palette.metal, palette.accents[0] ?? palette.ink]);
  const kind = dice.pick(['single', 'double', 'dashed'] as const);
  const stroke = unit * 0.008;
  const rect = (d: number, extra: Record<string, string | number> = {}): string =>
    tag('rect', {
      x: inset + d,
      y: inset + d,
      width: width - 2 * (inset + d),
      height: height - 2 * (inset + d),
      rx: unit * 0.03,
      fill: 'none',
      stroke: color,
      'stroke-width': stroke,
      ...extra,
    });
  const parts = [
    tag('rect', {
      x: inset,
      y: inset,
      width: width - 2 * inset,
      height: height - 2 * inset,
      rx: unit * 0.03,
      fill: mix(palette.background, '#ffffff', palette.dark ? 0.06 : 0.5),
      'fill-opacity': 0.55,
    }),
  ];
  if (kind === 'single') parts.push(rect(0, { 'stroke-width': stroke * 1.6 }));
  if (kind === 'double') parts.push(rect(0), rect(unit * 0.015));
  if (kind === 'dashed') parts.push(rect(0, { 'stroke-dasharray': `${unit * 0.02} ${unit * 0.012}`, 'stroke-linecap': 'round' }));
  return tag('g', { 'data-part': 'frame' }, parts);
}
