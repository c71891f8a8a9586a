import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep, systemClock } from './clock.ts';
import { watchListeners } from '../../../test/support/watch-listeners.ts';

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

describe('sleep', () => {
  it('resolves after the given time on the clock, not before', async () => {
    let done = false;
    void sleep(systemClock, 1_000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('rejects with the abort reason at once, and leaves no timer running', async () => {
    const controller = new AbortController();
    const slept = sleep(systemClock, 60_000, controller.signal);
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(slept).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects immediately for a signal that is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(sleep(systemClock, 10, controller.signal)).rejects.toThrow('gone');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('removes its abort listener when it finishes, so a long-lived signal does not collect listeners', async () => {
    const signal = new AbortController().signal;
    const listeners = watchListeners(signal);
    for (let i = 0; i < 100; i += 1) {
      const slept = sleep(systemClock, 5, signal);
      await vi.advanceTimersByTimeAsync(5);
      await slept;
    }
    expect([listeners.added, listeners.removed]).toEqual([100, 100]);
  });

  it('treats a negative delay as zero', async () => {
    const slept = sleep(systemClock, -50);
    await vi.advanceTimersByTimeAsync(0);
    await expect(slept).resolves.toBeUndefined();
  });
});
