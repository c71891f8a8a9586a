import type { IconArt } from '../art/art-set.ts';
import type { DrawContext } from '../draw-context.ts';
import type { PromptReading } from '../read-prompt.ts';
import { fmt, tag } from '../svg-markup.ts';
import type { FontFace } from '../text/font-faces.ts';
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

/** The subjects in the order they should appear, the seed choosing which leads. */
export function subjectOrder(ctx: DesignContext): string[] {
  const subjects = [...ctx.reading.subjects];
  if (subjects.length <= 1) return subjects;
  // The first-named subject leads half the time; otherwise the seed rotates the list.
  const shift = ctx.dice.chance(0.5) ? 0 : ctx.dice.int(1, subjects.length - 1);
  return [...subjects.slice(shift), ...subjects.slice(0, shift)];
}
