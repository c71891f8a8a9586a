import { CircuitState, type IBreaker } from 'cockatiel';

export interface FailureRateBreakerOptions {
  /** Opens when failures / requests in the window reach this ratio (0..1). */
  readonly threshold: number;
  /** Length of the rolling window. */
  readonly windowMs: number;
  /** No decision on rate until the window holds this many requests. */
  readonly minimumRequests: number;
  /** Also opens after this many failures in a row, whatever the rate. */
  readonly consecutiveFailures: number;
  readonly now: () => number;
}

interface Bucket {
  start: number;
  successes: number;
  failures: number;
}

interface SavedState {
  buckets: Bucket[];
  consecutive: number;
}

const BUCKETS = 10;

/**
 * A cockatiel breaker that trips on the failure rate over a rolling time
 * window (with a minimum request count) or on consecutive failures. cockatiel's
 * SamplingBreaker gates on requests per second instead of a count, and its
 * ConsecutiveBreaker has no rate, so this combines both in one.
 */
export class FailureRateBreaker implements IBreaker {
  readonly #options: FailureRateBreakerOptions;
  readonly #bucketMs: number;
  #buckets: Bucket[] = [];
  #consecutive = 0;

  constructor(options: FailureRateBreakerOptions) {
    this.#options = options;
    this.#bucketMs = Math.max(1, Math.floor(options.windowMs / BUCKETS));
  }

  get state(): unknown {
    return { buckets: this.#buckets.map((b) => ({ ...b })), consecutive: this.#consecutive } satisfies SavedState;
  }

  set state(value: unknown) {
    const saved = value as Partial<SavedState> | undefined;
    this.#buckets = Array.isArray(saved?.buckets) ? saved.buckets.map((b) => ({ ...b })) : [];
    this.#consecutive = typeof saved?.consecutive === 'number' ? saved.consecutive : 0;
  }

  success(state: CircuitState): void {
    this.#consecutive = 0;
    if (state === CircuitState.HalfOpen) {
      // A successful probe starts a clean slate, so old failures cannot re-trip at once.
      this.#buckets = [];
      return;
    }
    this.#current().successes += 1;
  }

  failure(state: CircuitState): boolean {
    this.#consecutive += 1;
    if (state === CircuitState.HalfOpen) return true;
    this.#current().failures += 1;
    if (this.#consecutive >= this.#options.consecutiveFailures) return true;
    const { successes, failures } = this.totals();
    const requests = successes + failures;
    return requests >= this.#options.minimumRequests && failures / requests >= this.#options.threshold;
  }

  /** Requests in the current window. */
  totals(): { successes: number; failures: number } {
    this.#prune();
    let successes = 0;
    let failures = 0;
    for (const bucket of this.#buckets) {
      successes += bucket.successes;
      failures += bucket.failures;
    }
    return { successes, failures };
  }

  #current(): Bucket {
    this.#prune();
    const now = this.#options.now();
    const start = now - (now % this.#bucketMs);
    const last = this.#buckets.at(-1);
    if (last && last.start === start) return last;
    const bucket = { start, successes: 0, failures: 0 };
    this.#buckets.push(bucket);
    return bucket;
  }

  #prune(): void {
    const oldest = this.#options.now() - this.#options.windowMs;
    while (this.#buckets.length > 0 && this.#buckets[0]!.start + this.#bucketMs <= oldest) this.#buckets.shift();
  }
}
