import { darken, lighten, mix } from '../color-math.ts';
import type { DrawContext } from '../draw-context.ts';
import { motifGroup, path, tag } from '../svg-markup.ts';

/** What the background pattern should show and how loudly. */
export interface BackdropOptions {
  readonly dots: boolean;
  readonly stripes: boolean;
}

/**
 * The background: a soft radial glow in the style's background colour, then a
 * pattern. Named dots or stripes are clearly visible; otherwise the seed picks
 * a faint texture so the field never looks empty.
 */
export function drawBackdrop(ctx: DrawContext, options: BackdropOptions): string {
  const { width, height, palette } = ctx;
  const bg = palette.background;
  const inner = palette.dark ? lighten(bg, 0.1) : lighten(bg, 0.55);
  const outer = palette.dark ? darken(bg, 0.35) : darken(bg, 0.045);
  const glow = ctx.defs.once('backdrop-glow', (id) =>
    tag('radialGradient', { id, cx: '50%', cy: '46%', r: '72%' }, [
      tag('stop', { offset: '0', 'stop-color': inner }),
      tag('stop', { offset: '1', 'stop-color': outer }),
    ]),
  );
  const parts = [tag('rect', { width, height, fill: ctx.tuning.flat ? bg : `url(#${glow})` })];
  // Dots over loud stripes is too busy: with both named, the stripes go quiet.
  if (options.stripes) parts.push(motifGroup('stripes', [stripes(ctx, !options.dots)]));
  if (options.dots) parts.push(motifGroup('dots', [polkaDots(ctx, true)]));
  if (!options.dots && !options.stripes) {
    const texture = ctx.dice.pick(['pin-dots', 'fine-lines', 'none'] as const);
    if (texture === 'pin-dots') parts.push(tag('g', { 'data-texture': 'pin-dots' }, [polkaDots(ctx, false)]));
    if (texture === 'fine-lines') parts.push(tag('g', { 'data-texture': 'fine-lines' }, [stripes(ctx, false)]));
  }
  return ctx.omitBackdrop ? '' : parts.join('');
}

/** A colour for pattern marks: visible on the background without shouting. */
function patternColor(ctx: DrawContext, strong: boolean): { color: string; opacity: number } {
  const { palette } = ctx;
  // Sparse styles keep their patterns quieter too.
  const calm = 0.5 + 0.5 * ctx.tuning.density;
  if (palette.dark) return { color: palette.light, opacity: strong ? 0.1 * calm : 0.05 };
  const color = strong ? ctx.dice.pick(palette.accents) : palette.ink;
  return { color, opacity: strong ? 0.2 * calm : 0.05 };
}

// Patterns are written as plain geometry: librsvg renders <pattern> fills
// (especially rotated ones) many times slower than one path of shapes.

function polkaDots(ctx: DrawContext, strong: boolean): string {
  const { unit, width, height } = ctx;
  // The floor on the step bounds the dot count on banner-shaped canvases.
  const step = Math.max(unit * (strong ? ctx.dice.between(0.07, 0.1) : 0.05), Math.sqrt((width * height) / 350));
  const r = step * (strong ? ctx.dice.between(0.12, 0.18) : 0.06);
  const { color, opacity } = patternColor(ctx, strong);
  let d = '';
  // Staggered rows: every other row shifted by half a step, the classic polka layout.
  for (let row = 0; row * (step / 2) < height + step; row++) {
    const y = row * (step / 2) + step / 4;
    const shift = row % 2 === 0 ? step / 4 : (step * 3) / 4;
    for (let x = shift; x < width + step; x += step) {
      d += path`M${x - r} ${y}a${r} ${r} 0 1 0 ${r * 2} 0a${r} ${r} 0 1 0 ${-r * 2} 0Z`;
    }
  }
  return tag('path', { d, fill: color, 'fill-opacity': opacity });
}

function stripes(ctx: DrawContext, strong: boolean): string {
  const { unit, width, height, palette } = ctx;
  const step = Math.max(unit * (strong ? ctx.dice.between(0.06, 0.09) : 0.03), Math.hypot(width, height) / 120);
  const band = strong ? step / 2 : Math.max(1, unit * 0.002);
  const angle = (ctx.dice.pick(strong ? [45, -45, 0, 90] : [45, -45]) * Math.PI) / 180;
  const { color, opacity } = patternColor(ctx, strong);
  const fill = strong && !palette.dark ? mix(color, palette.background, 0.35) : color;
  // Bands across a square that covers the canvas at any angle, turned about its centre.
  const half = Math.hypot(width, height) / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const at = (u: number, v: number): string => path`${width / 2 + u * cos - v * sin} ${height / 2 + u * sin + v * cos}`;
  let d = '';
  for (let u = -half; u < half; u += step) {
    d += `M${at(u, -half)}L${at(u + band, -half)}L${at(u + band, half)}L${at(u, half)}Z`;
  }
  return tag('path', { d, fill, 'fill-opacity': opacity });
}
