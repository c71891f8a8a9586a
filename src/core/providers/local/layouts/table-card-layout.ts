import { drawBackdrop } from '../motifs/backdrop.ts';
import { drawCardFrame } from './card-frame.ts';
import { drawIcon, drawText, subjectOrder, type DesignContext, type LayoutResult } from './design-context.ts';
import { boxZone, scatterDecor } from './scatter-decor.ts';

/**
 * A table or place card: the headline ("Table 5", a guest's name) large in
 * the middle of a frame, a subject either side, details underneath.
 * Without a headline the hero subject takes the middle.
 */
export function tableCardLayout(ctx: DesignContext): LayoutResult {
  const { width, height, unit, dice, reading, palette } = ctx;
  const layers = [drawBackdrop(ctx, { dots: false, stripes: reading.motifs.includes('stripes') })];
  const inset = unit * 0.05;
  layers.push(drawCardFrame(ctx, inset));
  const subjects = subjectOrder(ctx);
  const pad = inset + unit * 0.05;
  const side = Math.min((width - 2 * pad) * 0.22, (height - 2 * pad) * 0.8);
  const ink = palette.dark ? palette.light : palette.ink;
  const text: string[] = [];
  const [left, right] = [subjects[0], subjects[1] ?? subjects[0]];
  const cy = height / 2;
  const mirrored = dice.chance(0.5);
  if (left !== undefined) {
    layers.push(drawIcon(ctx, left, pad + side / 2, cy, side, { angle: mirrored ? -8 : 0 }));
    if (right !== undefined) layers.push(drawIcon(ctx, right, width - pad - side / 2, cy, side, { angle: mirrored ? 8 : 0 }));
  }
  const middle = { x: pad + side + unit * 0.03, y: pad, width: width - 2 * (pad + side + unit * 0.03), height: height - 2 * pad };
  const hasDetails = reading.details.length > 0;
  if (reading.headline !== undefined) {
    const box = { ...middle, height: middle.height * (hasDetails ? 0.66 : 1) };
    const set = drawText(ctx, reading.headline, box, { name: 'headline', maxLines: 2, fill: ink });
    layers.push(set.markup);
    text.push(...set.lines);
    if (hasDetails) {
      const details = { ...middle, y: box.y + box.height, height: middle.height - box.height };
      const more = drawText(ctx, reading.details.join(' · '), details, { name: 'details', maxLines: 2, fill: palette.accents[0] ?? ink });
      layers.push(more.markup);
      text.push(...more.lines);
    }
  } else if (subjects[2] ?? subjects[0]) {
    layers.push(drawIcon(ctx, (subjects[2] ?? subjects[0]) as string, width / 2, cy, Math.min(middle.width, middle.height) * 0.8));
  }
  layers.push(scatterDecor(ctx, { x0: inset, y0: inset, x1: width - inset, y1: height - inset }, [boxZone(middle, 0.85)], 0.3, 0));
  return { layers, text, transparent: false };
}
