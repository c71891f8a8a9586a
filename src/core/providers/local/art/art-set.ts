import { open, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { MotifError } from '../../../errors/motif-error.ts';
import { subjectIndex } from './subject-index.ts';

/** One icon of the art set: SVG markup drawn on a `size × size` grid. */
export interface IconArt {
  readonly name: string;
  readonly body: string;
  readonly size: number;
}

interface RawIcon {
  readonly body: string;
  readonly width?: number;
  readonly height?: number;
}

const require = createRequire(import.meta.url);
/** The art set's own grid (Fluent Emoji Flat icons are 32 × 32). */
const DEFAULT_ICON_SIZE = 32;

const loaded = new Map<string, IconArt>();
let wholeSet: Promise<Record<string, RawIcon>> | undefined;

/**
 * Reads the named icons from the installed art set. Only their bytes are read
 * (the subject index records where each icon sits in `icons.json`); nothing is
 * read before the first drawing, and each icon is read once per process. Should
 * the installed file differ from the one the index was built from, the whole
 * set is parsed once instead, so a mismatch costs time, never a wrong picture.
 */
export async function loadIcons(names: readonly string[]): Promise<ReadonlyMap<string, IconArt>> {
  const missing = [...new Set(names)].filter((name) => !loaded.has(name));
  if (missing.length > 0) {
    const file = require.resolve('@iconify-json/fluent-emoji-flat/icons.json');
    const index = await subjectIndex();
    const raw = await readSlices(file, missing, index.offsets, index.iconsJsonBytes).catch(() => undefined);
    for (const name of missing) {
      const icon = raw?.get(name) ?? (await readWholeSet(file))[name];
      if (icon === undefined) throw new MotifError('internal', { message: `The art set has no icon "${name}".` });
      loaded.set(name, { name, body: icon.body, size: icon.width ?? DEFAULT_ICON_SIZE });
    }
  }
  return new Map(names.map((name) => [name, loaded.get(name) as IconArt]));
}

async function readSlices(
  file: string,
  names: readonly string[],
  offsets: Readonly<Record<string, readonly [number, number]>>,
  expectedBytes: number,
): Promise<Map<string, RawIcon>> {
  const handle = await open(file, 'r');
  try {
    if ((await handle.stat()).size !== expectedBytes) throw new Error('icons.json is not the file the index was built from');
    const out = new Map<string, RawIcon>();
    for (const name of names) {
      const range = offsets[name];
      if (range === undefined) throw new Error(`no offset for ${name}`);
      const buffer = Buffer.alloc(range[1]);
      await handle.read(buffer, 0, range[1], range[0]);
      const icon = JSON.parse(buffer.toString('utf8')) as RawIcon;
      if (typeof icon.body !== 'string') throw new Error(`icon ${name} did not parse`);
      out.set(name, icon);
    }
    return out;
  } finally {
    await handle.close();
  }
}

function readWholeSet(file: string): Promise<Record<string, RawIcon>> {
  wholeSet ??= readFile(file, 'utf8').then((text) => (JSON.parse(text) as { icons: Record<string, RawIcon> }).icons);
  return wholeSet;
}
