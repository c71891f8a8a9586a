import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { MotifError } from '../errors/motif-error.ts';

/** The write lock's file name inside `locks/`; never a presence file (those end in `.json`). */
const WRITE_LOCK = 'write.lock';
/** How long a change waits for another process's write to finish before giving up. */
const WRITE_LOCK_PATIENCE_MS = 15_000;

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
    await writeFile(join(dir, name), JSON.stringify({ pid: process.pid, host: presence.#host, since: now })).catch(() => undefined);
    return presence;
  }

  /** True when no other live Motif process has the library open. Removes the files of processes that died. */
  async alone(): Promise<boolean> {
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    let others = 0;
    for (const name of names) {
      if (name === this.#file || !name.endsWith('.json')) continue;
      const parsed = presenceSchema.safeParse(await readJson(join(this.#dir, name)));
      if (parsed.success && parsed.data.host === this.#host && !isAlive(parsed.data.pid)) {
        await rm(join(this.#dir, name), { force: true }).catch(() => undefined);
        continue;
      }
      // Unreadable (being written this very moment) or alive: someone else is here.
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
      try {
        await writeFile(path, JSON.stringify({ pid: process.pid, host: this.#host, since: started }), { flag: 'wx' });
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A folder that cannot be written has no lock to take; the write itself reports the read-only folder.
        if (code !== 'EEXIST') return task();
      }
      const holder = presenceSchema.safeParse(await readJson(path));
      if (holder.success && holder.data.host === this.#host && !isAlive(holder.data.pid)) {
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
