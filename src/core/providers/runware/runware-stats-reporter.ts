import type { PoolStats, ProviderEventSink } from '../../contract/image-provider.ts';
import type { Clock } from '../../util/clock.ts';

export interface RunwareStatsReporterOptions {
  readonly provider: string;
  readonly emit: ProviderEventSink | undefined;
  readonly clock: Clock;
  readonly snapshot: () => PoolStats;
  /** At most one event per this interval (default 250 ms). */
  readonly minIntervalMs?: number;
}

/**
 * Emits `pool-stats` events when the pool's numbers change, coalesced: the first change
 * after a quiet spell goes out at once, later ones at most every `minIntervalMs`, and an
 * unchanged snapshot is never re-sent. The hot path only pays a flag check.
 */
export class RunwareStatsReporter {
  readonly #options: RunwareStatsReporterOptions;
  readonly #minIntervalMs: number;
  #timer: unknown;
  #lastEmitAt = Number.NEGATIVE_INFINITY;
  #last: PoolStats | undefined;
  #closed = false;

  constructor(options: RunwareStatsReporterOptions) {
    this.#options = options;
    this.#minIntervalMs = options.minIntervalMs ?? 250;
  }

  /** Something the stats count may have changed. */
  changed(): void {
    if (this.#timer !== undefined || this.#closed || this.#options.emit === undefined) return;
    const waitMs = this.#lastEmitAt + this.#minIntervalMs - this.#options.clock.now();
    if (waitMs <= 0) {
      this.flush();
      return;
    }
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      this.flush();
    }, waitMs);
  }

  /** Emits now if the numbers differ from the last event. */
  flush(): void {
    const { emit, snapshot, provider, clock } = this.#options;
    if (emit === undefined) return;
    const stats = snapshot();
    if (this.#last !== undefined && sameStats(this.#last, stats)) return;
    this.#last = stats;
    this.#lastEmitAt = clock.now();
    try {
      emit({ type: 'pool-stats', provider, stats });
    } catch {
      // A failing listener must not break the task that changed the stats.
    }
  }

  /** Sends the final numbers and stops the timer. */
  close(): void {
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.flush();
    this.#closed = true;
  }
}

function sameStats(a: PoolStats, b: PoolStats): boolean {
  return (
    a.transport === b.transport &&
    a.openSockets === b.openSockets &&
    a.connecting === b.connecting &&
    a.reconnects === b.reconnects &&
    a.inFlight === b.inFlight &&
    a.queued === b.queued
  );
}
