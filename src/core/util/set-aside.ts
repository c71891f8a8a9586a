import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { basename } from 'node:path';

/** `<path>.unreadable-<UTC time>`, numbered when that name is taken: an earlier copy is never replaced. */
function asidePath(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let aside = `${path}.unreadable-${stamp}`;
  for (let n = 2; existsSync(aside); n++) aside = `${path}.unreadable-${stamp}-${n}`;
  return aside;
}

/**
 * Moves an unreadable file (or a folder where a file belongs) out of the way
 * as `<name>.unreadable-<UTC time>` beside it, so Motif can start afresh without
 * ever overwriting or deleting what was there. Returns the new base name, for
 * messages. Synchronous: it runs once at start-up, before anything else
 * touches the file.
 */
export function setAsideUnreadable(path: string, now: number): string {
  const aside = asidePath(path, now);
  renameSync(path, aside);
  return basename(aside);
}

/** Like `setAsideUnreadable` but copies: for a file about to be rewritten with what could be kept of it. */
export function copyAsideUnreadable(path: string, now: number): string {
  const aside = asidePath(path, now);
  copyFileSync(path, aside);
  return basename(aside);
}
