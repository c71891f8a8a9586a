/**
 * How long one attempt on one target may take before the router gives up on
 * it and moves on. Without this, a provider that accepts a task and never
 * answers holds the whole job until its deadline and no fallback is tried.
 */
export interface AttemptTimeoutPolicy {
  /**
   * An attempt is never given less than this (unless the job itself has less
   * time left): a slow but working provider must not be cut off by a short
   * share or a fast history.
   */
  readonly floorMs: number;
  /** Fraction of the job's remaining time one attempt may use while other paid targets could still follow. */
  readonly shareOfRemaining: number;
  /** Once the target has a latency history, its timeout is this multiple of its observed p95. */
  readonly latencyMultiple: number;
  /** Successful calls needed before the history is trusted. */
  readonly minSamples: number;
  /** Time kept back for the offline engine when it is the route's last resort (at most a quarter of what is left). */
  readonly lastResortReserveMs: number;
  /** Below this much time left, a paid target is not started at all: it could only fail and be blamed for it. */
  readonly minAttemptMs: number;
}

export const DEFAULT_ATTEMPT_TIMEOUT: AttemptTimeoutPolicy = {
  floorMs: 15_000,
  shareOfRemaining: 0.5,
  latencyMultiple: 4,
  minSamples: 5,
  lastResortReserveMs: 5_000,
  minAttemptMs: 1_000,
};

export interface AttemptTimeoutInput {
  /** Time left before the job's deadline. */
  readonly remainingMs: number;
  /** The job's whole time, from when routing began: what the target would have had if tried first. */
  readonly budgetMs: number;
  /** Paid targets that could still be tried after this one. */
  readonly laterTargets: number;
  /** Whether the offline engine follows as the last resort. */
  readonly lastResortLater: boolean;
  /** The target's observed p95 latency, or null with no history. */
  readonly p95Ms: number | null;
  /** Successful calls behind `p95Ms`. */
  readonly samples: number;
}

export interface AttemptWindow {
  /** How long this attempt may run. */
  readonly timeoutMs: number;
  /**
   * A target stopped by the clock after at least this long without answering
   * is to blame (its health and breaker count a timeout): the floor, what its
   * own history says it needs, or the window it would have had as the job's
   * first choice, whichever is least. A target started late, because earlier
   * ones used up the job's time, is never blamed for the little it was given.
   */
  readonly blameAfterMs: number;
}

/**
 * The window for one attempt: a share of the remaining deadline while other
 * targets could follow, cut to a multiple of the target's observed p95 once it
 * has a history, but never below the floor for that reason.
 */
export function attemptWindow(input: AttemptTimeoutInput, policy: AttemptTimeoutPolicy): AttemptWindow {
  const learned =
    input.p95Ms !== null && input.samples >= policy.minSamples ? input.p95Ms * policy.latencyMultiple : Number.POSITIVE_INFINITY;
  const windowFor = (remainingMs: number): number => {
    const remaining = Math.max(0, remainingMs);
    const reserve = input.lastResortLater ? Math.min(policy.lastResortReserveMs, remaining / 4) : 0;
    const usable = remaining - reserve;
    const share = input.laterTargets > 0 ? usable * policy.shareOfRemaining : usable;
    return Math.max(0, Math.round(Math.min(share, Math.max(learned, policy.floorMs))));
  };
  return { timeoutMs: windowFor(input.remainingMs), blameAfterMs: Math.min(policy.floorMs, learned, windowFor(input.budgetMs)) };
}
