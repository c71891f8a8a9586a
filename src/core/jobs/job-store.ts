import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { jobSnapshotSchema, FINAL_JOB_STATES, type JobSnapshot } from '../contract/service-types.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';

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

  constructor(dir: string) {
    this.#dir = dir;
  }

  save(job: JobSnapshot): Promise<void> {
    const final = FINAL_JOB_STATES.includes(job.state);
    return this.#enqueue(job.id, () => (final ? rm(this.#path(job.id), { force: true }) : writeFileAtomic(this.#path(job.id), JSON.stringify(job), { sync: false })));
  }

  /** Deletes a job's file after any write still queued for it, so a discarded job cannot come back. */
  remove(jobId: string): Promise<void> {
    if (!ID.test(jobId)) return Promise.resolve();
    return this.#enqueue(jobId, () => rm(this.#path(jobId), { force: true }));
  }

  /** Jobs left unfinished by the previous run, marked interrupted. Unreadable files are skipped, not fatal. */
  async loadInterrupted(): Promise<JobSnapshot[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch {
      return [];
    }
    const jobs: JobSnapshot[] = [];
    for (const name of names) {
      if (name.endsWith('.tmp')) {
        await rm(join(this.#dir, name), { force: true });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      try {
        const parsed = jobSnapshotSchema.safeParse(JSON.parse(await readFile(join(this.#dir, name), 'utf8')));
        // A file whose id is not its name could never be discarded (remove goes by id): skip it like a corrupt one.
        if (parsed.success && `${parsed.data.id}.json` === name) jobs.push({ ...parsed.data, state: 'interrupted', notice: 'Interrupted when Motif last closed. Resume or discard it.' });
      } catch {
        // A torn or corrupt job file describes no finished image; skip it.
      }
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
