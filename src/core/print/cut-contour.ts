/** A point in a plane; units depend on the caller (grid pixels or millimetres). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

const INF = 1e20;

/** Felzenszwalb–Huttenlocher 1-D squared distance transform of `f` (length n) into `d`. */
function distance1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k -= 1;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k += 1;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k += 1;
    d[q] = (q - v[k]!) ** 2 + f[v[k]!]!;
  }
}

/** Exact Euclidean distance (in cells) from every cell to the nearest `inside` cell. */
function distanceToMask(inside: Uint8Array, width: number, height: number): Float64Array {
  const grid = new Float64Array(width * height);
  for (let i = 0; i < grid.length; i++) grid[i] = inside[i] ? 0 : INF;
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = grid[y * width + x]!;
    distance1d(f, height, d, v, z);
    for (let y = 0; y < height; y++) grid[y * width + x] = d[y]!;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) f[x] = grid[y * width + x]!;
    distance1d(f, width, d, v, z);
    for (let x = 0; x < width; x++) grid[y * width + x] = Math.sqrt(d[x]!);
  }
  return grid;
}

/**
 * Closed iso-lines of `field` at 0 (negative = inside) by marching squares
 * with linear interpolation, in grid coordinates (cell centres at integers).
 * The field must be positive along the grid's border, so every line closes.
 */
function traceIsoLoops(field: Float64Array, width: number, height: number): Point[][] {
  // An edge crossing is keyed by its edge: horizontal edges (x,y)-(x+1,y) get 2·i, vertical (x,y)-(x,y+1) get 2·i+1.
  const points = new Map<number, Point>();
  const links = new Map<number, number[]>();
  const value = (x: number, y: number): number => field[y * width + x]!;
  const crossing = (key: number): number => {
    if (!points.has(key)) {
      const i = key >> 1;
      const x = i % width;
      const y = (i - x) / width;
      const a = value(x, y);
      const b = (key & 1) === 0 ? value(x + 1, y) : value(x, y + 1);
      const t = a / (a - b);
      points.set(key, (key & 1) === 0 ? { x: x + t, y } : { x, y: y + t });
    }
    return key;
  };
  const link = (a: number, b: number): void => {
    const pa = links.get(a);
    if (pa) pa.push(b);
    else links.set(a, [b]);
    const pb = links.get(b);
    if (pb) pb.push(a);
    else links.set(b, [a]);
  };
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      const tl = value(x, y) < 0 ? 1 : 0;
      const tr = value(x + 1, y) < 0 ? 1 : 0;
      const br = value(x + 1, y + 1) < 0 ? 1 : 0;
      const bl = value(x, y + 1) < 0 ? 1 : 0;
      const mask = (tl << 3) | (tr << 2) | (br << 1) | bl;
      if (mask === 0 || mask === 15) continue;
      const i = y * width + x;
      const top = crossing(2 * i);
      const bottom = crossing(2 * (i + width));
      const left = crossing(2 * i + 1);
      const right = crossing(2 * (i + 1) + 1);
      const inner = (value(x, y) + value(x + 1, y) + value(x + 1, y + 1) + value(x, y + 1)) / 4 < 0;
      switch (mask) {
        case 1:
        case 14:
          link(left, bottom);
          break;
        case 2:
        case 13:
          link(bottom, right);
          break;
        case 3:
        case 12:
          link(left, right);
          break;
        case 4:
        case 11:
          link(top, right);
          break;
        case 6:
        case 9:
          link(top, bottom);
          break;
        case 7:
        case 8:
          link(left, top);
          break;
        case 5: // tr and bl inside
          if (inner) {
            link(left, top);
            link(bottom, right);
          } else {
            link(top, right);
            link(left, bottom);
          }
          break;
        case 10: // tl and br inside
          if (inner) {
            link(top, right);
            link(left, bottom);
          } else {
            link(left, top);
            link(bottom, right);
          }
          break;
      }
    }
  }
  const loops: Point[][] = [];
  const seen = new Set<number>();
  for (const start of links.keys()) {
    if (seen.has(start)) continue;
    const loop: Point[] = [];
    let previous = -1;
    let current = start;
    while (!seen.has(current)) {
      seen.add(current);
      loop.push(points.get(current)!);
      const next = links.get(current)!.find((candidate) => candidate !== previous && !seen.has(candidate));
      if (next === undefined) break;
      previous = current;
      current = next;
    }
    if (loop.length >= 3) loops.push(loop);
  }
  return loops;
}

/** Signed area (shoelace); the sign says the winding. */
export function polygonArea(points: readonly Point[]): number {
  let area = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    area += a.x * b.y - b.x * a.y;
  }
  return area / 2;
}

/** Even-odd point-in-polygon test. */
function containsPoint(polygon: readonly Point[], p: Point): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Ramer–Douglas–Peucker on an open polyline. */
function simplifyOpen(points: readonly Point[], tolerance: number): Point[] {
  if (points.length < 3) return [...points];
  const first = points[0]!;
  const last = points[points.length - 1]!;
  let worst = 0;
  let index = 0;
  const dx = last.x - first.x;
  const dy = last.y - first.y;
  const length = Math.hypot(dx, dy) || 1;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    const distance = Math.abs(dy * (p.x - first.x) - dx * (p.y - first.y)) / length;
    if (distance > worst) {
      worst = distance;
      index = i;
    }
  }
  if (worst <= tolerance) return [first, last];
  return [...simplifyOpen(points.slice(0, index + 1), tolerance).slice(0, -1), ...simplifyOpen(points.slice(index), tolerance)];
}

/** Simplifies a closed loop, keeping every point within `tolerance` of the original line. */
export function simplifyLoop(loop: readonly Point[], tolerance: number): Point[] {
  if (loop.length < 8) return [...loop];
  // Split at the point farthest from the first, so both halves are open polylines.
  const start = loop[0]!;
  let far = 0;
  let best = -1;
  for (let i = 1; i < loop.length; i++) {
    const distance = Math.hypot(loop[i]!.x - start.x, loop[i]!.y - start.y);
    if (distance > best) {
      best = distance;
      far = i;
    }
  }
  const a = simplifyOpen(loop.slice(0, far + 1), tolerance);
  const b = simplifyOpen([...loop.slice(far), start], tolerance);
  return [...a.slice(0, -1), ...b.slice(0, -1)];
}

/**
 * The cut line around a subject: the outer closed outlines at `offset` cells
 * outside the cells where `inside` is set (holes are not cut). Coordinates
 * are in cells of the given grid, origin at the first cell's centre.
 */
export function offsetOutline(inside: Uint8Array, width: number, height: number, offset: number): Point[][] {
  const distance = distanceToMask(inside, width, height);
  // A filled cell's edge is half a cell from its centre: the line sits `offset` beyond the edge.
  const level = offset + 0.5;
  const field = new Float64Array(distance.length);
  for (let i = 0; i < field.length; i++) field[i] = distance[i]! - level;
  const loops = traceIsoLoops(field, width, height).sort((a, b) => Math.abs(polygonArea(b)) - Math.abs(polygonArea(a)));
  const outer: Point[][] = [];
  for (const loop of loops) if (!outer.some((kept) => containsPoint(kept, loop[0]!))) outer.push(loop);
  return outer;
}
