/**
 * Runs async tasks one at a time, in call order. Every change to the library
 * (index appends, file renames, trash moves) goes through one queue, so the
 * in-memory state, the log and the folders never disagree mid-operation.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async drain(): Promise<void> {
    await this.#tail;
  }
}
