import type { Motif } from '../../../contract/styles.ts';
import { hueSaturation } from '../color-math.ts';
import type { DrawContext } from '../draw-context.ts';
import type { Point } from '../scatter-points.ts';
import { motifGroup, tag } from '../svg-markup.ts';
import { heartPath, snowflakePath, sparklePath, starPath, type Pose } from './shape-paths.ts';

/** Motifs drawn as many small scattered shapes. */
export type SprinkleMotif = Extract<Motif, 'stars' | 'hearts' | 'snowflakes' | 'sparkles'>;

export const SPRINKLE_MOTIFS: readonly SprinkleMotif[] = ['stars', 'hearts', 'snowflakes', 'sparkles'];

/** Colours that suit each sprinkle on this palette. */
export function sprinkleColors(ctx: DrawContext, motif: SprinkleMotif): readonly string[] {
  const { palette } = ctx;
  if (motif === 'snowflakes') return palette.dark ? [palette.light] : coolAccents(palette.accents);
  if (motif === 'sparkles') return palette.dark ? [palette.light, palette.metal] : [palette.metal];
  if (motif === 'stars') return palette.dark ? [palette.metal, palette.light] : [palette.metal, ...palette.accents.slice(0, 2)];
  return warmAccents(palette.accents);
}

/** One shape of a sprinkle motif at a pose, as path data. */
export function sprinklePath(motif: SprinkleMotif, pose: Pose): string {
  if (motif === 'stars') return starPath(pose, 0.48);
  if (motif === 'hearts') return heartPath(pose);
  if (motif === 'snowflakes') return snowflakePath(pose);
  return sparklePath(pose);
}

/**
 * Scattered stars, hearts, snowflakes or sparkles: mostly small with a few
 * larger ones, which reads as depth.
 */
export function drawSprinkles(ctx: DrawContext, motif: SprinkleMotif, points: readonly Point[], baseSize: number): string {
  const { dice, unit } = ctx;
  const colors = sprinkleColors(ctx, motif);
  const byColor = new Map<string, string>();
  for (const p of points) {
    const color = dice.pick(colors);
    const size = baseSize * (0.55 + dice.next() ** 2 * 1.2);
    const angle = motif === 'hearts' ? dice.between(-22, 22) : motif === 'sparkles' ? 0 : dice.between(0, 72);
    byColor.set(color, (byColor.get(color) ?? '') + sprinklePath(motif, { x: p.x, y: p.y, size, angle }));
  }
  const parts = [...byColor].map(([color, d]) =>
    motif === 'snowflakes'
      ? tag('path', {
          d,
          fill: 'none',
          stroke: color,
          'stroke-width': Math.max(0.7, baseSize * 0.11),
          'stroke-linecap': 'round',
          'stroke-opacity': 0.85,
        })
      : tag('path', {
          d,
          fill: color,
          stroke: motif === 'stars' ? color : undefined,
          'stroke-width': motif === 'stars' ? unit * 0.002 : undefined,
          'stroke-linejoin': 'round',
        }),
  );
  return motifGroup(motif, parts);
}

function warmAccents(colors: readonly string[]): readonly string[] {
  const warm = colors.filter((c) => {
    const { hue, saturation } = hueSaturation(c);
    return saturation > 0.25 && (hue < 30 || hue > 290);
  });
  return warm.length > 0 ? warm : colors;
}

function coolAccents(colors: readonly string[]): readonly string[] {
  const cool = colors.filter((c) => {
    const { hue, saturation } = hueSaturation(c);
    return saturation > 0.2 && hue > 170 && hue < 260;
  });
  return cool.length > 0 ? cool : colors;
}
