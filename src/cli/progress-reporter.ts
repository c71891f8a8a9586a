import type { MotifApi } from '../core/service/motif-api.ts';
import type { JobEvent, JobSnapshot, JobState } from '../core/contract/service-types.ts';

/**
 * Follows one job's events and prints a line to stderr whenever its state,
 * provider or notice changes, and one per image as it arrives:
 *
 *     queued · 2 × 1024x1024, style party
 *     sending · local (procedural)
 *     image 1/2 arrived · local, seed 42
 *     saved · 2 images
 *
 * The CLI runs one job per process, so it follows the first job `follows`
 * accepts after `start()` (the same prompt; the same tool).
 */
export class ProgressReporter {
  readonly #write: (line: string) => void;
  readonly #follows: (job: JobSnapshot) => boolean;
  #jobId: string | undefined;
  #state: JobState | undefined;
  #provider: string | undefined;
  #notice: string | undefined;
  #images = 0;
  #expected = 1;
  #unsubscribe: (() => void) | undefined;

  constructor(write: (line: string) => void, follows: (job: JobSnapshot) => boolean) {
    this.#write = write;
    this.#follows = follows;
  }

  /** The job being followed, once its first event arrived. */
  get jobId(): string | undefined {
    return this.#jobId;
  }

  start(service: MotifApi): void {
    this.#unsubscribe = service.onJobEvent((event) => this.#onEvent(event));
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #onEvent(event: JobEvent): void {
    if (event.type === 'job-updated') {
      if (this.#jobId === undefined && this.#follows(event.job)) this.#jobId = event.job.id;
      if (event.job.id === this.#jobId) this.#onJob(event.job);
    } else if (event.type === 'job-image' && event.jobId === this.#jobId) {
      this.#images += 1;
      const seed = event.entry.seed === undefined ? '' : `, seed ${event.entry.seed}`;
      this.#write(`image ${this.#images}/${this.#expected} arrived · ${event.entry.provider}${seed}`);
    }
  }

  #onJob(job: JobSnapshot): void {
    this.#expected = job.expected;
    if (job.notice !== undefined && job.notice !== this.#notice) {
      this.#notice = job.notice;
      this.#write(`note · ${job.notice}`);
    }
    if (job.state === this.#state && job.provider === this.#provider) return;
    const first = this.#state === undefined;
    this.#state = job.state;
    const providerChanged = job.provider !== undefined && job.provider !== this.#provider;
    this.#provider = job.provider;
    if (first && job.task !== undefined) {
      this.#write(`${job.state} · ${job.task.label} of ${job.task.sourceEntryId}`);
    } else if (first) {
      this.#write(`${job.state} · ${job.request.count} × ${job.request.size}, style ${job.request.style}, model ${job.request.model}`);
    } else if (job.state === 'saved') {
      this.#write(`saved · ${job.entryIds.length} image${job.entryIds.length === 1 ? '' : 's'}`);
    } else if (providerChanged && job.provider !== undefined) {
      this.#write(`${job.state} · ${job.provider}${job.model ? ` (${job.model})` : ''}`);
    } else {
      this.#write(job.state);
    }
  }
}
