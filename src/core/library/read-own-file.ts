import { constants, lstat, open } from 'node:fs/promises';

/** `error.code` when a path names something other than a regular file (a folder, a FIFO, a device). */
const NOT_REGULAR_FILE = 'ENOTREG';

/**
 * Reads a file of the library without following a symlink: a link planted in
 * `images/` or `thumbs/` must never serve a file from elsewhere on the disk.
 * Opens with `O_NOFOLLOW` (a symlink fails with `ELOOP`) and `O_NONBLOCK` (a
 * FIFO cannot stall the read), then checks the opened file is a regular one.
 * Where the platform has no `O_NOFOLLOW` (Windows), an `lstat` comes first.
 */
export async function readOwnFile(path: string): Promise<Buffer> {
  const noFollow = constants.O_NOFOLLOW as number | undefined;
  if (noFollow === undefined && (await lstat(path)).isSymbolicLink()) throw codedError('ELOOP', path);
  const handle = await open(path, constants.O_RDONLY | (noFollow ?? 0) | ((constants.O_NONBLOCK as number | undefined) ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw codedError(NOT_REGULAR_FILE, path);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Whether an error from {@link readOwnFile} means "this is not a plain file Motif wrote". */
export function isForeignFile(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ELOOP' || code === NOT_REGULAR_FILE;
}

function codedError(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: not a regular file: ${path}`), { code });
}
