import type { MotifError } from '../errors/motif-error.ts';
import type { Random } from '../util/random.ts';

export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, capMs: 8_000 };

/**
 * Delay before retry number `attempt` (1 = first retry): full-jitter
 * exponential backoff, or the provider's `Retry-After` when it sent one —
 * either way never above the cap, so a hostile header cannot stall a job.
 */
export function retryDelayMs(attempt: number, error: MotifError, random: Random, options: BackoffOptions = DEFAULT_BACKOFF): number {
  if (error.retryAfterMs !== undefined) return Math.min(options.capMs, Math.max(0, error.retryAfterMs));
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
