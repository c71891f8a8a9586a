import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MotifError } from '../errors/motif-error.ts';
import { ScriptedProvider } from '../../../test/support/scripted-provider.ts';
import { makeJob, makeRouter, warmUp } from '../../../test/support/router-fixture.ts';

beforeEach(() => vi.useFakeTimers({ now: 1_700_000_000_000 }));
afterEach(() => vi.useRealTimers());

describe('hedging', () => {
  it('starts the next target after the primary p90 and takes the first success, cancelling the slow call', async () => {
    const primary = new ScriptedProvider({ id: 'primary' });
    const backup = new ScriptedProvider({ id: 'backup', fallbackStep: { kind: 'ok', delayMs: 50 } });
    const router = makeRouter([primary, backup], { hedging: true });
    await warmUp(router, primary);
    primary.script({ kind: 'ok', delayMs: 5000 });
    const job = makeJob();
    const promise = router.route(job);
    // p90 is 100 ms; the hedge waits a margin past it (25 ms here) so ordinary jitter does not trigger it.
    await vi.advanceTimersByTimeAsync(124);
    expect(backup.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(backup.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(50);
    const result = await promise;
    expect(result.provider).toBe('backup');
    expect(primary.aborted).toHaveLength(1);
    expect(result.attempts.map((a) => [a.provider, a.outcome])).toEqual(
      expect.arrayContaining([
        ['primary', 'hedge-lost'],
        ['backup', 'success'],
      ]),
    );
    expect(router.runtime({ provider: 'backup', model: 'model-a' }).metrics.hedgesWon).toBe(1);
    expect(job.notices.join(' ')).toMatch(/slower than usual/);
  });

  it('keeps the primary when it answers before the hedge does, and cancels the hedge', async () => {
    const primary = new ScriptedProvider({ id: 'primary' });
    const backup = new ScriptedProvider({ id: 'backup', fallbackStep: { kind: 'ok', delayMs: 1000 } });
    const router = makeRouter([primary, backup], { hedging: true });
    await warmUp(router, primary);
    primary.script({ kind: 'ok', delayMs: 150 });
    const promise = router.route(makeJob());
    await vi.advanceTimersByTimeAsync(150);
    const result = await promise;
    expect(result.provider).toBe('primary');
    expect(backup.calls).toHaveLength(1);
    expect(backup.aborted).toHaveLength(1);
    expect(router.runtime({ provider: 'backup', model: 'model-a' }).metrics.hedgesLost).toBe(1);
  });

  it('does not hedge while the primary answers within its p90', async () => {
    const primary = new ScriptedProvider({ id: 'primary' });
    const backup = new ScriptedProvider({ id: 'backup' });
    const router = makeRouter([primary, backup], { hedging: true });
    await warmUp(router, primary);
    expect(backup.calls).toHaveLength(0);
  });

  it('cancel aborts both the primary and the hedge', async () => {
    const primary = new ScriptedProvider({ id: 'primary' });
    const backup = new ScriptedProvider({ id: 'backup', fallbackStep: { kind: 'hang' } });
    const router = makeRouter([primary, backup], { hedging: true });
    await warmUp(router, primary);
    primary.script({ kind: 'hang' });
    const job = makeJob();
    const promise = router.route(job);
    const settled = Promise.allSettled([promise]);
    await vi.advanceTimersByTimeAsync(200);
    expect(backup.calls).toHaveLength(1);
    job.controller.abort(new MotifError('cancelled'));
    await vi.advanceTimersByTimeAsync(1);
    const [outcome] = await settled;
    expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'cancelled' } });
    expect(primary.aborted.length + backup.aborted.length).toBe(2);
  });
});
