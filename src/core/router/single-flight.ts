interface Flight<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  /** Callers still waiting; when the last one leaves, the shared work is aborted. */
  callers: number;
}

/**
 * Joins identical concurrent work: while a call for a key is in flight, later
 * callers get the same result. Entries leave the map when the call settles (or
 * when every caller has left), so the map is bounded by the work in flight.
 */
export class SingleFlight<T> {
  readonly #inFlight = new Map<string, Flight<T>>();
  #joined = 0;

  /** Shares `work` among callers that cannot leave early. */
  run(key: string, work: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const existing = this.#inFlight.get(key);
    if (existing) {
      this.#joined += 1;
      existing.callers += 1;
      return { promise: existing.promise, joined: true };
    }
    return { promise: this.#start(key, () => work()).promise, joined: false };
  }

  /**
   * Shares `work` among callers that may each cancel. A caller whose signal
   * aborts leaves at once with its own reason; the others keep waiting, and
   * the shared work (given its own signal) is aborted only when every caller
   * has left. So one designer cancelling never cancels another's job.
   */
  join(key: string, signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): { promise: Promise<T>; joined: boolean } {
    if (signal.aborted) return { promise: Promise.reject(signal.reason as unknown), joined: false };
    let flight = this.#inFlight.get(key);
    const joined = flight !== undefined;
    if (flight) {
      this.#joined += 1;
      flight.callers += 1;
    } else {
      flight = this.#start(key, work);
    }
    const shared = flight;
    const promise = new Promise<T>((resolve, reject) => {
      const leave = (): void => {
        shared.callers -= 1;
        if (shared.callers === 0) {
          // Nobody wants the result any more: stop paying for it, and let a new caller start afresh.
          if (this.#inFlight.get(key) === shared) this.#inFlight.delete(key);
          shared.controller.abort(signal.reason);
        }
        reject(signal.reason as unknown);
      };
      signal.addEventListener('abort', leave, { once: true });
      // Detach before settling, so a long-lived signal never collects listeners from finished work.
      const detach = (): void => signal.removeEventListener('abort', leave);
      shared.promise.then(
        (value) => {
          detach();
          resolve(value);
        },
        (error: unknown) => {
          detach();
          reject(error);
        },
      );
    });
    return { promise, joined };
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  get joined(): number {
    return this.#joined;
  }

  #start(key: string, work: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    let started: Promise<T>;
    try {
      started = work(controller.signal);
    } catch (error) {
      started = Promise.reject(error as unknown);
    }
    const flight: Flight<T> = {
      controller,
      callers: 1,
      promise: started.finally(() => {
        if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key);
      }),
    };
    this.#inFlight.set(key, flight);
    return flight;
  }
}
