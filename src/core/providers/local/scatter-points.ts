import type { Dice } from './dice.ts';
import { insideZone, type Zone } from './draw-context.ts';

export interface Bounds {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Up to `count` points spread evenly over `bounds` (one jittered point per
 * grid cell, cells in random order) and kept out of `avoid`. Even spreading
 * is what makes scattered confetti look designed rather than noisy.
 */
export function scatterPoints(dice: Dice, count: number, bounds: Bounds, avoid: readonly Zone[]): Point[] {
  if (count <= 0) return [];
  const w = bounds.x1 - bounds.x0;
  const h = bounds.y1 - bounds.y0;
  // More cells than points, so cells inside zones can be skipped.
  const cells = Math.ceil(count * 1.6);
  const cols = Math.max(1, Math.round(Math.sqrt((cells * w) / h)));
  const rows = Math.max(1, Math.ceil(cells / cols));
  const order = dice.shuffle(Array.from({ length: cols * rows }, (_, i) => i));
  const points: Point[] = [];
  for (const cell of order) {
    const x = bounds.x0 + ((cell % cols) + dice.between(0.1, 0.9)) * (w / cols);
    const y = bounds.y0 + (Math.floor(cell / cols) + dice.between(0.1, 0.9)) * (h / rows);
    if (avoid.some((zone) => insideZone(zone, x, y))) continue;
    points.push({ x, y });
    if (points.length === count) break;
  }
  return points;
}
