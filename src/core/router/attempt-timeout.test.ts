import { describe, expect, it } from 'vitest';
import { attemptWindow, DEFAULT_ATTEMPT_TIMEOUT, type AttemptTimeoutInput } from './attempt-timeout.ts';

const policy = DEFAULT_ATTEMPT_TIMEOUT;
const input = (over: Partial<AttemptTimeoutInput> = {}): AttemptTimeoutInput => ({
  remainingMs: 120_000,
  budgetMs: 120_000,
  laterTargets: 1,
  lastResortLater: true,
  p95Ms: null,
  samples: 0,
  ...over,
});

describe('attemptWindow', () => {
  it('gives a target with no history a share of the time left, keeping some back for the offline engine', () => {
    // 120 s less 5 s for the offline engine, half of it while another paid target could follow.
    expect(attemptWindow(input(), policy).timeoutMs).toBe(57_500);
  });

  it('gives the last paid target everything but the offline engine’s reserve', () => {
    expect(attemptWindow(input({ laterTargets: 0 }), policy).timeoutMs).toBe(115_000);
    expect(attemptWindow(input({ laterTargets: 0, lastResortLater: false }), policy).timeoutMs).toBe(120_000);
  });

  it('learns a shorter timeout from the target’s own latency, but never below the floor', () => {
    expect(attemptWindow(input({ p95Ms: 8_000, samples: 20 }), policy).timeoutMs).toBe(32_000);
    expect(attemptWindow(input({ p95Ms: 1_000, samples: 20 }), policy).timeoutMs).toBe(policy.floorMs);
    // Too few samples to trust: the share applies.
    expect(attemptWindow(input({ p95Ms: 1_000, samples: 2 }), policy).timeoutMs).toBe(57_500);
  });

  it('never gives more than the job has left', () => {
    expect(attemptWindow(input({ remainingMs: 8_000, budgetMs: 8_000 }), policy).timeoutMs).toBe(3_000);
    expect(attemptWindow(input({ remainingMs: 0 }), policy).timeoutMs).toBe(0);
    expect(attemptWindow(input({ remainingMs: -50 }), policy).timeoutMs).toBe(0);
  });

  it('blames a target for a timeout only when it had a fair window, not the scraps another target left', () => {
    const first = attemptWindow(input(), policy);
    expect(first.blameAfterMs).toBe(policy.floorMs);
    // Started with 1.5 s left of a 120 s job: the window it gets is far below what it would have had.
    const late = attemptWindow(input({ remainingMs: 1_500, laterTargets: 0 }), policy);
    expect(late.timeoutMs).toBeLessThan(late.blameAfterMs);
    // A short job is short for everyone: a target that had the first share of it is to blame for missing it.
    const short = attemptWindow(input({ remainingMs: 8_000, budgetMs: 8_000 }), policy);
    expect(short.timeoutMs).toBeGreaterThanOrEqual(short.blameAfterMs);
  });
});
