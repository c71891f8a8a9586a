import { contrast, darken, lighten, mix } from '../color-math.ts';
import type { DrawContext } from '../draw-context.ts';
import { fmt, path, tag } from '../svg-markup.ts';
import type { BadgeShape } from '../style-tuning.ts';

/**
 * The central emblem: a panel with a border and an inner stitched line, left
 * open for a centrepiece or for the designer's own lettering later. `r` is
 * half its height.
 */
export function drawBadge(ctx: DrawContext, shape: BadgeShape, cx: number, cy: number, r: number): string {
  const { palette, tuning, dice } = ctx;
  const panel = palette.dark ? mix(palette.background, palette.light, 0.1) : lighten(palette.background, 0.75);
  // On dark grounds only the brightest accents make a border that reads.
  const bright = [...palette.accents].sort((a, b) => contrast(b, palette.background) - contrast(a, palette.background)).slice(0, 2);
  const border = dice.pick(palette.dark ? [palette.metal, ...bright] : [palette.metal, palette.accents[0] ?? palette.ink]);
  const outline = outlineFor(shape, cx, cy, r, r);
  const inner = outlineFor(shape, cx, cy, r * 0.86, r * 0.86);
  const shadowOffset = r * 0.04;
  const parts: string[] = [];
  if (!tuning.flat) {
    parts.push(
      tag('path', {
        d: outlineFor(shape, cx, cy + shadowOffset, r * 1.02, r * 1.02),
        fill: '#000000',
        'fill-opacity': palette.dark ? 0.35 : 0.08,
      }),
    );
  }
  if (shape === 'rosette') parts.push(tag('path', { d: scallops(cx, cy, r * 1.1, 20), fill: border }));
  parts.push(tag('path', { d: outline, fill: panel, stroke: border, 'stroke-width': r * (shape === 'rosette' ? 0.02 : 0.045) }));
  parts.push(
    tag('path', {
      d: inner,
      fill: 'none',
      stroke: palette.dark ? palette.light : darken(border, 0.05),
      'stroke-opacity': palette.dark ? 0.45 : 0.6,
      'stroke-width': Math.max(0.6, r * 0.014),
      'stroke-dasharray': `${fmt(r * 0.05)} ${fmt(r * 0.035)}`,
    }),
  );
  return tag('g', { 'data-badge': shape }, parts);
}

/** Outline path of a badge shape; `ry` is half the height, widths follow from it. */
function outlineFor(shape: BadgeShape, cx: number, cy: number, rx: number, ry: number): string {
  if (shape === 'circle' || shape === 'rosette') {
    return path`M${cx - rx} ${cy}a${rx} ${ry} 0 1 0 ${rx * 2} 0a${rx} ${ry} 0 1 0 ${-rx * 2} 0Z`;
  }
  if (shape === 'frame') {
    const hw = rx * 1.3;
    const c = ry * 0.14;
    return path`M${cx - hw + c} ${cy - ry}H${cx + hw - c}Q${cx + hw} ${cy - ry} ${cx + hw} ${cy - ry + c}V${cy + ry - c}Q${cx + hw} ${cy + ry} ${cx + hw - c} ${cy + ry}H${cx - hw + c}Q${cx - hw} ${cy + ry} ${cx - hw} ${cy + ry - c}V${cy - ry + c}Q${cx - hw} ${cy - ry} ${cx - hw + c} ${cy - ry}Z`;
  }
  const hw = rx * 0.82;
  return path`M${cx - hw} ${cy + ry}V${cy - ry + hw}A${hw} ${hw} 0 0 1 ${cx + hw} ${cy - ry + hw}V${cy + ry}Z`;
}

/** A scalloped disc (rosette edge) of `count` bumps. */
function scallops(cx: number, cy: number, r: number, count: number): string {
  const bump = (Math.PI * r) / count;
  let d = '';
  for (let i = 0; i <= count; i++) {
    const a = (i * 2 * Math.PI) / count;
    const x = cx + Math.cos(a) * r;
    const y = cy + Math.sin(a) * r;
    d += i === 0 ? path`M${x} ${y}` : path`A${bump} ${bump} 0 0 1 ${x} ${y}`;
  }
  return `${d}Z`;
}
