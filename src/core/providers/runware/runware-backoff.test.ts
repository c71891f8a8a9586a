import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../util/random.ts';
import { backoffCeilingMs, computeBackoffMs } from './runware-backoff.ts';

describe('computeBackoffMs (full jitter)', () => {
  const options = { baseMs: 500, capMs: 30_000 };

  it('doubles the ceiling per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((attempt) => backoffCeilingMs(attempt, options))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('draws every delay in [0, ceiling) and spreads them across the range', () => {
    const random = seededRandom(42);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const ceiling = backoffCeilingMs(attempt, options);
      const delays = Array.from({ length: 500 }, () => computeBackoffMs(attempt, random, options));
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThan(ceiling);
      // Full jitter: low and high halves of the range both occur, so clients do not reconnect in lockstep.
      expect(delays.some((d) => d < ceiling * 0.25)).toBe(true);
      expect(delays.some((d) => d > ceiling * 0.75)).toBe(true);
    }
  });

  it('maps the random draw linearly onto the ceiling', () => {
    expect(computeBackoffMs(3, () => 0, options)).toBe(0);
    expect(computeBackoffMs(3, () => 0.5, options)).toBe(2_000);
    expect(computeBackoffMs(3, () => 0.999_999, options)).toBe(3_999);
  });

  it('never overflows after a very long outage', () => {
    expect(computeBackoffMs(10_000, () => 0.5, options)).toBe(15_000);
  });
});
