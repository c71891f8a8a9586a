/**
 * Tiny SVG string builders. Numbers are rounded to two decimals so the markup
 * stays compact and identical across runs.
 */

export type SvgAttributes = Readonly<Record<string, string | number | undefined>>;

/** A number as SVG text, rounded to 0.01. */
export function fmt(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/** One element; attributes set to `undefined` are left out. */
export function tag(name: string, attributes: SvgAttributes, children?: string | readonly string[]): string {
  let attrs = '';
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    attrs += ` ${key}="${typeof value === 'number' ? fmt(value) : escapeAttribute(value)}"`;
  }
  const body = children === undefined ? '' : typeof children === 'string' ? children : children.join('');
  return body === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${body}</${name}>`;
}

/** A tagged template for path data that rounds every interpolated number: path`M${x} ${y}`. */
export function path(strings: TemplateStringsArray, ...values: readonly (number | string)[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += (typeof value === 'number' ? fmt(value) : value) + (strings[i + 1] ?? '');
  });
  return out;
}

/** A group that tests and tools can find by motif: `<g data-motif="balloons">`. */
export function motifGroup(motif: string, children: readonly string[], attributes: SvgAttributes = {}): string {
  return children.length === 0 ? '' : tag('g', { 'data-motif': motif, ...attributes }, children);
}

/** `rotate(deg x y)` / `translate(x y)` pieces, formatted. */
export const translate = (x: number, y: number): string => `translate(${fmt(x)} ${fmt(y)})`;
export const rotate = (degrees: number, x = 0, y = 0): string => `rotate(${fmt(degrees)} ${fmt(x)} ${fmt(y)})`;
