import { darken, lighten } from '../color-math.ts';
import type { DrawContext } from '../draw-context.ts';
import { motifGroup, path, tag } from '../svg-markup.ts';

/** A tiered cake with dripping icing and lit candles, centred on (cx, cy), about 2 × size tall. */
export function drawCake(ctx: DrawContext, cx: number, cy: number, size: number): string {
  const { dice, palette } = ctx;
  const tiers = dice.int(2, 3);
  const tierHeight = size * (tiers === 3 ? 0.42 : 0.55);
  const widths = tiers === 3 ? [1.5, 1.12, 0.76] : [1.45, 1.0];
  const colors = dice.shuffle(palette.accents);
  const sponge = palette.dark ? palette.light : lighten(palette.soft[0] ?? palette.light, 0.3);
  const bottom = cy + size * 0.8;
  const parts: string[] = [];
  parts.push(
    tag('ellipse', {
      cx,
      cy: bottom,
      rx: size * 0.95,
      ry: size * 0.09,
      fill: palette.dark ? lighten(palette.background, 0.25) : darken(palette.background, 0.08),
    }),
  );
  let y = bottom;
  let topWidth = 0;
  for (let t = 0; t < tiers; t++) {
    const w = size * (widths[t] ?? 1);
    const x0 = cx - w / 2;
    y -= tierHeight;
    topWidth = w;
    const icing = colors[t % colors.length] ?? palette.ink;
    const decor = colors[(t + 1) % colors.length] ?? palette.ink;
    parts.push(tag('rect', { x: x0, y, width: w, height: tierHeight, rx: size * 0.05, fill: sponge }));
    parts.push(tag('path', { d: drips(x0, y, w, tierHeight, dice.int(5, 7), dice.between(0, 1)), fill: icing }));
    // A row of sugar pearls along the tier.
    const pearls = Math.max(4, Math.round(w / (size * 0.16)));
    let d = '';
    for (let i = 0; i < pearls; i++) {
      const px = x0 + (w * (i + 0.5)) / pearls;
      const py = y + tierHeight * 0.72;
      const pr = size * 0.028;
      d += path`M${px - pr} ${py}a${pr} ${pr} 0 1 0 ${pr * 2} 0a${pr} ${pr} 0 1 0 ${-pr * 2} 0Z`;
    }
    parts.push(tag('path', { d, fill: decor }));
  }
  const candles = tiers === 3 ? 3 : dice.int(3, 5);
  let flames = '';
  let glows = '';
  for (let i = 0; i < candles; i++) {
    const x = cx - topWidth * 0.32 + (topWidth * 0.64 * (i + 0.5)) / candles;
    const cw = size * 0.06;
    const ch = size * 0.3;
    const color = colors[(i + 2) % colors.length] ?? palette.ink;
    parts.push(tag('rect', { x: x - cw / 2, y: y - ch, width: cw, height: ch, rx: cw * 0.3, fill: color }));
    parts.push(
      tag('path', {
        d: path`M${x - cw / 2} ${y - ch * 0.55}l${cw} ${-ch * 0.15}M${x - cw / 2} ${y - ch * 0.2}l${cw} ${-ch * 0.15}`,
        stroke: lighten(color, 0.5),
        'stroke-width': cw * 0.25,
      }),
    );
    const fy = y - ch - size * 0.02;
    const f = size * 0.055;
    flames += path`M${x} ${fy - f * 2}C${x + f * 0.9} ${fy - f * 0.9} ${x + f * 0.8} ${fy} ${x} ${fy}C${x - f * 0.8} ${fy} ${x - f * 0.9} ${fy - f * 0.9} ${x} ${fy - f * 2}Z`;
    glows += path`M${x - f * 1.8} ${fy - f * 0.8}a${f * 1.8} ${f * 1.8} 0 1 0 ${f * 3.6} 0a${f * 1.8} ${f * 1.8} 0 1 0 ${-f * 3.6} 0Z`;
  }
  parts.push(tag('path', { d: glows, fill: palette.metal, 'fill-opacity': 0.22 }), tag('path', { d: flames, fill: palette.metal }));
  return motifGroup('cake', parts);
}

/** Icing over the top of a tier, its lower edge dripping in rounded tongues. */
function drips(x0: number, y: number, w: number, h: number, count: number, phase: number): string {
  const step = w / count;
  let d = path`M${x0} ${y + h * 0.06}Q${x0} ${y} ${x0 + h * 0.06} ${y}L${x0 + w - h * 0.06} ${y}Q${x0 + w} ${y} ${x0 + w} ${y + h * 0.06}`;
  for (let i = count - 1; i >= 0; i--) {
    const left = x0 + i * step;
    const depth = h * (0.22 + 0.2 * Math.abs(Math.sin((i + phase) * 2.1)));
    const mid = left + step / 2;
    d += path`L${left + step} ${y + h * 0.2}C${left + step} ${y + depth} ${mid + step * 0.3} ${y + depth + step * 0.25} ${mid} ${y + depth + step * 0.25}C${mid - step * 0.3} ${y + depth + step * 0.25} ${left} ${y + depth} ${left} ${y + h * 0.2}`;
  }
  return `${d}Z`;
}
