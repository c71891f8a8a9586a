import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MotifError } from '../errors/motif-error.ts';
import { ScriptedProvider } from '../../../test/support/scripted-provider.ts';
import { makeJob, makeRouter } from '../../../test/support/router-fixture.ts';

beforeEach(() => vi.useFakeTimers({ now: 1_700_000_000_000 }));
afterEach(() => vi.useRealTimers());

async function settle<T>(promise: Promise<T>, ms = 60_000): Promise<PromiseSettledResult<T>> {
  const result = Promise.allSettled([promise]);
  await vi.advanceTimersByTimeAsync(ms);
  return (await result)[0]!;
}

describe('Router', () => {
  it('serves from the first target when it is healthy', async () => {
    const a = new ScriptedProvider({ id: 'a' });
    const b = new ScriptedProvider({ id: 'b' });
    const result = await settle(makeRouter([a, b]).route(makeJob()));
    expect(result.status).toBe('fulfilled');
    if (result.status !== 'fulfilled') return;
    expect(result.value.provider).toBe('a');
    expect(result.value.fallback).toBe(false);
    expect(b.calls).toHaveLength(0);
  });

  it('retries a retryable failure on the same target, honouring Retry-After', async () => {
    const a = new ScriptedProvider({ id: 'a' }).script({ kind: 'fail', code: 'rate_limited', options: { retryAfterMs: 3000 } });
    const router = makeRouter([a]);
    const job = makeJob();
    const promise = router.route(job);
    await vi.advanceTimersByTimeAsync(2900);
    expect(a.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(a.calls).toHaveLength(2);
    const result = await promise;
    expect(result.provider).toBe('a');
    expect(result.attempts.map((x) => x.outcome)).toEqual(['failure', 'success']);
    expect(job.notices.join(' ')).toMatch(/Retrying in 3\.0 s/);
  });

  it('falls back on a non-retryable provider error and says so in words', async () => {
    const a = new ScriptedProvider({ id: 'a', label: 'Alpha' }).script({ kind: 'fail', code: 'auth_failed' });
    const b = new ScriptedProvider({ id: 'b', label: 'Beta' });
    const job = makeJob();
    const result = await settle(makeRouter([a, b]).route(job));
    expect(result.status).toBe('fulfilled');
    if (result.status !== 'fulfilled') return;
    expect(result.value.provider).toBe('b');
    expect(result.value.fallback).toBe(true);
    expect(a.calls).toHaveLength(1);
    expect(job.notices[0]).toMatch(/Alpha failed .*rejected the API key.*trying Beta/);
  });

  it('fails fast on bad input without trying the next target', async () => {
    const a = new ScriptedProvider({ id: 'a' }).script({ kind: 'fail', code: 'invalid_request', options: { param: 'prompt' } });
    const b = new ScriptedProvider({ id: 'b' });
    const result = await settle(makeRouter([a, b]).route(makeJob()));
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'invalid_request' });
    expect(b.calls).toHaveLength(0);
  });

  it('fails fast when every provider is unavailable, naming each and why', async () => {
    const a = new ScriptedProvider({ id: 'a', fallbackStep: { kind: 'fail', code: 'upstream_unavailable' } });
    const b = new ScriptedProvider({ id: 'b', requiresKey: true, key: undefined });
    const result = await settle(makeRouter([a, b], { maxRetries: 0 }).route(makeJob()));
    expect(result.status).toBe('rejected');
    const error = (result as PromiseRejectedResult).reason as MotifError;
    expect(error.code).toBe('no_provider_available');
    expect(error.message).toMatch(/b: no API key set/);
    expect(error.message).toMatch(/a: .*having trouble/);
    expect(error.attempts?.map((x) => [x.provider, x.outcome])).toEqual([
      ['b', 'skipped'],
      ['a', 'failure'],
    ]);
  });

  it('aborts the provider call at the job deadline', async () => {
    const a = new ScriptedProvider({ id: 'a', fallbackStep: { kind: 'hang' } });
    const promise = makeRouter([a]).route(makeJob({}, 5000));
    const result = await settle(promise, 5001);
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'deadline_exceeded' });
    expect(a.aborted).toHaveLength(1);
  });

  it('cancel aborts the in-flight call and does not fall back', async () => {
    const a = new ScriptedProvider({ id: 'a', fallbackStep: { kind: 'hang' } });
    const b = new ScriptedProvider({ id: 'b' });
    const job = makeJob();
    const promise = makeRouter([a, b]).route(job);
    await vi.advanceTimersByTimeAsync(10);
    job.controller.abort(new MotifError('cancelled'));
    const result = await settle(promise, 10);
    expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'cancelled' });
    expect(a.aborted).toHaveLength(1);
    expect(b.calls).toHaveLength(0);
  });

  it('splits a count above the per-call maximum into parallel calls and merges them', async () => {
    const a = new ScriptedProvider({ id: 'a', maxImagesPerCall: 2 });
    const seeds: (number | undefined)[] = [];
    const result = await settle(
      makeRouter([a]).route({ ...makeJob({ count: 5, seed: 100 }), onImage: (image, index) => (seeds[index] = image.seed) }),
    );
    expect(result.status).toBe('fulfilled');
    if (result.status !== 'fulfilled') return;
    expect(a.calls.map((c) => [c.request.count, c.request.seed])).toEqual([
      [2, 100],
      [2, 102],
      [1, 104],
    ]);
    expect(result.value.imageCount).toBe(5);
    expect(seeds).toEqual([100, 101, 102, 103, 104]);
  });

  it.each([true, false])('forwards each image to the job exactly once (provider streams: %s)', async (streams) => {
    const a = new ScriptedProvider({ id: 'a', maxImagesPerCall: 2, streams });
    const forwarded: { index: number; attemptId: number }[] = [];
    const result = await settle(
      makeRouter([a]).route({
        ...makeJob({ count: 3 }),
        onImage: (_image, index, served) => forwarded.push({ index, attemptId: served.attemptId }),
      }),
    );
    if (result.status !== 'fulfilled') throw result.reason;
    expect(forwarded.map((f) => f.index).sort()).toEqual([0, 1, 2]);
    expect(new Set(forwarded.map((f) => f.attemptId))).toEqual(new Set([result.value.attemptId]));
  });

  it('snaps an off-grid size with a warning, and skips a target that cannot make the size', async () => {
    const fixed = new ScriptedProvider({ id: 'fixed', sizes: { kind: 'list', sizes: [{ width: 1024, height: 1024 }] } });
    const grid = new ScriptedProvider({ id: 'grid' });
    const result = await settle(makeRouter([fixed, grid]).route(makeJob({ width: 500, height: 1000 })));
    expect(result.status).toBe('fulfilled');
    if (result.status !== 'fulfilled') return;
    expect(result.value.provider).toBe('grid');
    expect(result.value.attempts[0]).toMatchObject({ provider: 'fixed', outcome: 'skipped', errorCode: 'unsupported_size' });
    expect(grid.calls[0]!.request).toMatchObject({ width: 512, height: 1024 });
    expect(result.value.warnings).toContainEqual(expect.objectContaining({ type: 'compatibility', setting: 'size' }));
  });

  it('overflows a full bulkhead to the next target', async () => {
    const a = new ScriptedProvider({ id: 'a', fallbackStep: { kind: 'ok', delayMs: 1000 } });
    const b = new ScriptedProvider({ id: 'b' });
    const router = makeRouter([a, b], { bulkhead: { maxConcurrent: 1, maxQueued: 0 } });
    const first = router.route(makeJob());
    const second = router.route(makeJob());
    await vi.advanceTimersByTimeAsync(1000);
    expect((await first).provider).toBe('a');
    const overflow = await second;
    expect(overflow.provider).toBe('b');
    expect(overflow.attempts[0]).toMatchObject({ provider: 'a', errorCode: 'overloaded' });
  });

  it('stops calling a provider whose breaker opened, and returns to it after recovery', async () => {
    const a = new ScriptedProvider({ id: 'a', fallbackStep: { kind: 'fail', code: 'upstream_unavailable' } });
    const b = new ScriptedProvider({ id: 'b' });
    const router = makeRouter([a, b], { maxRetries: 0 });
    for (let i = 0; i < 3; i += 1) await settle(router.route(makeJob()), 10);
    expect(router.runtime({ provider: 'a', model: 'model-a' }).breaker.state).toBe('open');
    const callsWhenOpen = a.calls.length;
    for (let i = 0; i < 5; i += 1) expect((await settle(router.route(makeJob()), 10)).status).toBe('fulfilled');
    expect(a.calls.length).toBe(callsWhenOpen);
    a.setDefault({ kind: 'ok' });
    await vi.advanceTimersByTimeAsync(1000);
    const probe = await settle(router.route(makeJob()), 10);
    expect(probe.status === 'fulfilled' && probe.value.provider).toBe('a');
    expect(router.runtime({ provider: 'a', model: 'model-a' }).breaker.state).toBe('closed');
  });
});
