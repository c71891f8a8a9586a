import type { IconArt } from '../art/art-set.ts';
import type { DrawContext } from '../draw-context.ts';
import type { PromptReading } from '../read-prompt.ts';
import { fmt, tag } from '../svg-markup.ts';
import type { FontFace } from '../text/font-faces.ts';
import { contrast, darken, luminance } from '../color-math.ts';
import { typesetOnArc } from '../text/arc-text.ts';
import { typesetText, type TextBox, type TypesetText } from '../text/typeset-text.ts';

/** What every product layout draws with: the scene's context plus the prompt's subjects and typeface. */
export interface DesignContext extends DrawContext {
  readonly reading: PromptReading;
  readonly icons: ReadonlyMap<string, IconArt>;
  readonly face: FontFace;
}

/** What a layout hands back: its layers, and the text it actually set (for the honesty report). */
export interface LayoutResult {
  readonly layers: readonly string[];
  readonly text: readonly string[];
  /** Transparent layouts (stickers) keep their alpha in PNG and WebP. */
  readonly transparent: boolean;
}

type IconVariant = 'art' | 'silhouette';

/** Icon ids are namespaced so two icons' internal gradients never collide. */
function namespaceIds(body: string, prefix: string): string {
  return body
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

/** The icon in one flat colour: the sticker's offset border is this, stroked wide. */
function silhouette(body: string, color: string): string {
  return body.replace(/\b(fill|stroke)="(?!none)[^"]*"/g, `$1="${color}"`);
}

/** The `<symbol>` id for an icon, written into the shared defs once. */
function iconSymbol(ctx: DesignContext, name: string, variant: IconVariant): string {
  const icon = ctx.icons.get(name);
  if (icon === undefined) throw new Error(`icon ${name} was not loaded`);
  return ctx.defs.once(`icon:${variant}:${name}`, (id) => {
    const body = namespaceIds(icon.body, id);
    return tag('symbol', { id, viewBox: `0 0 ${icon.size} ${icon.size}` }, variant === 'art' ? body : silhouette(body, '#ffffff'));
  });
}

export interface IconPlacement {
  readonly angle?: number;
  /** Flipped left to right. */
  readonly mirror?: boolean;
  readonly variant?: IconVariant;
  /** For silhouettes: the border's width in pixels. */
  readonly borderPx?: number;
  readonly opacity?: number;
}

/** One art-set subject, `size` pixels square, centred on (cx, cy). */
export function drawIcon(ctx: DesignContext, name: string, cx: number, cy: number, size: number, placement: IconPlacement = {}): string {
  const variant = placement.variant ?? 'art';
  const id = iconSymbol(ctx, name, variant);
  const angle = placement.angle ?? 0;
  const border = placement.borderPx ?? 0;
  return tag('use', {
    href: `#${id}`,
    'data-subject': name,
    x: cx - size / 2,
    y: cy - size / 2,
    width: size,
    height: size,
    transform: transformFor(angle, placement.mirror === true, cx, cy),
    ...(variant === 'silhouette'
      ? { stroke: '#ffffff', 'stroke-width': (border * 32) / size, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }
      : {}),
    opacity: placement.opacity,
  });
}

function transformFor(angle: number, mirror: boolean, cx: number, cy: number): string | undefined {
  const parts = [
    angle === 0 ? '' : `rotate(${fmt(angle)} ${fmt(cx)} ${fmt(cy)})`,
    mirror ? `translate(${fmt(2 * cx)} 0) scale(-1 1)` : '',
  ].filter(Boolean);
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** The headline, fitted into `box` in the layout's ink colour. */
export function drawText(
  ctx: DesignContext,
  text: string,
  box: TextBox,
  options: { name: string; maxLines: number; fill?: string; halo?: string; maxSizePx?: number },
): TypesetText {
  return typesetText(ctx.face, text, box, {
    name: options.name,
    maxLines: options.maxLines,
    fill: options.fill ?? ctx.palette.ink,
    halo: options.halo === undefined ? undefined : { color: options.halo, widthEm: 0.14 },
    maxSizePx: options.maxSizePx,
  });
}

/** Where a layout lets its headline curve: which way it may bend, and how often the seed curves it. */
export interface HeadlineCurve {
  readonly bends: readonly ('up' | 'down')[];
  readonly chance: number;
}

/**
 * The headline, fitted into `box`: straight lines as {@link drawText} sets
 * them, or, when the layout allows a curve and the seed picks one, one line
 * along an arc (on a ribbon most of the time). The curve is kept only while
 * it stays legible, at least half the straight size and 5% of the short
 * side; a long phrase stays straight and wrapped.
 */
export function drawHeadline(
  ctx: DesignContext,
  text: string,
  box: TextBox,
  options: { name: string; maxLines: number; fill: string; halo: string | undefined; curve?: HeadlineCurve },
): { markup: string; lines: readonly string[] } {
  const straight = drawText(ctx, text, box, options);
  if (options.curve === undefined) return straight;
  // The same dice are thrown whatever is chosen, so the rest of the design does not depend on the choice.
  const curved = ctx.dice.chance(options.curve.chance);
  const bend = ctx.dice.pick(options.curve.bends);
  const sweepDeg = ctx.dice.between(45, 80);
  const onRibbon = ctx.dice.chance(0.75);
  if (!curved) return straight;
  const { palette } = ctx;
  // The ribbon in the first accent that stands out from the background and is not near white; its text in the clearest ink.
  const band =
    palette.accents.find((c) => contrast(c, palette.background) >= 1.6 && luminance(c) < 0.8) ?? palette.accents[0] ?? palette.ink;
  const ink = ['#ffffff', palette.ink, palette.background, darken(band, 0.75)].reduce((best, c) =>
    contrast(band, c) > contrast(band, best) ? c : best,
  );
  const arc = typesetOnArc(ctx.face, text, box, {
    name: options.name,
    sweepDeg,
    bend,
    fill: onRibbon ? ink : options.fill,
    ribbon: onRibbon ? { color: band, shade: darken(band, 0.25) } : undefined,
    halo: onRibbon || options.halo === undefined ? undefined : { color: options.halo, widthEm: 0.14 },
  });
  if (arc.markup === '' || arc.sizePx < Math.max(straight.sizePx * 0.5, ctx.unit * 0.05)) return straight;
  return { markup: arc.markup, lines: [arc.line] };
}

/** The subjects in the order they should appear, the seed choosing which leads. */
export function subjectOrder(ctx: DesignContext): string[] {
  const subjects = [...ctx.reading.subjects];
  if (subjects.length <= 1) return subjects;
  // The first-named subject leads half the time; otherwise the seed rotates the list.
  const shift = ctx.dice.chance(0.5) ? 0 : ctx.dice.int(1, subjects.length - 1);
  return [...subjects.slice(shift), ...subjects.slice(0, shift)];
}
