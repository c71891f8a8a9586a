/**
 * Settles with `promise`, or rejects with the signal's reason as soon as the
 * signal aborts, whichever comes first. For waits that do not watch a signal
 * themselves (a bulkhead queue, a shared single-flight result), so cancel and
 * deadlines act at once. The listener is removed when either side settles, and
 * a later rejection of `promise` is handled, never left unhandled.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason as unknown);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as unknown);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
