import type { IBackoff } from 'cockatiel';
import type { MotifError } from '../errors/motif-error.ts';
import type { BackoffOptions } from '../util/backoff.ts';

/** The router's retry backoff: full jitter from 250 ms, never above 8 s (see `fullJitterBackoff`). */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, capMs: 8_000 };

/**
 * How long to wait before a retry: the provider's `Retry-After` when it sent
 * one, else the backoff's own delay; either way never above the cap, so a
 * hostile header cannot stall a job.
 */
export function retryDelayMs(backoff: IBackoff<unknown>, error: MotifError, options: BackoffOptions): number {
  if (error.retryAfterMs !== undefined) return Math.min(options.capMs, Math.max(0, error.retryAfterMs));
  return Math.min(options.capMs, backoff.duration);
}
