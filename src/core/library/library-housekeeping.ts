import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryPaths } from './library-paths.ts';
import type { LibraryTrash } from './library-trash.ts';

/** What housekeeping needs from the library. Callers run it under the library's write queue. */
export interface HousekeepingScope {
  readonly paths: LibraryPaths;
  readonly trash: LibraryTrash;
  /** True when a live entry uses the image hash. */
  readonly inUse: (hash: string) => boolean;
}

/** A content-addressed file name: `<sha256>.<ext>`. Anything else in the folders is left alone. */
const CONTENT_FILE = /^([a-f0-9]{64})\.(?:png|jpeg|webp)$/;

/**
 * Empties trash folders at least `olderThanMs` old at `now`. Also removes the
 * image files of purged entries that a delete interrupted by a crash left in
 * `images/`, unless a live entry or a newer trash folder still needs them.
 */
export async function purgeExpiredTrash(scope: HousekeepingScope, now: number, olderThanMs: number): Promise<void> {
  const { paths, trash, inUse } = scope;
  const expired: string[] = [];
  const kept = new Set<string>();
  for (const { token, deletedAt } of await trash.list()) {
    if (deletedAt === undefined || now - deletedAt >= olderThanMs) expired.push(token);
    else for (const entry of (await trash.read(token))?.entries ?? []) kept.add(entry.imageHash);
  }
  for (const token of expired) {
    for (const entry of (await trash.read(token))?.entries ?? []) {
      if (inUse(entry.imageHash) || kept.has(entry.imageHash)) continue;
      await rm(paths.image(entry.imageHash, entry.format), { force: true });
      await rm(paths.thumb(entry.imageHash), { force: true });
    }
    await trash.remove(token);
  }
}

/**
 * Removes image and thumbnail files that no live entry and no trash folder
 * refers to: what a crash between a file's rename and its `put` record left
 * behind. Meant to run with compaction, which is rare and already proportional
 * to the library, rather than at open, which must stay quick.
 */
export async function sweepOrphanFiles(scope: HousekeepingScope): Promise<void> {
  const { paths, trash, inUse } = scope;
  const referenced = new Set<string>();
  for (const { token } of await trash.list()) {
    for (const entry of (await trash.read(token))?.entries ?? []) referenced.add(entry.imageHash);
  }
  for (const folder of [paths.images, paths.thumbs]) {
    for (const name of await readdir(folder)) {
      const hash = CONTENT_FILE.exec(name)?.[1];
      if (hash === undefined || referenced.has(hash) || inUse(hash)) continue;
      await rm(join(folder, name), { force: true });
    }
  }
}
