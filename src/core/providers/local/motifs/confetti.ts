import type { DrawContext } from '../draw-context.ts';
import type { Point } from '../scatter-points.ts';
import { fmt, motifGroup, path, tag } from '../svg-markup.ts';
import { ellipsePath, rectPath, regularPolygonPath, squigglePath } from './shape-paths.ts';

/**
 * Confetti at the given points: paper rectangles, dots, triangles and little
 * squiggles. Pieces of one colour share a path to keep the element count low.
 */
export function drawConfetti(ctx: DrawContext, points: readonly Point[]): string {
  const { dice, palette, unit } = ctx;
  const fills = new Map<string, string>();
  const strokes = new Map<string, string>();
  const add = (map: Map<string, string>, color: string, d: string): void => {
    map.set(color, (map.get(color) ?? '') + d);
  };
  for (const p of points) {
    const color = dice.pick(palette.accents);
    const size = unit * dice.between(0.008, 0.015);
    const pose = { x: p.x, y: p.y, size, angle: dice.between(0, 360) };
    const kind = dice.next();
    if (kind < 0.45) add(fills, color, rectPath(pose, dice.between(0.35, 0.6)));
    else if (kind < 0.7) add(fills, color, ellipsePath({ ...pose, size: size * 0.6 }, dice.between(0.7, 1)));
    else if (kind < 0.82) add(fills, color, regularPolygonPath({ ...pose, size: size * 0.8 }, 3));
    else add(strokes, color, squigglePath({ ...pose, size: size * 1.3 }, 3));
  }
  const parts: string[] = [];
  for (const [color, d] of fills) parts.push(tag('path', { d, fill: color }));
  for (const [color, d] of strokes) {
    parts.push(
      tag('path', {
        d,
        fill: 'none',
        stroke: color,
        'stroke-width': Math.max(0.8, unit * 0.005),
        'stroke-linecap': 'round',
        'stroke-linejoin': 'round',
      }),
    );
  }
  return motifGroup('confetti', parts);
}

/** Curling paper streamers hanging from the top edge, kept to the outer `sideShare` of each side. */
export function drawStreamers(ctx: DrawContext, count: number, top: number, sideShare: number): string {
  const { dice, palette, unit, width, height } = ctx;
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    // Half the streamers on each side, so the middle stays open.
    const slot = (i + dice.between(0.15, 0.85)) / count;
    const x0 = slot < 0.5 ? slot * 2 * sideShare * width : width - (slot - 0.5) * 2 * sideShare * width;
    const length = Math.min(height * dice.between(0.14, 0.22), unit * 0.3);
    const amplitude = unit * dice.between(0.02, 0.035);
    const turns = dice.int(3, 5);
    let d = path`M${x0} ${top}`;
    for (let k = 1; k <= turns * 2; k++) {
      const y = top + (length * k) / (turns * 2);
      const side = k % 2 === 0 ? -1 : 1;
      d += path`Q${x0 + amplitude * side * 2} ${y - length / (turns * 4)} ${x0} ${y}`;
    }
    parts.push(
      tag('path', {
        d,
        fill: 'none',
        stroke: dice.pick(palette.accents),
        'stroke-width': fmt(Math.max(1, unit * 0.007)),
        'stroke-linecap': 'round',
        'stroke-opacity': 0.9,
      }),
    );
  }
  return motifGroup('streamers', parts);
}
