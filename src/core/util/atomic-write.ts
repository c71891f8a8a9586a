import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Prefix of every temp file, so a sweep (the library's at open, the job store's) knows what it may remove. */
const TEMP_PREFIX = 'tmp-';

/** A unique temp file name inside `tempDir`, ending in `.tmp`. */
export function tempPath(tempDir: string, hint: string): string {
  return join(tempDir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}-${basename(hint)}.tmp`);
}

/** Writes bytes to a new file and fsyncs it before returning, so a later rename publishes complete content. */
export async function writeSynced(
  path: string,
  bytes: Uint8Array | string,
  options: { mode?: number; sync?: boolean } = {},
): Promise<void> {
  const handle = await open(path, 'wx', options.mode ?? 0o644);
  try {
    await handle.writeFile(bytes);
    if (options.sync !== false) await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface AtomicWriteOptions {
  /** File mode of a new file (default 0o644). */
  readonly mode?: number;
  /** `false` skips the fsync, for files that are only a recovery aid. */
  readonly sync?: boolean;
  /**
   * Folder for the temp file; it must be on the destination's volume. Default:
   * beside the destination. The library passes its `tmp/` folder, which it sweeps at open.
   */
  readonly tempDir?: string;
}

/**
 * Writes a file so that readers see either the old or the new content, never
 * a torn mix: temp file on the same volume, fsync, rename. A missing parent
 * folder of the destination is created. A failed write leaves no temp file.
 * The caller fsyncs the destination folder when the rename itself must survive power loss.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  if (options.tempDir === undefined) await mkdir(dirname(path), { recursive: true });
  const temp = tempPath(options.tempDir ?? dirname(path), path);
  try {
    await writeSynced(temp, data, options);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
