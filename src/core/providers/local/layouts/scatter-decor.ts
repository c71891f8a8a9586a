import type { Zone } from '../draw-context.ts';
import { drawConfetti } from '../motifs/confetti.ts';
import { drawSprinkles, SPRINKLE_MOTIFS } from '../motifs/sprinkles.ts';
import { scatterPoints, type Bounds, type Point } from '../scatter-points.ts';
import { drawIcon, type DesignContext } from './design-context.ts';

/**
 * The style's small pieces (confetti, stars, hearts, snow, sparkles) and a few
 * small subjects spread evenly over `bounds`, kept out of `avoid`: what fills
 * a layout's margins so no area is left bare. `amount` scales the count.
 */
export function scatterDecor(ctx: DesignContext, bounds: Bounds, avoid: readonly Zone[], amount: number, subjectShare = 0.12): string {
  const { dice, unit, reading } = ctx;
  const area = ((bounds.x1 - bounds.x0) * (bounds.y1 - bounds.y0)) / (unit * unit);
  const total = Math.max(4, Math.round(70 * amount * ctx.tuning.density * Math.min(3, area)));
  const points = scatterPoints(dice, total, bounds, avoid);
  const sprinkles = SPRINKLE_MOTIFS.filter((m) => reading.motifs.includes(m));
  const confetti = reading.motifs.includes('confetti') || sprinkles.length === 0;
  const iconCount = reading.subjects.length === 0 ? 0 : Math.round(points.length * subjectShare);
  const iconPoints = points.slice(0, iconCount);
  const rest = points.slice(iconCount);
  const groups: Point[][] = [];
  const families = (confetti ? 1 : 0) + sprinkles.length;
  const per = Math.ceil(rest.length / Math.max(1, families));
  for (let i = 0; i < families; i++) groups.push(rest.slice(i * per, (i + 1) * per));
  const parts: string[] = [];
  if (confetti) parts.push(drawConfetti(ctx, groups.shift() ?? []));
  for (const motif of sprinkles) parts.push(drawSprinkles(ctx, motif, groups.shift() ?? [], unit * (motif === 'sparkles' ? 0.018 : 0.02)));
  parts.push(scatterSubjects(ctx, iconPoints, 0.075));
  return parts.join('');
}

/** Small subjects at `points`, tilted a little, cycling through `subjects` (the prompt's, by default) in order. */
export function scatterSubjects(
  ctx: DesignContext,
  points: readonly Point[],
  sizeShare: number,
  subjects: readonly string[] = ctx.reading.subjects,
): string {
  const { dice, unit } = ctx;
  if (subjects.length === 0) return '';
  return points
    .map((p, i) =>
      drawIcon(ctx, subjects[i % subjects.length] as string, p.x, p.y, unit * sizeShare * dice.between(0.8, 1.15), {
        angle: dice.between(-18, 18),
      }),
    )
    .join('');
}

/** A box as a zone (ellipse round it) that scattered pieces keep out of. */
export const boxZone = (box: { x: number; y: number; width: number; height: number }, margin = 1.15): Zone => ({
  cx: box.x + box.width / 2,
  cy: box.y + box.height / 2,
  rx: (box.width / 2) * margin * 1.2,
  ry: (box.height / 2) * margin * 1.2,
});
