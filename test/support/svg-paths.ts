/** Every x, y pair of absolute path data (the offline engine writes only M, L, Q, C and Z, with absolute pairs). */
export function pathPoints(d: string): { x: number; y: number }[] {
  const numbers = (d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) out.push({ x: numbers[i] as number, y: numbers[i + 1] as number });
  return out;
}

/** The glyph paths of a named text group's ink (`<g data-text="name">`, its last `<g fill=…>`). */
export function textPaths(markup: string, name: string): string[] {
  const group = markup.match(new RegExp(`<g data-text="${name}">(.*?)</g></g>`))?.[1] ?? '';
  const ink = group.split('<g fill=').at(-1) ?? '';
  return [...ink.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1] as string);
}
