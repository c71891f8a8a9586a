import { fmt } from '../svg-markup.ts';

/**
 * Path data for the small shapes, in absolute coordinates so many of them can
 * share one `<path>` element: fewer elements render faster.
 */

/** Where a shape sits: centre, size (its radius) and turn in degrees. */
export interface Pose {
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly angle: number;
}

type Point = readonly [number, number];

/** Maps local unit coordinates (size 1, no turn) to the page. */
function placer(pose: Pose): (lx: number, ly: number) => string {
  const a = (pose.angle * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  return (lx, ly) => {
    const x = pose.x + (lx * cos - ly * sin) * pose.size;
    const y = pose.y + (lx * sin + ly * cos) * pose.size;
    return `${fmt(x)} ${fmt(y)}`;
  };
}

function polygon(pose: Pose, points: readonly Point[]): string {
  const at = placer(pose);
  return `M${points.map(([x, y]) => at(x, y)).join('L')}Z`;
}

/** A five-point star; `inner` is the notch radius (0.5 is chubby, 0.38 is sharp). */
export function starPath(pose: Pose, inner = 0.45): string {
  const points: Point[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? 1 : inner;
    const a = (i * Math.PI) / 5 - Math.PI / 2;
    points.push([Math.cos(a) * r, Math.sin(a) * r]);
  }
  return polygon(pose, points);
}

/** A four-point twinkle with curved sides. */
export function sparklePath(pose: Pose): string {
  const at = placer(pose);
  const c = at(0, 0);
  return `M${at(0, -1)}Q${c} ${at(1, 0)}Q${c} ${at(0, 1)}Q${c} ${at(-1, 0)}Q${c} ${at(0, -1)}Z`;
}

/** A heart about 2 × size wide, point down. */
export function heartPath(pose: Pose): string {
  const at = placer(pose);
  return (
    `M${at(0, 0.95)}` +
    `C${at(-0.3, 0.68)} ${at(-1, 0.22)} ${at(-1, -0.3)}` +
    `C${at(-1, -0.78)} ${at(-0.45, -1.02)} ${at(0, -0.58)}` +
    `C${at(0.45, -1.02)} ${at(1, -0.78)} ${at(1, -0.3)}` +
    `C${at(1, 0.22)} ${at(0.3, 0.68)} ${at(0, 0.95)}Z`
  );
}

/** A six-armed snowflake, drawn as strokes (stroke width about size × 0.12). */
export function snowflakePath(pose: Pose): string {
  const at = placer(pose);
  let d = '';
  for (let k = 0; k < 6; k++) {
    const a = (k * Math.PI) / 3;
    const dir = (r: number, turn = 0): string => at(Math.sin(a + turn) * r, -Math.cos(a + turn) * r);
    d += `M${at(0, 0)}L${dir(1)}`;
    for (const [along, length] of [
      [0.5, 0.32],
      [0.78, 0.2],
    ] as const) {
      const base = dir(along);
      const ax = Math.sin(a) * along;
      const ay = -Math.cos(a) * along;
      for (const side of [-1, 1]) {
        const b = a + side * (Math.PI / 4);
        d += `M${base}L${at(ax + Math.sin(b) * length, ay - Math.cos(b) * length)}`;
      }
    }
  }
  return d;
}

/** An ellipse as path data (radius `size` along its turned y axis, `widthRatio` across). */
export function ellipsePath(pose: Pose, widthRatio: number): string {
  const at = placer(pose);
  const rx = fmt(pose.size * widthRatio);
  const ry = fmt(pose.size);
  const rot = fmt(pose.angle);
  return `M${at(0, -1)}A${rx} ${ry} ${rot} 1 0 ${at(0, 1)}A${rx} ${ry} ${rot} 1 0 ${at(0, -1)}Z`;
}

/** A pointed leaf from the pose point outward along the turned -y axis, length `size`. */
export function leafPath(pose: Pose, widthRatio = 0.32): string {
  const at = placer(pose);
  const w = widthRatio;
  return `M${at(0, 0)}Q${at(w, -0.45)} ${at(0, -1)}Q${at(-w, -0.45)} ${at(0, 0)}Z`;
}

/** A regular polygon (confetti triangles, gem facets). */
export function regularPolygonPath(pose: Pose, sides: number): string {
  const points: Point[] = [];
  for (let i = 0; i < sides; i++) {
    const a = (i * 2 * Math.PI) / sides - Math.PI / 2;
    points.push([Math.cos(a), Math.sin(a)]);
  }
  return polygon(pose, points);
}

/** A rectangle `size × 2` long and `size × 2 × ratio` tall, turned. */
export function rectPath(pose: Pose, ratio: number): string {
  return polygon(pose, [
    [-1, -ratio],
    [1, -ratio],
    [1, ratio],
    [-1, ratio],
  ]);
}

/** A small zigzag streak (stroke it), `size × 2` long. */
export function squigglePath(pose: Pose, waves = 3): string {
  const at = placer(pose);
  let d = `M${at(-1, 0)}`;
  for (let i = 1; i <= waves * 2; i++) d += `L${at(-1 + i / waves, i % 2 === 0 ? 0 : -0.35)}`;
  return d;
}
