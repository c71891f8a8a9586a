import { composeScene } from '../compose-decoration-svg.ts';
import { drawHeadline, drawIcon, subjectOrder, type DesignContext, type LayoutResult } from './design-context.ts';
import { scatterSubjects } from './scatter-decor.ts';

/** The all-over party scene: bunting, balloons and confetti round a badge that holds the hero subject, the headline beneath. */
export function sceneLayout(ctx: DesignContext): LayoutResult {
  const { reading } = ctx;
  const subjects = subjectOrder(ctx);
  const hero = subjects[0];
  const text: string[] = [];
  const layers = composeScene(ctx, reading.motifs, {
    motifs: reading.motifs,
    centre: (x, y, r) => {
      if (hero === undefined) return '';
      // With a second subject, the seed sometimes pairs them in the badge.
      const second = subjects[1];
      if (second !== undefined && ctx.dice.chance(0.4)) {
        return (
          drawIcon(ctx, hero, x - r * 0.3, y + r * 0.05, r * 1.05) + drawIcon(ctx, second, x + r * 0.38, y + r * 0.2, r * 0.7, { angle: 8 })
        );
      }
      return drawIcon(ctx, hero, x, y, r * 1.3);
    },
    scatterCount: subjects.length > 0 ? Math.max(10, subjects.length) : 0,
    // The subjects not in the badge first, so each appears at least once.
    scatter: (points) => scatterSubjects(ctx, points, 0.07, [...subjects.slice(1), ...subjects.slice(0, 1)]),
    headline:
      reading.headline === undefined
        ? undefined
        : (box) => {
            // Under the badge the headline may arch over or hug it on a ribbon.
            const set = drawHeadline(ctx, reading.headline as string, box, {
              name: 'headline',
              maxLines: 2,
              halo: ctx.palette.dark ? undefined : '#ffffff',
              fill: ctx.palette.dark ? ctx.palette.light : ctx.palette.ink,
              curve: { bends: ['up', 'down'], chance: 0.5 },
            });
            text.push(...set.lines);
            return set.markup;
          },
  });
  return { layers, text, transparent: false };
}
