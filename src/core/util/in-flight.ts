/** Keeps the promises still running, so that `close()` can wait for them to settle. */
export class InFlight {
  readonly #running = new Set<Promise<unknown>>();

  /** Registers a running call and hands it back unchanged. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.#running.add(promise);
    const forget = (): void => {
      this.#running.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  get size(): number {
    return this.#running.size;
  }

  /** Resolves once every call tracked so far has settled, whatever its outcome. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }
}
