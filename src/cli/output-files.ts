import { randomUUID } from 'node:crypto';
import { access, constants, link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { usageError } from './cli-errors.ts';
import type { HistoryEntry } from '../core/contract/history-entry.ts';
import { friendlyExtension } from '../core/library/image-format.ts';

/** `motif-<style>-<seed>-<n>.<ext>`, n counting from 1; the entry id stands in for an unknown seed. */
export function outputFileName(entry: HistoryEntry, index: number, suffix = 0, extension = friendlyExtension(entry.format)): string {
  const seed = entry.seed === undefined ? entry.id.replace(/[^\w-]/g, '').slice(0, 12) : String(entry.seed);
  const extra = suffix > 0 ? `-${suffix}` : '';
  return `motif-${entry.style}-${seed}-${index + 1}${extra}.${extension}`;
}

/**
 * Checks, BEFORE anything is generated, that the images can be written into
 * `dir`: with a paid provider a target that fails afterwards would mean paying
 * for nothing. Creates nothing (a failed job leaves no empty folder): an
 * existing `dir` must be a writable folder; a missing one, the nearest folder
 * above it. Throws `invalid_request` naming `-o` (exit 2).
 */
export async function checkOutputDir(dir: string): Promise<void> {
  let existing = resolve(dir);
  for (;;) {
    const info = await stat(existing).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw usageError('-o', `cannot use ${dir} (${error.code ?? 'unknown error'})`);
    });
    if (info !== undefined) {
      if (!info.isDirectory())
        throw usageError('-o', `${existing === resolve(dir) ? dir : existing} is a file, not a folder; name a folder for the images`);
      break;
    }
    const parent = dirname(existing);
    if (parent === existing) throw usageError('-o', `cannot use ${dir}: no folder above it exists`);
    existing = parent;
  }
  try {
    await access(existing, constants.W_OK);
  } catch {
    throw usageError('-o', `cannot write into ${existing} (no permission)`);
  }
}

/**
 * Writes an image into `dir` under its output name without ever replacing an
 * existing file (a clash gets `-1`, `-2`, … appended) and without ever leaving
 * a partial file under the final name: bytes go to a temp file first, which is
 * then hard-linked (or renamed, where links are unsupported) into place.
 */
export async function writeOutputFile(
  dir: string,
  entry: HistoryEntry,
  index: number,
  bytes: Uint8Array,
  extension?: string,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.motif-${randomUUID()}.part`);
  await writeFile(temp, bytes, { flag: 'wx' });
  try {
    for (let suffix = 0; suffix < 1000; suffix += 1) {
      const target = join(dir, outputFileName(entry, index, suffix, extension));
      try {
        await link(temp, target);
        return target;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
        if (await exists(target)) continue;
        await rename(temp, target);
        return target;
      }
    }
    throw new Error(`too many files named like ${outputFileName(entry, index)} in ${dir}`);
  } finally {
    await rm(temp, { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
