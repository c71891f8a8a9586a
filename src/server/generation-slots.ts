import { MotifError } from '../core/errors/index.ts';
import { systemClock, type Clock } from '../core/util/clock.ts';

export interface GenerationSlotsOptions {
  /** Generations that run at once. */
  readonly maxRunning: number;
  /** Requests that may wait for a slot beyond those; the next one is refused at once. */
  readonly maxQueued: number;
  /** How long a request waits in the queue before it is refused. */
  readonly maxWaitMs: number;
  readonly clock?: Clock | undefined;
}

interface Waiter {
  readonly grant: () => void;
}

/** Until a few generations have finished, a refused client is told to come back after this long. */
const DEFAULT_RETRY_AFTER_MS = 1_000;
/** Weight of the newest generation in the running average of how long one takes. */
const AVERAGE_WEIGHT = 0.2;

/**
 * The local API's generation slots: a fixed number run at once, a bounded
 * queue waits (each request at most `maxWaitMs`), and beyond that a request
 * is refused with `server_busy` (429) and a `Retry-After` taken from how long
 * generations have recently taken. A waiting request whose client goes away
 * leaves the queue at once.
 */
export class GenerationSlots {
  readonly #options: GenerationSlotsOptions;
  readonly #clock: Clock;
  readonly #queue: Waiter[] = [];
  #running = 0;
  #averageMs: number | undefined;

  constructor(options: GenerationSlotsOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Generations running now. */
  get running(): number {
    return this.#running;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Waits for a slot. Resolves with `release`, which the caller calls once the
   * generation is over (calling it again does nothing). Rejects with
   * `server_busy` when the queue is full or the wait is too long, and with the
   * signal's reason when the client goes away while waiting.
   */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.#running < this.#options.maxRunning) return Promise.resolve(this.#take());
    if (this.#queue.length >= this.#options.maxQueued)
      return Promise.reject(this.#busy(`${this.#options.maxRunning} generations are running and ${this.#queue.length} are waiting`));
    return new Promise((resolve, reject) => {
      const leave = (): void => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        this.#clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        leave();
        reject(signal.reason);
      };
      const timer = this.#clock.setTimeout(() => {
        leave();
        reject(this.#busy(`no generation slot came free within ${Math.round(this.#options.maxWaitMs / 1000)} s`));
      }, this.#options.maxWaitMs);
      const waiter: Waiter = {
        grant: () => {
          leave();
          resolve(this.#take());
        },
      };
      this.#queue.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #take(): () => void {
    this.#running += 1;
    const startedMs = this.#clock.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running -= 1;
      const tookMs = Math.max(0, this.#clock.now() - startedMs);
      this.#averageMs = this.#averageMs === undefined ? tookMs : this.#averageMs + AVERAGE_WEIGHT * (tookMs - this.#averageMs);
      this.#queue[0]?.grant();
    };
  }

  #busy(why: string): MotifError {
    return new MotifError('server_busy', {
      message: `The local server is busy: ${why}. Try again shortly.`,
      retryAfterMs: Math.max(DEFAULT_RETRY_AFTER_MS, Math.round(this.#averageMs ?? DEFAULT_RETRY_AFTER_MS)),
    });
  }
}
