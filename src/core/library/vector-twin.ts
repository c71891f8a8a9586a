import { open, readdir } from 'node:fs/promises';
import type { HistoryEntry } from '../contract/history-entry.ts';
import { isCode } from './durable-fs.ts';
import type { LibraryPaths } from './library-paths.ts';

/** A twin file's name in `vectors/`: `<sha256>.svg`, named by its image's hash. */
const TWIN_FILE = /^([a-f0-9]{64})\.svg$/;
const SVG_START = '<svg';
const SVG_END = '</svg>';
/** How much of a twin's end is read to find its closing tag (trailing whitespace allowed). */
const TAIL_BYTES = 64;

/** True for a whole SVG document as Motif saves one: `<svg…` to `</svg>`. */
export function isSvgDocument(text: string): boolean {
  return text.startsWith(SVG_START) && text.trimEnd().endsWith(SVG_END);
}

/** What an image's SVG twin file holds: a whole SVG document (with its size), nothing, or something torn or foreign. */
export type VectorTwinState =
  { readonly state: 'ok'; readonly bytes: number } | { readonly state: 'missing' } | { readonly state: 'corrupt' };

/**
 * Looks at an image's SVG twin without reading all of it: its first and last
 * bytes say whether it is a whole SVG document (a crash or another program
 * leaves it torn or foreign), so checking a large library stays cheap.
 */
export async function inspectVectorTwin(paths: LibraryPaths, hash: string): Promise<VectorTwinState> {
  let handle;
  try {
    handle = await open(paths.vector(hash), 'r');
  } catch (error) {
    if (isCode(error, 'ENOENT', 'ENOTDIR')) return { state: 'missing' };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size < SVG_START.length + SVG_END.length) return { state: 'corrupt' };
    const head = Buffer.alloc(SVG_START.length);
    await handle.read(head, 0, head.length, 0);
    const tailLength = Math.min(TAIL_BYTES, size);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    const whole = head.toString('latin1') === SVG_START && tail.toString('latin1').trimEnd().endsWith(SVG_END);
    return whole ? { state: 'ok', bytes: size } : { state: 'corrupt' };
  } catch (error) {
    if (isCode(error, 'EISDIR')) return { state: 'corrupt' };
    throw error;
  } finally {
    await handle.close();
  }
}

/** The entry as its twin file says: `vector` set when a whole twin is there, left out when it is not. */
export async function withVectorTwin(paths: LibraryPaths, entry: HistoryEntry): Promise<HistoryEntry> {
  const twin = await inspectVectorTwin(paths, entry.imageHash);
  const { vector: _, ...rest } = entry;
  return twin.state === 'ok' ? { ...rest, vector: { format: 'svg', bytes: twin.bytes } } : rest;
}

/** The image hashes of the twin files in `vectors/` (a missing folder has none). */
export async function listVectorTwins(paths: LibraryPaths): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(paths.vectors);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
  return names.flatMap((name) => TWIN_FILE.exec(name)?.[1] ?? []);
}
