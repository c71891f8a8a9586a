import { describe, expect, it } from 'vitest';
import type { PoolStats, ProviderEvent } from '../../contract/image-provider.ts';
import { RunwareStatsReporter } from './runware-stats-reporter.ts';
import { FakeClock } from '../../../../test/support/fake-clock.ts';

describe('RunwareStatsReporter', () => {
  it('emits the first change at once, coalesces a burst into one event per 250 ms, and skips repeats', async () => {
    const clock = new FakeClock();
    const events: ProviderEvent[] = [];
    let stats: PoolStats = { transport: 'websocket', openSockets: 0, connecting: 0, reconnects: 0, inFlight: 0, queued: 0 };
    const reporter = new RunwareStatsReporter({ provider: 'runware', emit: (e) => events.push(e), clock, snapshot: () => stats });
    stats = { ...stats, connecting: 1 };
    reporter.changed();
    expect(events).toHaveLength(1);
    for (let i = 1; i <= 50; i += 1) {
      stats = { ...stats, inFlight: i };
      reporter.changed();
    }
    expect(events).toHaveLength(1);
    await clock.advance(250);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual({ type: 'pool-stats', provider: 'runware', stats: { ...stats, inFlight: 50 } });
    await clock.advance(1_000);
    reporter.changed(); // nothing actually changed
    expect(events).toHaveLength(2);
    reporter.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('survives a throwing listener', () => {
    const clock = new FakeClock();
    const reporter = new RunwareStatsReporter({
      provider: 'runware',
      clock,
      emit: () => {
        throw new Error('listener bug');
      },
      snapshot: () => ({ transport: 'rest', openSockets: 0, connecting: 0, reconnects: 0, inFlight: 1, queued: 0 }),
    });
    expect(() => reporter.changed()).not.toThrow();
  });
});
