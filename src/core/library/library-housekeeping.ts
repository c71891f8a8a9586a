import { readdir, rm } from 'node:fs/promises';
import type { LibraryPaths } from './library-paths.ts';
import { newUndoToken, SWEPT_RETENTION_MS, type LibraryTrash } from './library-trash.ts';
import type { HistoryEntry } from '../contract/history-entry.ts';
import { isCode, moveFile } from './durable-fs.ts';
import { listContentImages, recoverEntry } from './recover-entry.ts';
import { listVectorTwins } from './vector-twin.ts';

/** What housekeeping needs from the library. Callers run it under the library's write queue. */
export interface HousekeepingScope {
  readonly paths: LibraryPaths;
  readonly trash: LibraryTrash;
  /** True when a live entry uses the image hash. */
  readonly inUse: (hash: string) => boolean;
}

/** A thumbnail or sidecar name: `<sha256>.webp` in `thumbs/`, `<sha256>.json` in `images/`. */
const THUMB_FILE = /^([a-f0-9]{64})\.webp$/;
const SIDECAR_FILE = /^([a-f0-9]{64})\.json$/;

/**
 * Empties trash folders at least `olderThanMs` old at `now` (files a sweep set
 * aside wait `SWEPT_RETENTION_MS` however small `olderThanMs` is). Also removes
 * the image files of purged entries that a delete interrupted by a crash left
 * in `images/`, unless a live entry or a newer trash folder still needs them.
 */
export async function purgeExpiredTrash(scope: HousekeepingScope, now: number, olderThanMs: number): Promise<void> {
  const { paths, trash, inUse } = scope;
  const expired: { token: string; entries: readonly HistoryEntry[] }[] = [];
  const kept = new Set<string>();
  for (const { token, deletedAt } of await trash.list()) {
    const manifest = await trash.read(token);
    const entries = manifest?.entries ?? [];
    const retention = manifest?.reason === 'sweep' ? Math.max(olderThanMs, SWEPT_RETENTION_MS) : olderThanMs;
    if (deletedAt === undefined || now - deletedAt >= retention) expired.push({ token, entries });
    else for (const entry of entries) kept.add(entry.imageHash);
  }
  for (const { token, entries } of expired) {
    for (const entry of entries) {
      if (inUse(entry.imageHash) || kept.has(entry.imageHash)) continue;
      await rm(paths.image(entry.imageHash, entry.format), { force: true });
      await rm(paths.thumb(entry.imageHash), { force: true });
      await rm(paths.sidecar(entry.imageHash), { force: true });
      await rm(paths.vector(entry.imageHash), { force: true });
    }
    await trash.remove(token);
  }
}

/**
 * Sets aside image, thumbnail, sidecar and SVG-twin files that no live entry
 * and no trash folder refers to (what a crash between a file's rename and its
 * `put` record left behind, or a twin whose image was removed by hand): they move to one trash folder whose manifest holds an
 * entry rebuilt for each image, so `undoDelete(token)` brings them back. Only
 * files Motif wrote move: an image whose bytes do not hash to its name stays
 * where it is. Meant to run with compaction (rare, already proportional to the
 * library), and never while index lines are unreadable: those may name the files.
 * Returns how many images were set aside.
 */
export async function sweepOrphanFiles(scope: HousekeepingScope, now: number): Promise<number> {
  const { paths, trash, inUse } = scope;
  const referenced = await trash.hashes();
  const orphan = (hash: string): boolean => !referenced.has(hash) && !inUse(hash);
  const entries: HistoryEntry[] = [];
  const notOurs = new Set<string>();
  for (const image of await listContentImages(paths)) {
    if (!orphan(image.hash)) continue;
    const entry = await recoverEntry(paths, image);
    if (entry === undefined) notOurs.add(image.hash);
    else entries.push(entry);
  }
  const moves: [string, string][] = [];
  const token = newUndoToken(now);
  for (const entry of entries)
    moves.push([paths.image(entry.imageHash, entry.format), paths.trashImage(token, entry.imageHash, entry.format)]);
  for (const name of await readdir(paths.thumbs)) {
    const hash = THUMB_FILE.exec(name)?.[1];
    if (hash !== undefined && orphan(hash) && !notOurs.has(hash)) moves.push([paths.thumb(hash), paths.trashThumb(token, hash)]);
  }
  for (const name of await readdir(paths.images)) {
    const hash = SIDECAR_FILE.exec(name)?.[1];
    if (hash !== undefined && orphan(hash) && !notOurs.has(hash)) moves.push([paths.sidecar(hash), paths.trashSidecar(token, hash)]);
  }
  // A twin goes with its orphaned image (an undo brings both back), or alone when its image is gone; purged with the folder.
  for (const hash of await listVectorTwins(paths)) {
    if (orphan(hash) && !notOurs.has(hash)) moves.push([paths.vector(hash), paths.trashVector(token, hash)]);
  }
  if (moves.length === 0) return 0;
  // The manifest first, so the moved files are always described by one.
  await trash.prepare({ version: 1, token, deletedAt: now, reason: 'sweep', entries });
  for (const [from, to] of moves) {
    try {
      await moveFile(from, to, paths.tmp);
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
    }
  }
  return entries.length;
}
