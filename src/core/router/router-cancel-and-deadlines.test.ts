import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GeneratedImage } from '../contract/image-provider.ts';
import { MotifError } from '../errors/motif-error.ts';
import { ScriptedProvider } from '../../../test/support/scripted-provider.ts';
import { makeJob, makeRouter, warmUp } from '../../../test/support/router-fixture.ts';
import { watchListeners } from '../../../test/support/watch-listeners.ts';

/**
 * Review findings on the router: each test states what a designer would
 * notice. See the review report for the proposed patches.
 */

beforeEach(() => vi.useFakeTimers({ now: 1_700_000_000_000 }));
afterEach(() => vi.useRealTimers());

describe('router: chunked calls', () => {
  it('cancels the sibling chunks when one chunk fails, and delivers no images from them after the job moved on', async () => {
    // count 2 on a provider that makes one per call: two parallel calls. The first fails at once; the second is slow.
    const split = new ScriptedProvider({ id: 'split', maxImagesPerCall: 1 }).script(
      { kind: 'fail', code: 'upstream_invalid_request', delayMs: 10 },
      { kind: 'ok', delayMs: 500, costUsd: 0.04 },
    );
    const backup = new ScriptedProvider({ id: 'backup' });
    const job = makeJob({ count: 2 });
    const delivered: { provider: string; afterResult: boolean }[] = [];
    let resultIn = false;
    const withImages = {
      ...job,
      onImage: (_image: GeneratedImage, _index: number, served: { provider: string }) =>
        delivered.push({ provider: served.provider, afterResult: resultIn }),
    };
    const promise = makeRouter([split, backup]).route(withImages);
    await vi.advanceTimersByTimeAsync(20);
    const result = await promise;
    resultIn = true;
    expect(result.provider).toBe('backup');
    await vi.advanceTimersByTimeAsync(1_000);
    // The still-running chunk is paid for and wasted unless it is cancelled with its sibling…
    expect(split.aborted).toHaveLength(1);
    // …and its image must not reach the job after the job was served by another provider.
    expect(delivered.filter((d) => d.afterResult)).toEqual([]);
  });
});

describe('router: bulkhead queue', () => {
  it('lets a job waiting for a bulkhead slot be cancelled at once, not when the slot frees', async () => {
    const slow = new ScriptedProvider({ id: 'slow', fallbackStep: { kind: 'hang' } });
    const router = makeRouter([slow], { bulkhead: { maxConcurrent: 1, maxQueued: 4 } });
    const running = makeJob();
    const queued = makeJob();
    const first = Promise.allSettled([router.route(running)]);
    const second = Promise.allSettled([router.route(queued)]);
    await vi.advanceTimersByTimeAsync(10);
    expect(slow.calls).toHaveLength(1);
    queued.controller.abort(new MotifError('cancelled'));
    await vi.advanceTimersByTimeAsync(10);
    let settledAt: number | undefined;
    void second.then(() => (settledAt = Date.now()));
    await vi.advanceTimersByTimeAsync(10);
    // Today this job stays "queued" until the running one ends (up to its 60 s deadline).
    expect(settledAt).toBeDefined();
    const [outcome] = await second;
    expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'cancelled' } });
    expect(slow.calls).toHaveLength(1);
    running.controller.abort(new MotifError('cancelled'));
    await vi.advanceTimersByTimeAsync(10);
    await first;
  });

  it('ends a job waiting for a bulkhead slot at its own deadline', async () => {
    const slow = new ScriptedProvider({ id: 'slow', fallbackStep: { kind: 'hang' } });
    const router = makeRouter([slow], { bulkhead: { maxConcurrent: 1, maxQueued: 4 } });
    const running = makeJob({}, 60_000);
    const first = Promise.allSettled([router.route(running)]);
    const second = Promise.allSettled([router.route(makeJob({}, 2_000))]);
    await vi.advanceTimersByTimeAsync(2_010);
    let settled = false;
    void second.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
    expect((await second)[0]).toMatchObject({ status: 'rejected', reason: { code: 'deadline_exceeded' } });
    running.controller.abort(new MotifError('cancelled'));
    await vi.advanceTimersByTimeAsync(10);
    await first;
  });
});

describe('router: a provider that ignores its signal', () => {
  it('still ends the job at its deadline, so no job can stay in flight for ever', async () => {
    const deaf = new ScriptedProvider({ id: 'deaf' });
    // A provider bug: the call never settles and never looks at the signal.
    deaf.generate = (options) => {
      deaf.calls.push(options);
      return new Promise<never>(() => undefined);
    };
    const outcome = Promise.allSettled([makeRouter([deaf]).route(makeJob({}, 2_000))]);
    await vi.advanceTimersByTimeAsync(2_010);
    let settled = false;
    void outcome.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
    expect((await outcome)[0]).toMatchObject({ status: 'rejected', reason: { code: 'deadline_exceeded' } });
  });
});

describe('router: hedging', () => {
  it('does not call the hedge target a second time after both hedged calls failed', async () => {
    const primary = new ScriptedProvider({ id: 'primary' });
    const backup = new ScriptedProvider({ id: 'backup', fallbackStep: { kind: 'fail', code: 'auth_failed', delayMs: 50 } });
    const third = new ScriptedProvider({ id: 'third' });
    const router = makeRouter([primary, backup, third], { hedging: true, maxRetries: 0 });
    await warmUp(router, primary);
    primary.script({ kind: 'fail', code: 'upstream_unavailable', delayMs: 300 });
    const promise = router.route(makeJob());
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await promise;
    expect(result.provider).toBe('third');
    // The hedge already asked backup (and it refused the key); asking again costs time and says nothing new.
    expect(backup.calls).toHaveLength(1);
    expect(result.attempts.filter((a) => a.provider === 'backup')).toHaveLength(1);
  });
});

describe('router: a job cancelled before routing', () => {
  it('calls no provider and settles, also when the route would hedge', async () => {
    const primary = new ScriptedProvider({ id: 'primary' });
    const backup = new ScriptedProvider({ id: 'backup' });
    const router = makeRouter([primary, backup], { hedging: true });
    await warmUp(router, primary);
    const callsBefore = primary.calls.length;
    primary.script({ kind: 'hang' });
    const job = makeJob();
    job.controller.abort(new MotifError('cancelled'));
    const outcome = Promise.allSettled([router.route(job)]);
    await vi.advanceTimersByTimeAsync(120_000);
    let settled = false;
    void outcome.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
    expect((await outcome)[0]).toMatchObject({ status: 'rejected', reason: { code: 'cancelled' } });
    expect(primary.calls.length + backup.calls.length).toBe(callsBefore);
  });
});

describe('router: breaker and deadlines', () => {
  it('a hung provider still trips its breaker, so later jobs go to the healthy fallback instead of waiting out the deadline', async () => {
    const hung = new ScriptedProvider({ id: 'hung', fallbackStep: { kind: 'hang' } });
    const healthy = new ScriptedProvider({ id: 'healthy' });
    const router = makeRouter([hung, healthy]);
    for (let i = 0; i < 5; i += 1) {
      const done = Promise.allSettled([router.route(makeJob({}, 2_000))]);
      // Each try on the hung target times out after its share of the deadline (1 s), then the healthy one serves.
      await vi.advanceTimersByTimeAsync(1_001);
      await done;
    }
    // Jobs in a row timed out on the same target: it is not healthy.
    expect(router.runtime({ provider: 'hung', model: 'model-a' }).breaker.state).toBe('open');
    const next = router.route(makeJob({}, 2_000));
    await vi.advanceTimersByTimeAsync(10);
    expect((await next).provider).toBe('healthy');
  });

  it('a half-open probe that the designer cancels does not close the circuit', async () => {
    const flaky = new ScriptedProvider({ id: 'flaky', fallbackStep: { kind: 'fail', code: 'upstream_unavailable' } });
    const router = makeRouter([flaky], { maxRetries: 0 });
    for (let i = 0; i < 3; i += 1) {
      const done = Promise.allSettled([router.route(makeJob())]);
      await vi.advanceTimersByTimeAsync(10);
      await done;
    }
    const breaker = router.runtime({ provider: 'flaky', model: 'model-a' }).breaker;
    expect(breaker.state).toBe('open');
    await vi.advanceTimersByTimeAsync(1_000);
    flaky.setDefault({ kind: 'hang' });
    const probe = makeJob();
    const done = Promise.allSettled([router.route(probe)]);
    await vi.advanceTimersByTimeAsync(10);
    expect(breaker.state).toBe('half-open');
    probe.controller.abort(new MotifError('cancelled'));
    await vi.advanceTimersByTimeAsync(10);
    await done;
    // Nothing was learned about the provider: it must not be declared healthy.
    expect(breaker.state).not.toBe('closed');
  });
});

describe('router: listeners over a long run', () => {
  it('leaves no abort listener behind on a job signal reused across many routes, retries and hedges', async () => {
    const primary = new ScriptedProvider({ id: 'primary' });
    const backup = new ScriptedProvider({ id: 'backup', fallbackStep: { kind: 'ok', delayMs: 30 } });
    const router = makeRouter([primary, backup], { hedging: true });
    await warmUp(router, primary);
    const job = makeJob({}, 10_000_000);
    const listeners = watchListeners(job.signal);
    const baseline = listeners.live;
    for (let i = 0; i < 300; i += 1) {
      primary.script(
        i % 3 === 0
          ? { kind: 'fail', code: 'rate_limited', options: { retryAfterMs: 10 } }
          : { kind: 'ok', delayMs: i % 2 === 0 ? 5 : 400 },
        { kind: 'ok', delayMs: 5 },
      );
      const done = Promise.allSettled([router.route(job)]);
      await vi.advanceTimersByTimeAsync(500);
      await done;
    }
    expect(backup.calls.length).toBeGreaterThan(50); // hedges did happen
    expect(listeners.live).toBe(baseline);
  });
});
