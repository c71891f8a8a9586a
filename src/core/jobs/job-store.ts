import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { jobSnapshotSchema, FINAL_JOB_STATES, type JobSnapshot } from '../contract/service-types.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { setAsideUnreadable } from '../util/set-aside.ts';
import type { DataNotice } from '../contract/data-notice.ts';

const ID = /^[A-Za-z0-9-]{1,100}$/;

/**
 * The durable job queue: each unfinished job is a small JSON file, rewritten
 * atomically at every state change and removed once the job is final (its
 * images are in the library by then). Whatever is left at start-up was
 * interrupted by a quit or crash.
 */
export class JobStore {
  readonly #dir: string;
  /** Writes per job are chained so an older snapshot can never overwrite a newer one. */
  readonly #pending = new Map<string, Promise<void>>();
  readonly #now: () => number;
  /** What `loadInterrupted` found wrong (unreadable job files, kept aside) and told the user. */
  readonly notices: DataNotice[] = [];

  constructor(dir: string, now: () => number = Date.now) {
    this.#dir = dir;
    this.#now = now;
  }

  save(job: JobSnapshot): Promise<void> {
    const final = FINAL_JOB_STATES.includes(job.state);
    return this.#enqueue(job.id, () =>
      final ? rm(this.#path(job.id), { force: true }) : writeFileAtomic(this.#path(job.id), JSON.stringify(job), { sync: false }),
    );
  }

  /** Deletes a job's file after any write still queued for it, so a discarded job cannot come back. */
  remove(jobId: string): Promise<void> {
    if (!ID.test(jobId)) return Promise.resolve();
    return this.#enqueue(jobId, () => rm(this.#path(jobId), { force: true }));
  }

  /**
   * Jobs left unfinished by the previous run, marked interrupted. A file that
   * cannot be read is moved aside (never deleted) and reported in `notices`;
   * nothing here can stop the engine from starting.
   */
  async loadInterrupted(): Promise<JobSnapshot[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT')
        this.notices.push({
          file: 'jobs/',
          message: `The jobs folder could not be read (${code ?? 'error'}); interrupted jobs cannot be listed.`,
        });
      return [];
    }
    const jobs: JobSnapshot[] = [];
    const setAside: string[] = [];
    for (const name of names) {
      const path = join(this.#dir, name);
      if (name.endsWith('.tmp')) {
        // Temp files of writes a crash cut short. Only files: a folder with that name is not ours to remove.
        if ((await lstat(path).catch(() => undefined))?.isFile()) await rm(path, { force: true }).catch(() => undefined);
        continue;
      }
      if (!name.endsWith('.json')) continue;
      try {
        const parsed = jobSnapshotSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
        // A file whose id is not its name could never be discarded (remove goes by id): treat it like a corrupt one.
        if (parsed.success && `${parsed.data.id}.json` === name) {
          jobs.push({ ...parsed.data, state: 'interrupted', notice: 'Interrupted when Motif last closed. Resume or discard it.' });
          continue;
        }
      } catch {
        // Torn, not JSON, or not a file: set aside below.
      }
      try {
        setAside.push(setAsideUnreadable(path, this.#now()));
      } catch {
        setAside.push(`${name} (left in place: the folder cannot be written)`);
      }
    }
    if (setAside.length > 0) {
      this.notices.push({
        file: 'jobs/',
        message: `${setAside.length} interrupted job file(s) could not be read and were kept aside: ${setAside.join(', ')}. They describe no finished image; those are all in the library.`,
      });
    }
    return jobs.sort((a, b) => b.createdAt - a.createdAt);
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.#pending.values()]);
  }

  #enqueue(jobId: string, write: () => Promise<void>): Promise<void> {
    const previous = this.#pending.get(jobId) ?? Promise.resolve();
    const tracked = previous
      .catch(() => undefined)
      .then(write)
      .finally(() => {
        if (this.#pending.get(jobId) === tracked) this.#pending.delete(jobId);
      });
    this.#pending.set(jobId, tracked);
    return tracked;
  }

  #path(jobId: string): string {
    if (!ID.test(jobId)) throw new Error(`bad job id ${jobId}`);
    return join(this.#dir, `${jobId}.json`);
  }
}
