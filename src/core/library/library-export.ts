import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { HistoryEntry } from '../contract/history-entry.ts';
import { friendlyExtension } from './image-format.ts';
import { tempPath, writeFileAtomic } from '../util/atomic-write.ts';

/** Where an export goes: a folder (created if needed) or a zip file (replaced if it exists). */
export type LibraryExportTarget = { readonly kind: 'folder' | 'zip'; readonly path: string };

/** One entry to export with the path of its stored image. */
export interface ExportItem {
  readonly entry: HistoryEntry;
  readonly imagePath: string;
  /** The SVG twin's path, when the entry has one: it goes out beside the image as `<name>.svg`. */
  readonly vectorPath?: string | undefined;
  /** The names of the projects it is filed in: the sidecar carries names, which mean something in another library. */
  readonly projects: readonly string[];
}

/** Turns a stored image into the file handed out: settings written in, or metadata stripped (see `fileWithSettings`). */
export type PrepareExport = (bytes: Uint8Array, entry: HistoryEntry) => Uint8Array;

/**
 * A readable file name without extension: `2026-11-26_party_1a2b3c4d`. The date
 * is the UTC day the image was made, the style says what it is, and the short
 * id keeps names apart and leads back to the library entry.
 */
export function exportBaseName(entry: HistoryEntry): string {
  const day = new Date(entry.createdAt).toISOString().slice(0, 10);
  const shortId =
    entry.id
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 8)
      .toLowerCase() || 'image';
  return `${day}_${entry.style}_${shortId}`;
}

/** Chooses distinct names (`name`, `name-2`, …) for items, avoiding names already taken. */
function assignNames(
  items: readonly ExportItem[],
  taken: Set<string>,
): { item: ExportItem; image: string; sidecar: string; vector: string }[] {
  return items.map((item) => {
    const base = exportBaseName(item.entry);
    const ext = friendlyExtension(item.entry.format);
    const files = (name: string): string[] => [`${name}.${ext}`, `${name}.json`, `${name}.svg`].map((f) => f.toLowerCase());
    let name = base;
    for (let n = 2; files(name).some((f) => taken.has(f)); n++) name = `${base}-${n}`;
    for (const f of files(name)) taken.add(f);
    return { item, image: `${name}.${ext}`, sidecar: `${name}.json`, vector: `${name}.svg` };
  });
}

/**
 * The JSON sidecar of an exported image: the library entry, pretty printed,
 * with its tags and the names of its projects (`projects`) instead of their
 * ids, so an import elsewhere files it into projects of the same names.
 */
function sidecarJson(item: ExportItem): string {
  const { projectIds: _ids, ...entry } = item.entry;
  return `${JSON.stringify({ ...entry, ...(item.projects.length > 0 ? { projects: item.projects } : {}) }, null, 2)}\n`;
}

/**
 * Copies images, their JSON sidecars and SVG twins to a folder or a zip. Existing files in
 * a target folder are never overwritten; a zip is written to a temp file and
 * renamed, so a failed export never leaves a half zip under the chosen name.
 */
export async function exportToTarget(
  items: readonly ExportItem[],
  target: LibraryExportTarget,
  prepare: PrepareExport,
): Promise<{ path: string; exported: number }> {
  const fileOf = async (item: ExportItem): Promise<Uint8Array> => prepare(new Uint8Array(await readFile(item.imagePath)), item.entry);
  const path = resolve(target.path);
  if (target.kind === 'folder') {
    await mkdir(path, { recursive: true });
    const existing = new Set((await readdir(path)).map((name) => name.toLowerCase()));
    for (const { item, image, sidecar, vector } of assignNames(items, existing)) {
      // The temp file sits in the target folder: it may be on another drive than the library.
      await writeFileAtomic(join(path, image), await fileOf(item));
      await writeNew(join(path, sidecar), sidecarJson(item));
      if (item.vectorPath !== undefined) await writeNew(join(path, vector), await readFile(item.vectorPath, 'utf8'));
    }
    return { path, exported: items.length };
  }
  await mkdir(dirname(path), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const { item, image, sidecar, vector } of assignNames(items, new Set())) {
    const mtime = new Date(item.entry.createdAt);
    // Read and prepared only when the zip reaches it, so a big export holds one image at a time.
    // Images are already compressed: storing them saves time and loses nothing.
    zip.addReadStream(Readable.from(lazily(() => fileOf(item))), image, { compress: false, mtime });
    zip.addBuffer(Buffer.from(sidecarJson(item), 'utf8'), sidecar, { compress: true, mtime });
    const vectorPath = item.vectorPath;
    if (vectorPath !== undefined) zip.addReadStream(Readable.from(lazily(() => readFile(vectorPath))), vector, { compress: true, mtime });
  }
  zip.end();
  const temp = tempPath(dirname(path), 'export.zip');
  try {
    await pipeline(zip.outputStream, createWriteStream(temp, { flags: 'wx' }));
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { path, exported: items.length };
}

async function* lazily(make: () => Promise<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield await make();
}

async function writeNew(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
