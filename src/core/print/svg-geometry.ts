import svgpath from 'svgpath';

/** A 2D affine matrix [a b c d e f], as SVG and PDF both write it. */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `m` then `n`: the matrix that applies `n` first, then `m` (SVG's nesting order). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** Thrown for anything in an SVG the PDF converter cannot draw faithfully. */
export class UnsupportedSvgError extends Error {
  readonly feature: string;

  constructor(feature: string) {
    super(`the vector original uses ${feature}, which Motif cannot draw as PDF paths`);
    this.feature = feature;
  }
}

const TRANSFORM = /\s*(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)\s*,?/y;

/** Parses an SVG `transform` list into one matrix. */
export function parseTransform(text: string): Matrix {
  let result = IDENTITY;
  TRANSFORM.lastIndex = 0;
  let consumed = 0;
  for (let match = TRANSFORM.exec(text); match !== null; match = TRANSFORM.exec(text)) {
    consumed = TRANSFORM.lastIndex;
    const args = match[2]!
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (args.some((n) => !Number.isFinite(n))) throw new UnsupportedSvgError(`transform "${text}"`);
    const [a = 0, b, c, d, e, f] = args;
    let next: Matrix;
    switch (match[1]) {
      case 'matrix':
        if (args.length !== 6) throw new UnsupportedSvgError(`transform "${text}"`);
        next = [a, b!, c!, d!, e!, f!];
        break;
      case 'translate':
        next = [1, 0, 0, 1, a, b ?? 0];
        break;
      case 'scale':
        next = [a, 0, 0, b ?? a, 0, 0];
        break;
      case 'rotate': {
        const rad = (a * Math.PI) / 180;
        const [cos, sin] = [Math.cos(rad), Math.sin(rad)];
        const [x, y] = [b ?? 0, c ?? 0];
        next = multiply(multiply([1, 0, 0, 1, x, y], [cos, sin, -sin, cos, 0, 0]), [1, 0, 0, 1, -x, -y]);
        break;
      }
      case 'skewX':
        next = [1, 0, Math.tan((a * Math.PI) / 180), 1, 0, 0];
        break;
      default:
        next = [1, Math.tan((a * Math.PI) / 180), 0, 1, 0, 0];
    }
    result = multiply(result, next);
  }
  if (text.slice(consumed).trim() !== '') throw new UnsupportedSvgError(`transform "${text}"`);
  return result;
}

/** A path as absolute moves, lines and cubic curves, with its exact bounding box. */
export interface PathGeometry {
  /** PDF path-construction operators (m, l, c, h), in the path's own coordinates. */
  readonly ops: string;
  readonly box: { minX: number; minY: number; maxX: number; maxY: number };
}

export const num = (value: number): string => {
  const rounded = Math.round(value * 1000) / 1000;
  return Object.is(rounded, -0) ? '0' : String(rounded);
};

/** Extremes of a cubic along one axis, for the bounding box. */
function cubicExtremes(p0: number, p1: number, p2: number, p3: number): number[] {
  const a = -p0 + 3 * p1 - 3 * p2 + p3;
  const b = 2 * (p0 - 2 * p1 + p2);
  const c = p1 - p0;
  const ts: number[] = [];
  if (Math.abs(a) < 1e-12) {
    if (Math.abs(b) > 1e-12) ts.push(-c / b);
  } else {
    const disc = b * b - 4 * a * c;
    if (disc >= 0) ts.push((-b + Math.sqrt(disc)) / (2 * a), (-b - Math.sqrt(disc)) / (2 * a));
  }
  return ts
    .filter((t) => t > 0 && t < 1)
    .map((t) => (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t * t * p2 + t ** 3 * p3);
}

/**
 * Converts SVG path data to PDF operators. svgpath parses the data (compact
 * arc flags and all) and rewrites arcs and shorthand curves as curves; what
 * is left is moves, lines, cubics and quadratics (raised to cubics here).
 */
export function pathGeometry(d: string): PathGeometry {
  const parts: string[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const extend = (x: number, y: number): void => {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  };
  const cubic = (x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, x3: number, y3: number): void => {
    parts.push(`${num(x1)} ${num(y1)} ${num(x2)} ${num(y2)} ${num(x3)} ${num(y3)} c`);
    extend(x3, y3);
    for (const x of cubicExtremes(x0, x1, x2, x3)) extend(x, y3);
    for (const y of cubicExtremes(y0, y1, y2, y3)) extend(x3, y);
  };
  let error: unknown;
  svgpath(d)
    .abs()
    .unarc()
    .unshort()
    .iterate((segment, _index, x, y) => {
      switch (segment[0]) {
        case 'M':
          parts.push(`${num(segment[1])} ${num(segment[2])} m`);
          extend(segment[1], segment[2]);
          break;
        case 'L':
          parts.push(`${num(segment[1])} ${num(segment[2])} l`);
          extend(segment[1], segment[2]);
          break;
        case 'H':
          parts.push(`${num(segment[1])} ${num(y)} l`);
          extend(segment[1], y);
          break;
        case 'V':
          parts.push(`${num(x)} ${num(segment[1])} l`);
          extend(x, segment[1]);
          break;
        case 'C':
          cubic(x, y, ...(segment.slice(1) as [number, number, number, number, number, number]));
          break;
        case 'Q': {
          const [, qx, qy, ex, ey] = segment;
          cubic(x, y, x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y), ex + (2 / 3) * (qx - ex), ey + (2 / 3) * (qy - ey), ex, ey);
          break;
        }
        case 'Z':
        case 'z':
          parts.push('h');
          break;
        default:
          error ??= new UnsupportedSvgError(`path segment ${segment[0]}`);
      }
    });
  if (error !== undefined) throw error;
  return { ops: parts.join(' '), box: { minX, minY, maxX, maxY } };
}

/** Kappa: a cubic's control distance that draws a quarter circle of radius 1. */
const KAPPA = 0.5522847498;

/** An ellipse as path data (four cubics). */
export function ellipsePath(cx: number, cy: number, rx: number, ry: number): string {
  const kx = rx * KAPPA;
  const ky = ry * KAPPA;
  return (
    `M${cx + rx} ${cy}` +
    `C${cx + rx} ${cy + ky} ${cx + kx} ${cy + ry} ${cx} ${cy + ry}` +
    `C${cx - kx} ${cy + ry} ${cx - rx} ${cy + ky} ${cx - rx} ${cy}` +
    `C${cx - rx} ${cy - ky} ${cx - kx} ${cy - ry} ${cx} ${cy - ry}` +
    `C${cx + kx} ${cy - ry} ${cx + rx} ${cy - ky} ${cx + rx} ${cy}Z`
  );
}

/** A rectangle, with rounded corners when `rx`/`ry` are set, as path data. */
export function rectPath(x: number, y: number, width: number, height: number, rxIn: number, ryIn: number): string {
  const rx = Math.min(rxIn, width / 2);
  const ry = Math.min(ryIn, height / 2);
  if (rx <= 0 || ry <= 0) return `M${x} ${y}H${x + width}V${y + height}H${x}Z`;
  return (
    `M${x + rx} ${y}H${x + width - rx}A${rx} ${ry} 0 0 1 ${x + width} ${y + ry}V${y + height - ry}` +
    `A${rx} ${ry} 0 0 1 ${x + width - rx} ${y + height}H${x + rx}A${rx} ${ry} 0 0 1 ${x} ${y + height - ry}` +
    `V${y + ry}A${rx} ${ry} 0 0 1 ${x + rx} ${y}Z`
  );
}
