import type { Attempt } from '../core/contract/history-entry.ts';

/** Outcomes in which a provider actually ran (as opposed to being skipped). */
const RAN: ReadonlySet<Attempt['outcome']> = new Set(['success', 'failure', 'cancelled', 'hedge-lost']);

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
