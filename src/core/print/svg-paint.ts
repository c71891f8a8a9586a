import type { Element } from '@xmldom/xmldom';
import { UnsupportedSvgError, parseTransform, type Matrix, IDENTITY } from './svg-geometry.ts';

/** An sRGB colour, 0–1 per channel. */
type Rgb = readonly [number, number, number];

export type Paint = { readonly kind: 'none' } | { readonly kind: 'rgb'; readonly rgb: Rgb } | { readonly kind: 'url'; readonly id: string };

const NAMED: Readonly<Record<string, Rgb>> = {
  black: [0, 0, 0],
  white: [1, 1, 1],
  red: [1, 0, 0],
  lime: [0, 1, 0],
  blue: [0, 0, 1],
  gray: [128 / 255, 128 / 255, 128 / 255],
  grey: [128 / 255, 128 / 255, 128 / 255],
};

/** Parses a colour: #rgb, #rrggbb, rgb(r, g, b) or one of a few names. */
function parseColor(text: string): Rgb {
  const value = text.trim().toLowerCase();
  const named = NAMED[value];
  if (named !== undefined) return named;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(value);
  if (short !== null) return [1, 2, 3].map((i) => parseInt(short[i]!.repeat(2), 16) / 255) as unknown as Rgb;
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(value);
  if (long !== null) return [1, 2, 3].map((i) => parseInt(long[i]!, 16) / 255) as unknown as Rgb;
  const rgb = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(value);
  if (rgb !== null) return [1, 2, 3].map((i) => Math.min(255, Number(rgb[i])) / 255) as unknown as Rgb;
  throw new UnsupportedSvgError(`the colour "${text}"`);
}

/** Parses a `fill` or `stroke` value. */
export function parsePaint(text: string): Paint {
  const value = text.trim();
  if (value === 'none' || value === 'transparent') return { kind: 'none' };
  const url = /^url\(\s*#([^)\s]+)\s*\)$/.exec(value);
  if (url !== null) return { kind: 'url', id: url[1]! };
  return { kind: 'rgb', rgb: parseColor(value) };
}

/** A gradient ready to become a PDF shading (type 2 axial, type 3 radial). */
export interface GradientShading {
  readonly type: 2 | 3;
  /** [x1 y1 x2 y2] or [fx fy 0 cx cy r] in gradient space. */
  readonly coords: readonly number[];
  readonly stops: readonly { offset: number; rgb: Rgb }[];
  /** Bounding-box units: the shading is mapped onto the painted shape's box. */
  readonly boundingBox: boolean;
  readonly transform: Matrix;
}

/** The attributes a gradient may have; anything else falls back to the raster. */
const GRADIENT_ATTRIBUTES = new Set(['id', 'cx', 'cy', 'r', 'fx', 'fy', 'x1', 'y1', 'x2', 'y2', 'gradientUnits', 'gradientTransform']);

/** Reads a `<linearGradient>` or `<radialGradient>` element. */
export function readGradient(element: Element): GradientShading {
  for (const attribute of Array.from(element.attributes)) {
    if (!GRADIENT_ATTRIBUTES.has(attribute.name) && !attribute.name.startsWith('data-'))
      throw new UnsupportedSvgError(`the gradient attribute ${attribute.name}`);
  }
  const units = element.getAttribute('gradientUnits') ?? 'objectBoundingBox';
  if (units !== 'objectBoundingBox' && units !== 'userSpaceOnUse') throw new UnsupportedSvgError(`gradientUnits="${units}"`);
  const boundingBox = units === 'objectBoundingBox';
  const length = (name: string, fallback: string): number => {
    const raw = (element.getAttribute(name) ?? fallback).trim();
    if (raw.endsWith('%')) {
      if (!boundingBox) throw new UnsupportedSvgError('a percentage in a user-space gradient');
      return Number(raw.slice(0, -1)) / 100;
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new UnsupportedSvgError(`the gradient value ${name}="${raw}"`);
    return value;
  };
  const stops = Array.from(element.childNodes)
    .filter((node): node is Element => node.nodeType === 1)
    .map((stop) => {
      if (stop.tagName !== 'stop') throw new UnsupportedSvgError(`<${stop.tagName}> inside a gradient`);
      const opacity = stop.getAttribute('stop-opacity');
      if (opacity !== null && Number(opacity) !== 1) throw new UnsupportedSvgError('stop-opacity');
      const offsetText = (stop.getAttribute('offset') ?? '0').trim();
      const offset = offsetText.endsWith('%') ? Number(offsetText.slice(0, -1)) / 100 : Number(offsetText);
      if (!Number.isFinite(offset)) throw new UnsupportedSvgError(`the stop offset "${offsetText}"`);
      return { offset: Math.min(1, Math.max(0, offset)), rgb: parseColor(stop.getAttribute('stop-color') ?? 'black') };
    });
  if (stops.length === 0) throw new UnsupportedSvgError('a gradient without stops');
  // Offsets never go backwards (SVG clamps each to the previous one).
  let previous = 0;
  const ordered = stops.map((stop) => {
    previous = Math.max(previous, stop.offset);
    return { ...stop, offset: previous };
  });
  const transformText = element.getAttribute('gradientTransform');
  const transform = transformText === null ? IDENTITY : parseTransform(transformText);
  if (element.tagName === 'linearGradient') {
    return {
      type: 2,
      coords: [length('x1', '0%'), length('y1', '0%'), length('x2', '100%'), length('y2', '0%')],
      stops: ordered,
      boundingBox,
      transform,
    };
  }
  const cx = length('cx', '50%');
  const cy = length('cy', '50%');
  const fx = element.hasAttribute('fx') ? length('fx', '50%') : cx;
  const fy = element.hasAttribute('fy') ? length('fy', '50%') : cy;
  return { type: 3, coords: [fx, fy, 0, cx, cy, length('r', '50%')], stops: ordered, boundingBox, transform };
}

/** A PDF function (type 2, or type 3 stitching several) that runs through the stops over 0–1. */
export function shadingFunction(stops: GradientShading['stops']): Record<string, unknown> {
  const points = [...stops];
  if (points[0]!.offset > 0) points.unshift({ offset: 0, rgb: points[0]!.rgb });
  if (points.at(-1)!.offset < 1) points.push({ offset: 1, rgb: points.at(-1)!.rgb });
  if (points.length === 1) points.push(points[0]!);
  const pieces = points.slice(1).map((stop, i) => ({ FunctionType: 2, Domain: [0, 1], C0: [...points[i]!.rgb], C1: [...stop.rgb], N: 1 }));
  if (pieces.length === 1) return pieces[0]!;
  // Bounds must increase: a hard stop (two equal offsets) is nudged apart by a hair.
  const bounds = points.slice(1, -1).map((stop, i) => Math.min(1, stop.offset + i * 1e-6));
  return { FunctionType: 3, Domain: [0, 1], Functions: pieces, Bounds: bounds, Encode: pieces.flatMap(() => [0, 1]) };
}
