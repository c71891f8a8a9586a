import { DOMParser, type Element } from '@xmldom/xmldom';
import svgpath from 'svgpath';
import type { PDFDocument, PDFRef } from 'pdf-lib';
import {
  IDENTITY,
  UnsupportedSvgError,
  ellipsePath,
  multiply,
  num,
  parseTransform,
  pathGeometry,
  rectPath,
  type Matrix,
} from './svg-geometry.ts';
import { parsePaint, readGradient, shadingFunction, type GradientShading, type Paint } from './svg-paint.ts';

/**
 * Translates the SVG the offline engine draws into PDF drawing operators, so
 * its designs stay vector in a print PDF. It covers what the engine and its
 * art set use (groups and transforms, symbols and `<use>`, paths and basic
 * shapes, solid and gradient fills, strokes with caps, joins and dashes,
 * fill/stroke opacity, single-shape clip paths). Anything else — a filter, a
 * mask, group opacity, a stylesheet — throws {@link UnsupportedSvgError}
 * naming it, and the caller prints the raster instead: never a silently wrong
 * drawing.
 */

/** Inherited presentation attributes. */
interface Style {
  readonly fill: Paint;
  readonly fillOpacity: number;
  readonly fillRule: 'nonzero' | 'evenodd';
  readonly stroke: Paint;
  readonly strokeOpacity: number;
  readonly strokeWidth: number;
  readonly lineCap: number;
  readonly lineJoin: number;
  readonly miterLimit: number;
  readonly dash: readonly number[];
  readonly dashOffset: number;
  readonly clipRule: 'nonzero' | 'evenodd';
}

const ROOT_STYLE: Style = {
  fill: { kind: 'rgb', rgb: [0, 0, 0] },
  fillOpacity: 1,
  fillRule: 'nonzero',
  stroke: { kind: 'none' },
  strokeOpacity: 1,
  strokeWidth: 1,
  lineCap: 0,
  lineJoin: 0,
  miterLimit: 4,
  dash: [],
  dashOffset: 0,
  clipRule: 'nonzero',
};

const CAPS: Readonly<Record<string, number>> = { butt: 0, round: 1, square: 2 };
const JOINS: Readonly<Record<string, number>> = { miter: 0, round: 1, bevel: 2 };
const PRESENTATION = new Set([
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'clip-rule',
  'opacity',
  'transform',
  'clip-path',
  'id',
  'class',
]);
/** Geometry attributes each drawable element may carry. */
const GEOMETRY: Readonly<Record<string, readonly string[]>> = {
  svg: ['width', 'height', 'viewBox', 'xmlns', 'xmlns:xlink', 'version'],
  g: [],
  use: ['href', 'xlink:href', 'x', 'y', 'width', 'height'],
  path: ['d'],
  rect: ['x', 'y', 'width', 'height', 'rx', 'ry'],
  circle: ['cx', 'cy', 'r'],
  ellipse: ['cx', 'cy', 'rx', 'ry'],
  line: ['x1', 'y1', 'x2', 'y2'],
  polygon: ['points'],
  polyline: ['points'],
};
/** Elements that draw nothing where they stand (they are used by reference) or carry no drawing. */
const SKIPPED = new Set(['defs', 'symbol', 'clipPath', 'linearGradient', 'radialGradient', 'title', 'desc', 'metadata']);

const number = (element: Element, name: string, fallback = 0): number => {
  const raw = element.getAttribute(name);
  if (raw === null || raw.trim() === '') return fallback;
  const value = Number(raw.trim().replace(/px$/, ''));
  if (!Number.isFinite(value)) throw new UnsupportedSvgError(`${name}="${raw}" on <${element.tagName}>`);
  return value;
};

const clampUnit = (value: number): number => Math.min(1, Math.max(0, value));

const matrixOp = (m: Matrix): string => `${m.map(num).join(' ')} cm`;

/** The path data of a basic shape or path element, or undefined for anything else. */
function shapeData(element: Element): string | undefined {
  switch (element.tagName) {
    case 'path':
      return element.getAttribute('d') ?? '';
    case 'rect': {
      const width = number(element, 'width');
      const height = number(element, 'height');
      if (width <= 0 || height <= 0) return '';
      const rx = element.hasAttribute('rx') ? number(element, 'rx') : number(element, 'ry');
      const ry = element.hasAttribute('ry') ? number(element, 'ry') : rx;
      return rectPath(number(element, 'x'), number(element, 'y'), width, height, rx, ry);
    }
    case 'circle': {
      const r = number(element, 'r');
      return r > 0 ? ellipsePath(number(element, 'cx'), number(element, 'cy'), r, r) : '';
    }
    case 'ellipse': {
      const [rx, ry] = [number(element, 'rx'), number(element, 'ry')];
      return rx > 0 && ry > 0 ? ellipsePath(number(element, 'cx'), number(element, 'cy'), rx, ry) : '';
    }
    case 'line':
      return `M${number(element, 'x1')} ${number(element, 'y1')}L${number(element, 'x2')} ${number(element, 'y2')}`;
    case 'polygon':
    case 'polyline': {
      const points = (element.getAttribute('points') ?? '')
        .trim()
        .split(/[\s,]+/)
        .filter(Boolean);
      if (points.length < 4) return '';
      return `M${points.join(' ')}${element.tagName === 'polygon' ? 'Z' : ''}`;
    }
    default:
      return undefined;
  }
}

/** The PDF drawing of an SVG: its content stream and the resources it names. */
export interface SvgDrawing {
  readonly width: number;
  readonly height: number;
  readonly content: string;
  /** Opacity states by resource name. */
  readonly opacities: ReadonlyMap<string, { fill: number; stroke: number }>;
  /** Gradient shadings by resource name. */
  readonly shadings: ReadonlyMap<string, GradientShading>;
}

class SvgTranslator {
  readonly #ids = new Map<string, Element>();
  readonly #out: string[] = [];
  readonly #opacities = new Map<string, { fill: number; stroke: number }>();
  readonly #opacityNames = new Map<string, string>();
  readonly #shadings = new Map<string, GradientShading>();
  readonly #gradients = new Map<string, GradientShading>();
  #depth = 0;

  constructor(root: Element) {
    const index = (element: Element): void => {
      const id = element.getAttribute('id');
      if (id !== null && id !== '') this.#ids.set(id, element);
      for (const child of this.#children(element)) index(child);
    };
    index(root);
  }

  translate(root: Element): SvgDrawing {
    if (root.tagName !== 'svg') throw new UnsupportedSvgError(`a <${root.tagName}> root`);
    this.#checkAttributes(root);
    const par = root.getAttribute('preserveAspectRatio');
    const width = number(root, 'width', NaN);
    const height = number(root, 'height', NaN);
    if (!(width > 0 && height > 0)) throw new UnsupportedSvgError('an SVG without a width and height');
    // PDF's y axis points up: flip once, then everything below is in SVG's own coordinates.
    this.#out.push(matrixOp([1, 0, 0, -1, 0, height]));
    const viewBox = root.getAttribute('viewBox');
    if (viewBox !== null) this.#out.push(matrixOp(this.#viewBoxMatrix(viewBox, 0, 0, width, height, par)));
    this.#drawChildren(root, ROOT_STYLE);
    return { width, height, content: this.#out.join('\n'), opacities: this.#opacities, shadings: this.#shadings };
  }

  #children(element: Element): Element[] {
    return Array.from(element.childNodes).filter((node): node is Element => node.nodeType === 1);
  }

  #checkAttributes(element: Element): void {
    const allowed = GEOMETRY[element.tagName] ?? [];
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name;
      if (PRESENTATION.has(name) || allowed.includes(name) || name.startsWith('data-') || name.startsWith('xmlns')) continue;
      if (element.tagName === 'svg' && name === 'preserveAspectRatio') continue;
      throw new UnsupportedSvgError(`the attribute ${name} on <${element.tagName}>`);
    }
  }

  /** Maps a viewBox onto a viewport (preserveAspectRatio: the default xMidYMid meet, or none). */
  #viewBoxMatrix(viewBox: string, x: number, y: number, width: number, height: number, par: string | null): Matrix {
    const [vx, vy, vw, vh] = viewBox
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (![vx, vy, vw, vh].every((v) => Number.isFinite(v)) || !(vw! > 0 && vh! > 0)) throw new UnsupportedSvgError(`viewBox="${viewBox}"`);
    const mode = (par ?? 'xMidYMid meet').trim();
    if (mode === 'none') return [width / vw!, 0, 0, height / vh!, x - (vx! * width) / vw!, y - (vy! * height) / vh!];
    if (mode !== 'xMidYMid meet' && mode !== 'xMidYMid') throw new UnsupportedSvgError(`preserveAspectRatio="${mode}"`);
    const scale = Math.min(width / vw!, height / vh!);
    const dx = x + (width - vw! * scale) / 2 - vx! * scale;
    const dy = y + (height - vh! * scale) / 2 - vy! * scale;
    return [scale, 0, 0, scale, dx, dy];
  }

  #style(element: Element, parent: Style): Style {
    const get = (name: string): string | undefined => element.getAttribute(name) ?? undefined;
    const opacity = (name: string, fallback: number): number => {
      const raw = get(name);
      return raw === undefined ? fallback : clampUnit(Number(raw));
    };
    const rule = (raw: string | undefined, fallback: 'nonzero' | 'evenodd'): 'nonzero' | 'evenodd' => {
      if (raw === undefined || raw === 'inherit') return fallback;
      if (raw !== 'nonzero' && raw !== 'evenodd') throw new UnsupportedSvgError(`the rule "${raw}"`);
      return raw;
    };
    const dashText = get('stroke-dasharray');
    let dash = parent.dash;
    if (dashText !== undefined) {
      const values =
        dashText === 'none'
          ? []
          : dashText
              .trim()
              .split(/[\s,]+/)
              .map(Number);
      if (values.some((v) => !Number.isFinite(v) || v < 0)) throw new UnsupportedSvgError(`stroke-dasharray="${dashText}"`);
      dash = values.length % 2 === 1 ? [...values, ...values] : values;
    }
    const lookup = (table: Readonly<Record<string, number>>, name: string, fallback: number): number => {
      const raw = get(name);
      if (raw === undefined) return fallback;
      const value = table[raw];
      if (value === undefined) throw new UnsupportedSvgError(`${name}="${raw}"`);
      return value;
    };
    return {
      fill: get('fill') === undefined ? parent.fill : parsePaint(get('fill')!),
      fillOpacity: opacity('fill-opacity', parent.fillOpacity),
      fillRule: rule(get('fill-rule'), parent.fillRule),
      stroke: get('stroke') === undefined ? parent.stroke : parsePaint(get('stroke')!),
      strokeOpacity: opacity('stroke-opacity', parent.strokeOpacity),
      strokeWidth: get('stroke-width') === undefined ? parent.strokeWidth : number(element, 'stroke-width'),
      lineCap: lookup(CAPS, 'stroke-linecap', parent.lineCap),
      lineJoin: lookup(JOINS, 'stroke-linejoin', parent.lineJoin),
      miterLimit: get('stroke-miterlimit') === undefined ? parent.miterLimit : number(element, 'stroke-miterlimit'),
      dash,
      dashOffset: get('stroke-dashoffset') === undefined ? parent.dashOffset : number(element, 'stroke-dashoffset'),
      clipRule: rule(get('clip-rule'), parent.clipRule),
    };
  }

  #drawChildren(element: Element, style: Style): void {
    for (const child of this.#children(element)) this.#draw(child, style);
  }

  #draw(element: Element, parent: Style): void {
    const tag = element.tagName;
    if (SKIPPED.has(tag)) return;
    if (!(tag in GEOMETRY) || tag === 'svg') throw new UnsupportedSvgError(`<${tag}>`);
    this.#checkAttributes(element);
    const style = this.#style(element, parent);
    const opacity = element.hasAttribute('opacity') ? clampUnit(Number(element.getAttribute('opacity'))) : 1;
    const data = shapeData(element);
    // Group opacity composites the group as one layer: PDF needs a transparency group for that. A single shape's opacity is exact.
    if (opacity !== 1 && data === undefined) throw new UnsupportedSvgError(`opacity on <${tag}>`);
    this.#out.push('q');
    const transform = element.getAttribute('transform');
    if (transform !== null) this.#out.push(matrixOp(parseTransform(transform)));
    const clipPath = element.getAttribute('clip-path');
    if (clipPath !== null) this.#clip(clipPath);
    if (data !== undefined) this.#paint(data, style, opacity);
    else if (tag === 'use') this.#use(element, style);
    else this.#drawChildren(element, style);
    this.#out.push('Q');
  }

  #use(element: Element, style: Style): void {
    const href = (element.getAttribute('href') ?? element.getAttribute('xlink:href') ?? '').trim();
    const target = href.startsWith('#') ? this.#ids.get(href.slice(1)) : undefined;
    if (target === undefined) throw new UnsupportedSvgError(`a <use> of "${href}"`);
    if (++this.#depth > 16) throw new UnsupportedSvgError('<use> nested too deep');
    const x = number(element, 'x');
    const y = number(element, 'y');
    if (target.tagName === 'symbol') {
      for (const attribute of Array.from(target.attributes))
        if (!['id', 'viewBox'].includes(attribute.name) && !attribute.name.startsWith('data-'))
          throw new UnsupportedSvgError(`the attribute ${attribute.name} on <symbol>`);
      const width = number(element, 'width', NaN);
      const height = number(element, 'height', NaN);
      const viewBox = target.getAttribute('viewBox');
      if (!(width > 0 && height > 0) || viewBox === null) throw new UnsupportedSvgError('a <symbol> used without a size and viewBox');
      // A symbol is a viewport: what it draws outside its box is clipped away.
      this.#out.push(`${num(x)} ${num(y)} ${num(width)} ${num(height)} re W n`);
      this.#out.push(matrixOp(this.#viewBoxMatrix(viewBox, x, y, width, height, null)));
      this.#drawChildren(target, style);
    } else {
      if (x !== 0 || y !== 0) this.#out.push(matrixOp([1, 0, 0, 1, x, y]));
      this.#draw(target, style);
    }
    this.#depth -= 1;
  }

  /** Intersects the clip with a clip path made of one shape (exact; a union of several is not attempted). */
  #clip(reference: string): void {
    const id = /^url\(\s*#([^)\s]+)\s*\)$/.exec(reference.trim())?.[1];
    const clip = id === undefined ? undefined : this.#ids.get(id);
    if (clip === undefined || clip.tagName !== 'clipPath') throw new UnsupportedSvgError(`clip-path="${reference}"`);
    for (const attribute of Array.from(clip.attributes))
      if (!['id', 'clip-rule', 'transform', 'clipPathUnits'].includes(attribute.name))
        throw new UnsupportedSvgError(`${attribute.name} on <clipPath>`);
    if ((clip.getAttribute('clipPathUnits') ?? 'userSpaceOnUse') !== 'userSpaceOnUse') throw new UnsupportedSvgError('clipPathUnits');
    const shapes = this.#children(clip);
    if (shapes.length !== 1) throw new UnsupportedSvgError(`a clip path of ${shapes.length} shapes`);
    const shape = shapes[0]!;
    const data = shapeData(shape);
    if (data === undefined) throw new UnsupportedSvgError(`<${shape.tagName}> in a clip path`);
    this.#checkAttributes(shape);
    let matrix = clip.hasAttribute('transform') ? parseTransform(clip.getAttribute('transform')!) : IDENTITY;
    if (shape.hasAttribute('transform')) matrix = multiply(matrix, parseTransform(shape.getAttribute('transform')!));
    const rule = shape.getAttribute('clip-rule') ?? clip.getAttribute('clip-rule') ?? 'nonzero';
    const geometry = pathGeometry(
      svgpath(data)
        .matrix([...matrix])
        .toString(),
    );
    this.#out.push(`${geometry.ops} ${rule === 'evenodd' ? 'W*' : 'W'} n`);
  }

  #opacityState(fill: number, stroke: number): string {
    const key = `${num(fill)}/${num(stroke)}`;
    let name = this.#opacityNames.get(key);
    if (name === undefined) {
      name = `GS${this.#opacityNames.size}`;
      this.#opacityNames.set(key, name);
      this.#opacities.set(name, { fill, stroke });
    }
    return name;
  }

  #paint(data: string, style: Style, opacity: number): void {
    if (data.trim() === '') return;
    const geometry = pathGeometry(data);
    if (geometry.ops === '') return;
    const fillAlpha = style.fillOpacity * opacity;
    const strokeAlpha = style.strokeOpacity * opacity;
    if (fillAlpha !== 1 || strokeAlpha !== 1) this.#out.push(`/${this.#opacityState(fillAlpha, strokeAlpha)} gs`);
    const evenOdd = style.fillRule === 'evenodd';
    if (style.fill.kind === 'rgb') {
      this.#out.push(`${style.fill.rgb.map(num).join(' ')} rg`, geometry.ops, evenOdd ? 'f*' : 'f');
    } else if (style.fill.kind === 'url') {
      const gradient = this.#gradient(style.fill.id);
      const { minX, minY, maxX, maxY } = geometry.box;
      let matrix = gradient.transform;
      if (gradient.boundingBox) {
        // A zero-width or zero-height box paints nothing with a bounding-box gradient.
        if (!(maxX > minX && maxY > minY)) return;
        matrix = multiply([maxX - minX, 0, 0, maxY - minY, minX, minY], matrix);
      }
      const name = `Sh${this.#shadings.size}`;
      this.#shadings.set(name, gradient);
      this.#out.push('q', geometry.ops, evenOdd ? 'W* n' : 'W n', matrixOp(matrix), `/${name} sh`, 'Q');
    }
    if (style.stroke.kind === 'url') throw new UnsupportedSvgError('a gradient stroke');
    if (style.stroke.kind === 'rgb' && style.strokeWidth > 0) {
      this.#out.push(
        `${style.stroke.rgb.map(num).join(' ')} RG`,
        `${num(style.strokeWidth)} w ${style.lineCap} J ${style.lineJoin} j ${num(style.miterLimit)} M`,
        `[${style.dash.map(num).join(' ')}] ${num(style.dashOffset)} d`,
        geometry.ops,
        'S',
      );
    }
  }

  #gradient(id: string): GradientShading {
    let gradient = this.#gradients.get(id);
    if (gradient === undefined) {
      const element = this.#ids.get(id);
      if (element === undefined || (element.tagName !== 'radialGradient' && element.tagName !== 'linearGradient'))
        throw new UnsupportedSvgError(`the paint url(#${id})`);
      gradient = readGradient(element);
      this.#gradients.set(id, gradient);
    }
    return gradient;
  }
}

/** Translates SVG markup to a PDF drawing; throws {@link UnsupportedSvgError} for what it cannot draw. */
export function translateSvg(markup: string): SvgDrawing {
  let parseError: string | undefined;
  let document: ReturnType<DOMParser['parseFromString']> | undefined;
  try {
    document = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') parseError ??= message;
      },
    }).parseFromString(markup, 'image/svg+xml');
  } catch (error) {
    parseError ??= error instanceof Error ? error.message : String(error);
  }
  if (parseError !== undefined || document === undefined) throw new UnsupportedSvgError(`markup that does not parse (${parseError})`);
  const root = document.documentElement;
  if (root === null) throw new UnsupportedSvgError('an empty document');
  return new SvgTranslator(root).translate(root);
}

/** Why an SVG cannot be drawn as PDF paths, or undefined when it can. */
export function vectorUnsupportedReason(markup: string): string | undefined {
  try {
    translateSvg(markup);
    return undefined;
  } catch (error) {
    if (error instanceof UnsupportedSvgError) return error.message;
    throw error;
  }
}

/** A drawing embedded as a Form XObject, in SVG units (`width × height`, y up). */
export interface EmbeddedVector {
  readonly ref: PDFRef;
  readonly width: number;
  readonly height: number;
}

/** Embeds a translated SVG in a PDF as one Form XObject (drawn once, placed in as many slots as needed). */
export function embedSvgDrawing(doc: PDFDocument, drawing: SvgDrawing): EmbeddedVector {
  const context = doc.context;
  const extGStates: Record<string, unknown> = {};
  for (const [name, alpha] of drawing.opacities) extGStates[name] = { Type: 'ExtGState', ca: alpha.fill, CA: alpha.stroke };
  const shadings: Record<string, unknown> = {};
  for (const [name, gradient] of drawing.shadings) {
    shadings[name] = context.register(
      context.obj({
        ShadingType: gradient.type,
        ColorSpace: 'DeviceRGB',
        Coords: [...gradient.coords],
        Function: shadingFunction(gradient.stops) as never,
        Extend: [true, true],
      }),
    );
  }
  const resources: Record<string, unknown> = {};
  if (drawing.opacities.size > 0) resources.ExtGState = extGStates;
  if (drawing.shadings.size > 0) resources.Shading = shadings;
  const stream = context.flateStream(drawing.content, {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, drawing.width, drawing.height],
    Resources: resources as never,
  });
  return { ref: context.register(stream), width: drawing.width, height: drawing.height };
}
