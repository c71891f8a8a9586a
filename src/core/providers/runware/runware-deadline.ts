import { MotifError } from '../../errors/index.ts';
import type { Clock } from '../../util/clock.ts';
import { deadlineScope, raceDeadline, type DeadlineScope } from '../../util/deadline.ts';

/** A caller's signal plus a deadline on the injected clock, for one awaited Runware step. */
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

const timeout =
  ({ provider, what }: DeadlineContext) =>
  (): MotifError =>
    new MotifError('upstream_timeout', { provider, message: `Runware did not finish ${what} before its deadline` });

/**
 * Settles with `promise`, or rejects at the deadline (`upstream_timeout`) or on abort
 * (`abortError`), whichever comes first: the one deadline helper, in Runware's words.
 */
export async function raceRunwareDeadline<T>(promise: Promise<T>, context: DeadlineContext): Promise<T> {
  const { clock, signal, deadline, provider } = context;
  try {
    return await raceDeadline(promise, { clock, signal, deadline, reason: timeout(context) });
  } catch (error) {
    throw signal.aborted && error === signal.reason ? abortError(signal, provider) : error;
  }
}

/** A signal that aborts when the caller's does, or at the deadline with `upstream_timeout`. Dispose it when done. */
export function runwareDeadlineScope(context: DeadlineContext): DeadlineScope {
  const { clock, signal, deadline } = context;
  return deadlineScope({ clock, signal, deadline, reason: timeout(context) });
}
