import { MotifError } from '../../errors/index.ts';
import type { Clock } from '../../util/clock.ts';

/** A caller's signal plus a deadline on the injected clock. */
export interface DeadlineContext {
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Epoch ms on `clock`. */
  readonly deadline: number;
  readonly provider: string;
  /** Names the awaited thing in the timeout message, e.g. "the ping". */
  readonly what: string;
}

/** The error for an aborted signal: its reason when that is a MotifError, else `cancelled`. */
export function abortError(signal: AbortSignal, provider: string): MotifError {
  const reason: unknown = signal.reason;
  return reason instanceof MotifError ? reason : new MotifError('cancelled', { provider, cause: reason });
}

/**
 * Settles with `promise`, or rejects at the deadline (`upstream_timeout`) or on abort,
 * whichever comes first. Leaves no timer or listener behind.
 */
export function raceDeadline<T>(promise: Promise<T>, context: DeadlineContext): Promise<T> {
  const { clock, signal, deadline, provider, what } = context;
  return new Promise<T>((resolve, reject) => {
    const cleanup = (): void => {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      cleanup();
      reject(abortError(signal, provider));
    };
    const timer = clock.setTimeout(
      () => {
        cleanup();
        reject(new MotifError('upstream_timeout', { provider, message: `Runware did not finish ${what} before its deadline` }));
      },
      Math.max(0, deadline - clock.now()),
    );
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}

/**
 * A signal that aborts when the caller's does, or at the deadline with `upstream_timeout`.
 * Call `dispose` when done so the timer does not linger.
 */
export function deadlineSignal(context: DeadlineContext): { signal: AbortSignal; dispose: () => void } {
  const { clock, signal, deadline, provider, what } = context;
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal.reason);
  const timer = clock.setTimeout(
    () => {
      controller.abort(new MotifError('upstream_timeout', { provider, message: `Runware did not finish ${what} before its deadline` }));
    },
    Math.max(0, deadline - clock.now()),
  );
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}
