import { contrast, darken } from '../color-math.ts';
import { tag } from '../svg-markup.ts';
import { drawIcon, drawText, subjectOrder, type DesignContext, type LayoutResult } from './design-context.ts';

/**
 * A sticker or cupcake topper: the hero subject on a transparent background
 * inside one white offset border (the icon's silhouette, stroked wide), the
 * headline, if any, across its lower part inside the same white shape.
 */
export function stickerLayout(ctx: DesignContext): LayoutResult {
  const { width, height, unit, reading, palette, dice } = ctx;
  const [hero] = subjectOrder(ctx);
  const layers: string[] = [];
  const text: string[] = [];
  const border = unit * 0.045;
  const hasText = reading.headline !== undefined;
  // The seed sizes, tilts and mirrors the subject, so eight seeds give eight stickers.
  const size = unit * (hasText ? dice.between(0.54, 0.62) : dice.between(0.62, 0.76));
  const cx = width / 2 + unit * dice.between(-0.03, 0.03);
  const cy = height / 2 - (hasText ? unit * 0.1 : 0);
  const angle = dice.between(-14, 14);
  const mirror = dice.chance(0.5);
  if (hero !== undefined) {
    layers.push(
      tag(
        'g',
        { 'data-part': 'sticker-border' },
        drawIcon(ctx, hero, cx, cy, size, { variant: 'silhouette', borderPx: border * 2, angle, mirror }),
      ),
    );
  }
  let textMarkup = '';
  if (hasText) {
    const box = {
      x: width * 0.1,
      y: cy + size * 0.36,
      width: width * 0.8,
      height: Math.min(unit * 0.2, height - (cy + size * 0.36) - border * 1.6),
    };
    // On the white border only a colour with contrast reads: the palette's strongest against white.
    const fill = [...palette.accents, palette.ink].sort((a, b) => contrast(b, '#ffffff') - contrast(a, '#ffffff'))[0] ?? '#333333';
    const set = drawText(ctx, reading.headline as string, box, {
      name: 'headline',
      maxLines: 2,
      fill: contrast(fill, '#ffffff') < 3 ? darken(fill, 0.45) : fill,
      halo: '#ffffff',
    });
    text.push(...set.lines);
    // The text's own white halo joins the icon's border, so the sticker is one white shape.
    textMarkup = set.markup;
  }
  if (hero !== undefined) layers.push(drawIcon(ctx, hero, cx, cy, size, { angle, mirror }));
  layers.push(textMarkup);
  return { layers, text, transparent: true };
}
