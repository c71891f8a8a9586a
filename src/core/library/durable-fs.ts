import { createHash } from 'node:crypto';
import { copyFile, link, open, rename, rm, unlink } from 'node:fs/promises';
import { tempPath } from '../util/atomic-write.ts';

/** Hex sha256 of some bytes: the name of a content-addressed file. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Fsyncs a directory so a rename inside it survives power loss. Windows cannot
 * open directories for syncing; there NTFS journaling covers renames, so the
 * error is ignored.
 */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!isCode(error, 'EISDIR', 'EPERM', 'EINVAL', 'EACCES', 'EBADF')) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Gives `to` the content of `from` without removing `from`: a hard link when
 * the file system allows it (no copy), else an atomic copy through `tmpDir`
 * (FAT/exFAT drives). An existing `to` is kept: files are content-addressed,
 * so it already holds the same bytes.
 */
export async function linkOrCopy(from: string, to: string, tmpDir: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if (isCode(error, 'EEXIST')) return;
    if (isCode(error, 'ENOENT')) throw error;
    await copyFileAtomic(from, to, tmpDir);
  }
}

/** Moves a file; across volumes, an atomic copy then unlink, so `to` is never seen half written. */
export async function moveFile(from: string, to: string, tmpDir: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if (!isCode(error, 'EXDEV')) throw error;
    await copyFileAtomic(from, to, tmpDir);
    await unlink(from);
  }
}

/** Copies through a synced temp file and a rename. */
async function copyFileAtomic(from: string, to: string, tmpDir: string): Promise<void> {
  const temp = tempPath(tmpDir, to);
  try {
    await copyFile(from, temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, to);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** True when `error` is a Node system error with one of the given codes. */
export function isCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && codes.includes(String(error.code));
}
