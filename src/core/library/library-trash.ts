import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import { storedEntrySchema, type HistoryEntry } from '../contract/history-entry.ts';
import type { LibraryPaths } from './library-paths.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { isCode, linkOrCopy, moveFile } from './durable-fs.ts';

const TOKEN_PATTERN = /^([0-9a-z]{1,11})-([0-9a-f]{16})$/;

/** How long files a sweep set aside wait in the trash (they were never deleted by anyone). */
export const SWEPT_RETENTION_MS = 30 * 24 * 3600_000;

const manifestSchema = z.object({
  version: z.literal(1),
  token: z.string(),
  deletedAt: z.number().int().nonnegative(),
  /** `sweep`: files no entry accounted for, set aside by housekeeping rather than deleted. */
  reason: z.enum(['delete', 'sweep']).optional(),
  entries: z.array(storedEntrySchema),
});
/** What `trash/<token>/manifest.json` records: the deleted entries, whole, so an undo needs nothing else. */
export type TrashManifest = z.infer<typeof manifestSchema>;

/** A new undo token. It starts with the delete time, so purging needs no file reads. */
export function newUndoToken(now: number): string {
  return `${now.toString(36)}-${randomBytes(8).toString('hex')}`;
}

/** The delete time inside a token, or undefined when the string is not a token (also guards against path tricks). */
export function undoTokenTime(token: string): number | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match === null ? undefined : Number.parseInt(match[1]!, 36);
}

/**
 * `trash/`: one folder per delete, holding a manifest of the deleted entries
 * and the image, thumbnail and SVG-twin files no live entry needs any more. Files still
 * used by another entry are hard-linked (or copied) instead of moved, so every
 * trash folder is self-contained whatever is deleted or restored later.
 */
export class LibraryTrash {
  readonly #paths: LibraryPaths;

  constructor(paths: LibraryPaths) {
    this.#paths = paths;
  }

  /** Writes the manifest; done before the `del` record so the undo data exists by the time the delete counts. */
  async prepare(manifest: TrashManifest): Promise<void> {
    await mkdir(this.#paths.trashDir(manifest.token), { recursive: true });
    await writeFileAtomic(this.#paths.trashManifest(manifest.token), JSON.stringify(manifest), { tempDir: this.#paths.tmp });
  }

  /**
   * Puts the entries' files into the token's folder: moved when `inUse` says no
   * live entry needs the hash, linked otherwise. Best effort: a file that cannot
   * be moved stays in `images/`, where an undo still finds it.
   */
  async stash(token: string, entries: readonly HistoryEntry[], inUse: (hash: string) => boolean): Promise<void> {
    const seen = new Set<string>();
    for (const entry of entries) {
      if (seen.has(entry.imageHash)) continue;
      seen.add(entry.imageHash);
      const keep = inUse(entry.imageHash);
      const pairs: [string, string][] = [
        [this.#paths.image(entry.imageHash, entry.format), this.#paths.trashImage(token, entry.imageHash, entry.format)],
        [this.#paths.thumb(entry.imageHash), this.#paths.trashThumb(token, entry.imageHash)],
      ];
      // The SVG twin (offline designs) goes and comes back with its image.
      if (entry.vector !== undefined) pairs.push([this.#paths.vector(entry.imageHash), this.#paths.trashVector(token, entry.imageHash)]);
      // The sidecar goes with the image; while another entry uses the image it stays for that one.
      if (!keep) pairs.push([this.#paths.sidecar(entry.imageHash), this.#paths.trashSidecar(token, entry.imageHash)]);
      for (const [from, to] of pairs) {
        try {
          if (keep) await linkOrCopy(from, to, this.#paths.tmp);
          else await moveFile(from, to, this.#paths.tmp);
        } catch (error) {
          if (!isCode(error, 'ENOENT')) throw error;
        }
      }
    }
  }

  /** The manifest of a token, or undefined when there is none (never deleted, purged or already restored). */
  async read(token: string): Promise<TrashManifest | undefined> {
    if (undoTokenTime(token) === undefined) return undefined;
    let text: string;
    try {
      text = await readFile(this.#paths.trashManifest(token), 'utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT', 'ENOTDIR')) return undefined;
      throw error;
    }
    try {
      const parsed = manifestSchema.safeParse(JSON.parse(text));
      return parsed.success && parsed.data.token === token ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Moves a token's files back into `images/` and `thumbs/`; a file already there (same hash, same bytes) wins. */
  async unstash(token: string, entries: readonly HistoryEntry[]): Promise<void> {
    const seen = new Set<string>();
    for (const entry of entries) {
      if (seen.has(entry.imageHash)) continue;
      seen.add(entry.imageHash);
      const pairs: [string, string][] = [
        [this.#paths.trashImage(token, entry.imageHash, entry.format), this.#paths.image(entry.imageHash, entry.format)],
        [this.#paths.trashThumb(token, entry.imageHash), this.#paths.thumb(entry.imageHash)],
        [this.#paths.trashSidecar(token, entry.imageHash), this.#paths.sidecar(entry.imageHash)],
      ];
      if (entry.vector !== undefined) pairs.push([this.#paths.trashVector(token, entry.imageHash), this.#paths.vector(entry.imageHash)]);
      for (const [from, to] of pairs) {
        try {
          // Link, not rename: the trash copy stays until the restore is committed.
          await linkOrCopy(from, to, this.#paths.tmp);
        } catch (error) {
          if (!isCode(error, 'ENOENT')) throw error;
        }
      }
    }
  }

  /** Removes a token's folder. */
  async discard(token: string): Promise<void> {
    if (undoTokenTime(token) === undefined) return;
    await rm(this.#paths.trashDir(token), { recursive: true, force: true });
  }

  /** Every folder in `trash/` with the time its token carries (undefined for a stray folder). */
  async list(): Promise<{ token: string; deletedAt: number | undefined }[]> {
    let names: string[];
    try {
      names = await readdir(this.#paths.trash);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return [];
      throw error;
    }
    return names.map((token) => ({ token, deletedAt: undoTokenTime(token) }));
  }

  /** Image hashes some trash folder holds entries for (their files are accounted for). */
  async hashes(): Promise<Set<string>> {
    const hashes = new Set<string>();
    for (const { token } of await this.list()) {
      for (const entry of (await this.read(token))?.entries ?? []) hashes.add(entry.imageHash);
    }
    return hashes;
  }

  /** Removes any folder in `trash/`, token or not. */
  async remove(name: string): Promise<void> {
    await rm(this.#paths.trashDir(name), { recursive: true, force: true });
  }
}
