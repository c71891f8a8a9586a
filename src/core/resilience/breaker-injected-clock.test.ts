import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { MotifError } from '../errors/motif-error.ts';
import { TargetBreaker } from './target-breaker.ts';

// No fake timers here: only the injected clock moves. The breaker must keep time by it alone
// (cockatiel's own policy reads Date.now, which stands still in this test).
const signal = new AbortController().signal;

function breaker(clock: FakeClock): TargetBreaker {
  return new TargetBreaker({
    failureThreshold: 0.5,
    windowMs: 10_000,
    minimumRequests: 4,
    consecutiveFailures: 2,
    cooldownMs: 5_000,
    maxCooldownMs: 20_000,
    halfOpenProbes: 1,
    now: () => clock.now(),
  });
}

const failing = async (): Promise<never> => {
  throw new MotifError('upstream_unavailable');
};

describe('TargetBreaker on the injected clock', () => {
  it('admits a probe once the injected clock passes the cooldown, and a good probe closes it', async () => {
    const clock = new FakeClock(1_000_000);
    const b = breaker(clock);
    for (let i = 0; i < 2; i += 1) await b.execute(failing, signal).catch(() => undefined);
    expect(b.state).toBe('open');
    expect(b.retryAt).toBe(1_005_000);
    clock.tick(4_999);
    expect(b.canAttempt()).toBe(false);
    await expect(b.execute(async () => 'early', signal)).rejects.toMatchObject({ isBrokenCircuitError: true });
    clock.tick(1);
    expect(b.canAttempt()).toBe(true);
    await expect(b.execute(async () => 'probe', signal)).resolves.toBe('probe');
    expect(b.state).toBe('closed');
  });

  it('grows the cooldown with each failed probe in a row, on the injected clock', async () => {
    const clock = new FakeClock(0);
    const b = breaker(clock);
    for (let i = 0; i < 2; i += 1) await b.execute(failing, signal).catch(() => undefined);
    const waits: number[] = [];
    for (let trip = 0; trip < 4; trip += 1) {
      waits.push(b.retryAt! - clock.now());
      clock.tick(b.retryAt! - clock.now());
      await b.execute(failing, signal).catch(() => undefined);
      expect(b.state).toBe('open');
    }
    expect(waits).toEqual([5_000, 10_000, 20_000, 20_000]);
  });
});
