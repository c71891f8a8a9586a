/**
 * Timers an emulator owns. `close()` clears them all, so a closed emulator
 * never fires a late frame into a finished test or keeps the process alive.
 */
export class EmulatorTimers {
  readonly #handles = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves after `ms`; never resolves once the emulator is closed. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** Runs `callback` after `ms` unless the emulator closes first. */
  after(ms: number, callback: () => void): ReturnType<typeof setTimeout> | undefined {
    if (this.#closed) return undefined;
    const handle = setTimeout(
      () => {
        this.#handles.delete(handle);
        callback();
      },
      Math.max(0, ms),
    );
    this.#handles.add(handle);
    return handle;
  }

  cancel(handle: ReturnType<typeof setTimeout> | undefined): void {
    if (handle === undefined) return;
    clearTimeout(handle);
    this.#handles.delete(handle);
  }

  close(): void {
    this.#closed = true;
    for (const handle of this.#handles) clearTimeout(handle);
    this.#handles.clear();
  }
}
