/**
 * Joins identical concurrent work: while a call for a key is in flight, later
 * callers get the same promise. Entries leave the map when the call settles,
 * so the map is bounded by the work in flight.
 */
export class SingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();
  #joined = 0;

  run(key: string, work: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const existing = this.#inFlight.get(key);
    if (existing) {
      this.#joined += 1;
      return { promise: existing, joined: true };
    }
    const promise = work().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    return { promise, joined: false };
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  get joined(): number {
    return this.#joined;
  }
}
