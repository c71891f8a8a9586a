import { randomBytes } from 'node:crypto';
import { link, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { MotifError } from '../errors/motif-error.ts';

/** The write lock's file name inside `locks/`; never a presence file (those end in `.json`). */
const WRITE_LOCK = 'write.lock';
/** How long a change waits for another process's write to finish before giving up. */
const WRITE_LOCK_PATIENCE_MS = 15_000;
/**
 * A lock or presence file with no readable holder older than this was left by
 * a process killed while writing it (only a folder without hard links, or a
 * Motif before 2026-12-04, can leave one): nobody holds it. Writing a holder
 * takes microseconds.
 */
const UNREADABLE_STALE_MS = 5_000;
/** A half-written `.tmp` file this old belongs to a process that died while writing it. */
const TMP_STALE_MS = 60_000;

const presenceSchema = z.object({ pid: z.number().int().positive(), host: z.string(), since: z.number() });

/**
 * Which Motif processes have a library open: each writes `locks/<pid>-<random>.json`
 * (its PID, host and start time) at open and removes it at close. Appending to
 * the index is safe from several processes at once (one `O_APPEND` write per
 * change, and each reads the others' lines back); what is not safe is work that
 * replaces the index or deletes files on the strength of one process's view
 * (compaction, the orphan sweep, emptying `tmp/` and the trash). That work runs
 * only while the process is alone. A file left by a process that died on this
 * host is recognised by its PID and removed; one from another host (a shared
 * drive) is trusted, which at worst postpones housekeeping.
 */
export class LibraryPresence {
  readonly #dir: string;
  readonly #file: string;
  readonly #host = hostname();

  private constructor(dir: string, file: string) {
    this.#dir = dir;
    this.#file = file;
  }

  /** Announces this process in `dir`; on a read-only folder nothing is written and the process counts as alone. */
  static async join(dir: string, now: number): Promise<LibraryPresence> {
    const name = `${process.pid}-${randomBytes(4).toString('hex')}.json`;
    const presence = new LibraryPresence(dir, name);
    // Written aside and renamed into place, so another process never reads it half-written.
    const temporary = join(dir, `${name}.tmp`);
    await writeFile(temporary, presence.#holder(now))
      .then(() => rename(temporary, join(dir, name)))
      .catch(() => rm(temporary, { force: true }).catch(() => undefined));
    return presence;
  }

  /** True when no other live Motif process has the library open. Removes the files of processes that died. */
  async alone(): Promise<boolean> {
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    let others = 0;
    for (const name of names) {
      if (name.endsWith('.tmp') && (await olderThan(join(this.#dir, name), TMP_STALE_MS)))
        await rm(join(this.#dir, name), { force: true }).catch(() => undefined);
      if (name === this.#file || !name.endsWith('.json')) continue;
      const path = join(this.#dir, name);
      const parsed = presenceSchema.safeParse(await readJson(path));
      // Presence files are renamed into place whole: an unreadable one was torn by a crash of an older Motif.
      const gone = parsed.success
        ? parsed.data.host === this.#host && !isAlive(parsed.data.pid)
        : await olderThan(path, UNREADABLE_STALE_MS);
      if (gone) {
        await rm(path, { force: true }).catch(() => undefined);
        continue;
      }
      // Alive, on another host, or unreadable but fresh: someone else is here.
      others++;
    }
    return others === 0;
  }

  /**
   * Runs `task` holding the library's write lock (`locks/write.lock`, created
   * exclusively, holding this PID): an append and the read of others' lines
   * before it, or a rewrite of the index, never overlap another process's.
   * A lock left by a process that died on this host is taken over.
   */
  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    const path = join(this.#dir, WRITE_LOCK);
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const taken = await this.#take(path, started);
      // A folder that cannot be written has no lock to take; the write itself reports the read-only folder.
      if (taken === 'unwritable') return task();
      if (taken === 'taken') break;
      const holder = presenceSchema.safeParse(await readJson(path));
      const abandoned = holder.success
        ? holder.data.host === this.#host && !isAlive(holder.data.pid)
        : await olderThan(path, UNREADABLE_STALE_MS);
      if (abandoned) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() - started > WRITE_LOCK_PATIENCE_MS)
        throw new MotifError('library_io', {
          message: `Another Motif process${holder.success ? ` (PID ${holder.data.pid})` : ''} has been writing to this library for too long; try again.`,
        });
      await sleep(Math.min(50, 2 + attempt * 2));
    }
    try {
      return await task();
    } finally {
      await rm(path, { force: true });
    }
  }

  #holder(since: number): string {
    return JSON.stringify({ pid: process.pid, host: this.#host, since });
  }

  /**
   * Creates the lock with its holder already in it: written aside, then hard
   * linked into place, which fails if the lock exists. A process killed at
   * any moment leaves either no lock or a whole one (its PID then tells it
   * died). A folder without hard links (FAT, some network shares) creates the
   * lock exclusively and writes into it, as before.
   */
  async #take(path: string, since: number): Promise<'taken' | 'held' | 'unwritable'> {
    const temporary = `${path}.${this.#file.replace(/\.json$/, '')}.tmp`;
    try {
      await writeFile(temporary, this.#holder(since));
    } catch {
      return 'unwritable';
    }
    try {
      await link(temporary, path);
      return 'taken';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return 'held';
      return await writeFile(path, this.#holder(since), { flag: 'wx' }).then(
        () => 'taken' as const,
        (failure: NodeJS.ErrnoException) => (failure.code === 'EEXIST' ? 'held' : 'unwritable'),
      );
    } finally {
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  async leave(): Promise<void> {
    await rm(join(this.#dir, this.#file), { force: true }).catch(() => undefined);
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `path` was last written more than `ageMs` ago (false when it is gone). */
async function olderThan(path: string, ageMs: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > ageMs;
}
