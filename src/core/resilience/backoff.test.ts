import { describe, expect, it } from 'vitest';
import { MotifError } from '../errors/motif-error.ts';
import { seededRandom } from '../util/random.ts';
import { retryDelayMs } from './backoff.ts';
import { RetryBudget } from './retry-budget.ts';

describe('retryDelayMs', () => {
  const error = new MotifError('upstream_unavailable');
  it('grows exponentially with full jitter, within the ceiling of each attempt', () => {
    const random = seededRandom(1);
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const ceiling = Math.min(8000, 250 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i += 1) {
        const delay = retryDelayMs(attempt, error, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });
  it('uses the top of the range when randomness says so', () => {
    expect(retryDelayMs(3, error, () => 0.999)).toBe(999);
    expect(retryDelayMs(3, error, () => 0)).toBe(0);
  });
  it('honours Retry-After, capped', () => {
    expect(retryDelayMs(1, new MotifError('rate_limited', { retryAfterMs: 3000 }), () => 0)).toBe(3000);
    expect(retryDelayMs(1, new MotifError('rate_limited', { retryAfterMs: 3_600_000 }), () => 0)).toBe(8000);
  });
});

describe('RetryBudget', () => {
  it('allows retries up to a share of traffic, with a floor, per window', () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 0.2, minRetries: 2, windowMs: 1000, now: () => now });
    for (let i = 0; i < 20; i += 1) budget.recordRequest();
    const granted = Array.from({ length: 10 }, () => budget.tryRetry()).filter(Boolean).length;
    expect(granted).toBe(4);
    now = 1000;
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
  });
});
