import { describe, expect, it } from 'vitest';
import { MotifError } from '../errors/motif-error.ts';
import { seededRandom } from '../util/random.ts';
import { fullJitterBackoff, nextBackoff } from '../util/backoff.ts';
import { DEFAULT_BACKOFF, retryDelayMs } from './backoff.ts';
import { RetryBudget } from './retry-budget.ts';

describe('retryDelayMs', () => {
  const error = new MotifError('upstream_unavailable');
  /** The third wait of a chain. */
  const chain = (random: () => number) => {
    const factory = fullJitterBackoff(DEFAULT_BACKOFF, random);
    return nextBackoff(factory, nextBackoff(factory, nextBackoff(factory, undefined)));
  };
  it('waits the backoff’s own delay: full jitter under the third wait’s ceiling (1 s)', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 50; i += 1) {
      const delay = retryDelayMs(chain(random), error, DEFAULT_BACKOFF);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(1000);
    }
    expect(
      retryDelayMs(
        chain(() => 0.999),
        error,
        DEFAULT_BACKOFF,
      ),
    ).toBe(999);
    expect(
      retryDelayMs(
        chain(() => 0),
        error,
        DEFAULT_BACKOFF,
      ),
    ).toBe(0);
  });
  it('honours Retry-After, capped', () => {
    const first = nextBackoff(
      fullJitterBackoff(DEFAULT_BACKOFF, () => 0),
      undefined,
    );
    expect(retryDelayMs(first, new MotifError('rate_limited', { retryAfterMs: 3000 }), DEFAULT_BACKOFF)).toBe(3000);
    expect(retryDelayMs(first, new MotifError('rate_limited', { retryAfterMs: 3_600_000 }), DEFAULT_BACKOFF)).toBe(8000);
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
