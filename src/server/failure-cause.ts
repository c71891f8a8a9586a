import { MotifError } from '../core/errors/index.ts';
import type { Attempt } from '../core/contract/history-entry.ts';

/** Outcomes in which a provider actually ran (as opposed to being skipped). */
const RAN: ReadonlySet<Attempt['outcome']> = new Set(['success', 'failure', 'cancelled', 'hedge-lost']);

/**
 * The error a client is answered with for a failed generation: one status for
 * one cause. When every provider that really ran failed the same way, the
 * answer is that failure rather than a generic `no_provider_available`: a
 * single provider's 429 stays a 429 with its `Retry-After`, and a hang is a
 * 504 whether the router gave up at the deadline or ran out of providers.
 * The attempt trail travels with it.
 */
export function clientFacingError(error: MotifError): MotifError {
  if (error.code !== 'no_provider_available' || !error.attempts) return error;
  const failures = error.attempts.filter((attempt) => attempt.outcome === 'failure');
  const code = failures[0]?.errorCode;
  if (code === undefined || failures.some((attempt) => attempt.errorCode !== code)) return error;
  const cause = causeWithCode(error, code);
  if (!cause) return error;
  return new MotifError(cause.code, {
    message: cause.message,
    param: cause.param,
    provider: cause.provider,
    providerLabel: cause.providerLabel,
    retryAfterMs: cause.retryAfterMs ?? error.retryAfterMs,
    upstream: cause.upstream,
    attempts: error.attempts,
    cause: error,
  });
}

/**
 * Whether `provider` actually ran for this request, so `x-motif-provider` may
 * name it. Without an attempt trail the error's own provider is trusted.
 */
export function providerRan(provider: string, attempts: readonly Attempt[] | undefined): boolean {
  return attempts === undefined || attempts.some((attempt) => attempt.provider === provider && RAN.has(attempt.outcome));
}

/** Attempt durations as this request saw them: none longer than the request itself (a joined job may have started earlier). */
export function clampAttempts(attempts: readonly Attempt[], requestMs: number): readonly Attempt[] {
  const limit = Math.max(0, requestMs);
  return attempts.map((attempt) => (attempt.durationMs > limit ? { ...attempt, durationMs: limit } : attempt));
}

function causeWithCode(error: MotifError, code: string): MotifError | undefined {
  let current: unknown = error.cause;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (current instanceof MotifError && current.code === code) return current;
    current = current.cause;
  }
  return undefined;
}
