import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { deadlineScope, raceDeadline } from './deadline.ts';

const late = new Error('too late');

describe('deadlineScope', () => {
  it('aborts with the given reason when the injected clock reaches the deadline, and says so', () => {
    const clock = new FakeClock(1_000);
    const scope = deadlineScope({ clock, deadline: 1_500, reason: () => late });
    clock.tick(499);
    expect(scope.signal.aborted).toBe(false);
    clock.tick(1);
    expect(scope.signal.reason).toBe(late);
    expect(scope.expired).toBe(true);
  });

  it('passes the caller’s abort through with its own reason, not expired', () => {
    const clock = new FakeClock(0);
    const caller = new AbortController();
    const scope = deadlineScope({ clock, signal: caller.signal, deadline: 100, reason: () => late });
    caller.abort('cancelled by the designer');
    expect(scope.signal.reason).toBe('cancelled by the designer');
    expect(scope.expired).toBe(false);
    clock.tick(200);
    expect(scope.signal.reason).toBe('cancelled by the designer');
  });

  it('is over at once when the deadline has passed or the caller had already cancelled', () => {
    const clock = new FakeClock(5_000);
    expect(deadlineScope({ clock, deadline: 4_000, reason: () => late }).signal.reason).toBe(late);
    const caller = new AbortController();
    caller.abort('gone');
    const scope = deadlineScope({ clock, signal: caller.signal, deadline: 9_000, reason: () => late });
    expect(scope.signal.reason).toBe('gone');
    expect(clock.pendingTimers).toBe(0);
  });

  it('leaves no timer and no listener after dispose', () => {
    const clock = new FakeClock(0);
    const caller = new AbortController();
    const scope = deadlineScope({ clock, signal: caller.signal, deadline: 100, reason: () => late });
    expect(clock.pendingTimers).toBe(1);
    scope.dispose();
    expect(clock.pendingTimers).toBe(0);
    caller.abort('after');
    expect(scope.signal.aborted).toBe(false);
  });
});

describe('raceDeadline', () => {
  it('settles with the work when it ends first and cleans up', async () => {
    const clock = new FakeClock(0);
    await expect(raceDeadline(Promise.resolve('done'), { clock, deadline: 10, reason: () => late })).resolves.toBe('done');
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with the reason at the deadline even when the work never settles', async () => {
    const clock = new FakeClock(0);
    const raced = raceDeadline(new Promise(() => undefined), { clock, deadline: 10, reason: () => late });
    const check = expect(raced).rejects.toBe(late);
    await clock.advance(10);
    await check;
  });
});
