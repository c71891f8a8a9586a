import type { Clock } from '../../src/core/util/clock.ts';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * The one fake clock for tests: time moves only when a test says so. Timers fire
 * in time order. `advance` lets promise callbacks run between timers, as a real
 * event loop would; `tick` moves time and fires due timers synchronously, for
 * code that only reads `now()` or for a step taken inside a callback.
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, Timer>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.#timers.delete(handle);
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Delays (from now) of the pending timers, soonest first. */
  pendingDelays(): number[] {
    return [...this.#timers.values()].map((timer) => timer.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms` at once, firing due timers in order without yielding. */
  tick(ms: number): void {
    const target = this.#now + ms;
    for (let next = this.#due(target); next !== undefined; next = this.#due(target)) {
      this.#timers.delete(next.id);
      this.#now = next.at;
      next.callback();
    }
    this.#now = target;
  }

  /** Moves time forward by `ms`, firing due timers in order and settling promises between them. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (let next = this.#due(target); next !== undefined; next = this.#due(target)) {
      this.#timers.delete(next.id);
      this.#now = next.at;
      next.callback();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /** The earliest timer due by `target`, ties in the order they were set. */
  #due(target: number): Timer | undefined {
    return [...this.#timers.values()].filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
  }
}

/** Lets queued promise callbacks and immediate I/O callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
