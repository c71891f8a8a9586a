import { describe, expect, it } from 'vitest';
import type { IBackoff } from 'cockatiel';
import { seededRandom } from './random.ts';
import { fullJitterBackoff, growingBackoff, nextBackoff } from './backoff.ts';

/** The first `count` delays of a chain. */
function delays(factory: Parameters<typeof nextBackoff>[0], count: number): number[] {
  const out: number[] = [];
  let backoff: IBackoff<unknown> | undefined;
  for (let i = 0; i < count; i += 1) {
    backoff = nextBackoff(factory, backoff);
    out.push(backoff.duration);
  }
  return out;
}

describe('growingBackoff', () => {
  it('doubles from the base up to the cap, and stays there after a long outage', () => {
    expect(delays(growingBackoff({ baseMs: 500, capMs: 30_000 }), 60).slice(0, 9)).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(delays(growingBackoff({ baseMs: 500, capMs: 30_000 }), 2_000).at(-1)).toBe(30_000);
  });
});

describe('fullJitterBackoff', () => {
  const options = { baseMs: 500, capMs: 30_000 };

  it('draws each delay below that wait’s ceiling, from the injected randomness', () => {
    const ceilings = delays(growingBackoff(options), 12);
    for (let run = 0; run < 40; run += 1) {
      const drawn = delays(fullJitterBackoff(options, seededRandom(run)), 12);
      drawn.forEach((delay, n) => {
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceilings[n]!);
      });
    }
  });

  it('spans the whole range: 0 at the bottom, just under the ceiling at the top', () => {
    expect(
      delays(
        fullJitterBackoff(options, () => 0),
        4,
      ),
    ).toEqual([0, 0, 0, 0]);
    expect(
      delays(
        fullJitterBackoff(options, () => 0.5),
        4,
      ),
    ).toEqual([250, 500, 1_000, 2_000]);
    expect(
      delays(
        fullJitterBackoff(options, () => 0.999_999),
        4,
      ),
    ).toEqual([499, 999, 1_999, 3_999]);
  });

  it('is the same sequence for the same seed (tests are exact)', () => {
    expect(delays(fullJitterBackoff(options, seededRandom(7)), 10)).toEqual(delays(fullJitterBackoff(options, seededRandom(7)), 10));
  });
});
