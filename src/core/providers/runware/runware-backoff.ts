import type { Random } from '../../util/random.ts';

/** Reconnection backoff settings. */
export interface BackoffOptions {
  /** Ceiling of the first delay. */
  readonly baseMs: number;
  /** No delay ever exceeds this. */
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(cap, base·2^attempt))`.
 * Full jitter spreads the reconnects of many clients after a shared outage, so they do not
 * hit the server in lockstep. `attempt` counts from 0 for the first retry.
 */
export function computeBackoffMs(attempt: number, random: Random, options: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.floor(random() * backoffCeilingMs(attempt, options));
}

/** The upper bound of the delay for an attempt (exclusive). */
export function backoffCeilingMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  // Clamp the exponent so 2^attempt never overflows into Infinity after a long outage.
  return Math.min(options.capMs, options.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
}
