import type { Clock } from './clock.ts';
import { raceAbort } from './race-abort.ts';

export interface DeadlineOptions {
  readonly clock: Clock;
  /** The caller's signal (cancel, a lost hedge, the job's own deadline): its abort passes through with its reason. */
  readonly signal?: AbortSignal | undefined;
  /** Epoch ms on `clock` by which the work must be done. */
  readonly deadline: number;
  /** What the scope aborts with when the deadline passes (an `upstream_timeout`, a `deadline_exceeded`, …). */
  readonly reason: () => unknown;
}

/** A signal bounded by a deadline. Call `dispose` when the work ends, so no timer or listener lingers. */
export interface DeadlineScope {
  /** Aborts with the caller's reason on cancel, or with `reason()` at the deadline. */
  readonly signal: AbortSignal;
  /** True once the deadline (not the caller) ended the scope. */
  readonly expired: boolean;
  dispose(): void;
}

/**
 * The one deadline helper: a signal that aborts when the caller's does, or at
 * the deadline on the injected clock, whichever comes first. A deadline already
 * passed aborts at once.
 */
export function deadlineScope(options: DeadlineOptions): DeadlineScope {
  const { clock, signal, deadline, reason } = options;
  const controller = new AbortController();
  let expired = false;
  const onAbort = (): void => controller.abort(signal?.reason);
  const expire = (): void => {
    if (controller.signal.aborted) return;
    expired = true;
    controller.abort(reason());
  };
  let timer: unknown;
  if (signal?.aborted) onAbort();
  else {
    signal?.addEventListener('abort', onAbort, { once: true });
    const remainingMs = deadline - clock.now();
    if (remainingMs <= 0) expire();
    else timer = clock.setTimeout(expire, remainingMs);
  }
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    dispose: () => {
      if (timer !== undefined) clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Settles with `promise`, or rejects with the scope's reason on the caller's
 * abort or at the deadline, whichever comes first. Leaves no timer or listener behind.
 */
export async function raceDeadline<T>(promise: Promise<T>, options: DeadlineOptions): Promise<T> {
  const scope = deadlineScope(options);
  try {
    return await raceAbort(promise, scope.signal);
  } finally {
    scope.dispose();
  }
}
