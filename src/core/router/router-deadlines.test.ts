import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScriptedProvider } from '../../../test/support/scripted-provider.ts';
import { baseRequest, makeJob, makeRouter, warmUp } from '../../../test/support/router-fixture.ts';
import { MotifError } from '../errors/motif-error.ts';
import { DEFAULT_ATTEMPT_TIMEOUT } from './attempt-timeout.ts';
import type { RouteJob, RouteResult } from './router.ts';

/** Every attempt may use all the time left, so the first target's own timers meet the job's deadline. */
const WHOLE_DEADLINE = { ...DEFAULT_ATTEMPT_TIMEOUT, shareOfRemaining: 1 };

beforeEach(() => vi.useFakeTimers({ now: 1_700_000_000_000 }));
afterEach(() => vi.useRealTimers());

/** Settles a route, moving fake time in steps; returns the outcome and when it settled (ms after start). */
async function settle(
  promise: Promise<RouteResult>,
  maxMs: number,
  stepMs = 100,
): Promise<{ result?: RouteResult; error?: MotifError; atMs: number }> {
  const start = Date.now();
  let outcome: { result?: RouteResult; error?: MotifError } | undefined;
  promise.then(
    (result) => (outcome = { result }),
    (error: unknown) => (outcome = { error: error as MotifError }),
  );
  while (outcome === undefined && Date.now() - start < maxMs) await vi.advanceTimersByTimeAsync(stepMs);
  await vi.advanceTimersByTimeAsync(0);
  if (!outcome) throw new Error(`route still running after ${maxMs} ms`);
  return { ...outcome, atMs: Date.now() - start };
}

describe('per-attempt timeouts', () => {
  it('a provider that accepts the task and never answers costs one attempt; the next target serves the job', async () => {
    const hung = new ScriptedProvider({ id: 'hung', fallbackStep: { kind: 'hang' } });
    const healthy = new ScriptedProvider({ id: 'healthy' });
    const router = makeRouter([hung, healthy]);
    const { result, atMs } = await settle(router.route(makeJob({}, 120_000)), 130_000, 500);
    expect(result?.provider).toBe('healthy');
    // Half of the 120 s (another target could follow), not the whole deadline.
    expect(atMs).toBeLessThanOrEqual(60_500);
    expect(hung.calls).toHaveLength(1);
    expect(result?.attempts.map((a) => [a.provider, a.outcome, a.errorCode])).toEqual([
      ['hung', 'failure', 'upstream_timeout'],
      ['healthy', 'success', undefined],
    ]);
    // The provider was told its own attempt deadline, not the job's.
    expect(hung.calls[0]!.deadline - 1_700_000_000_000).toBeLessThanOrEqual(60_000);
  });

  it('learns the timeout from the target’s latency: a normally fast target that hangs is given up on sooner', async () => {
    const fast = new ScriptedProvider({ id: 'fast' });
    const healthy = new ScriptedProvider({ id: 'healthy' });
    const router = makeRouter([fast, healthy]);
    await warmUp(router, fast);
    fast.script({ kind: 'hang' });
    const { result, atMs } = await settle(router.route(makeJob({}, 120_000)), 130_000, 500);
    expect(result?.provider).toBe('healthy');
    // p95 of 100 ms × 4 is far below the floor: the floor (15 s) holds.
    expect(atMs).toBeGreaterThanOrEqual(15_000);
    expect(atMs).toBeLessThanOrEqual(15_600);
  });

  it('retries a timed-out target only when no other target could follow', async () => {
    const hung = new ScriptedProvider({ id: 'hung', fallbackStep: { kind: 'hang' } });
    const router = makeRouter([hung], { maxRetries: 1 });
    const { error } = await settle(router.route(makeJob({}, 120_000)), 130_000, 500);
    // The only target got the whole deadline for its one try: the job ran out of time, and says so.
    expect(error?.code).toBe('deadline_exceeded');
    expect(hung.calls).toHaveLength(1);
  });
});

describe('the deadline always holds', () => {
  /** A job whose deadline timer is late (a busy event loop): the clock is past the deadline before the abort arrives. */
  function lateTimerJob(deadlineMs: number): RouteJob & { controller: AbortController } {
    const controller = new AbortController();
    return {
      request: baseRequest,
      signal: controller.signal,
      deadline: Date.now() + deadlineMs,
      taskId: undefined,
      resume: false,
      onImage: undefined,
      onStage: undefined,
      onNotice: undefined,
      controller,
    };
  }

  it('starts no target past the deadline and fails as deadline_exceeded, whichever timer fires first', async () => {
    // The first target's own deadline timer fires before the job's: it reports upstream_timeout at the deadline.
    const slow = new ScriptedProvider({ id: 'slow' }).script({ kind: 'fail', code: 'upstream_timeout', delayMs: 5_000 });
    const innocent = new ScriptedProvider({ id: 'innocent' });
    const router = makeRouter([slow, innocent], { maxRetries: 0, attemptTimeout: WHOLE_DEADLINE });
    const job = lateTimerJob(5_000);
    const { error } = await settle(router.route(job), 10_000, 100);
    expect(error?.code).toBe('deadline_exceeded');
    // Nothing is charged to a target that never had a chance…
    expect(innocent.calls).toHaveLength(0);
    expect(router.runtime({ provider: 'innocent', model: 'model-a' }).metrics.failures).toBe(0);
    // …and the job error names no provider (the local API would otherwise say x-motif-provider: innocent).
    expect(error?.provider).toBeUndefined();
  });

  it('does not start a paid target with less than a second left', async () => {
    const slow = new ScriptedProvider({ id: 'slow' }).script({ kind: 'fail', code: 'upstream_unavailable', delayMs: 4_500 });
    const next = new ScriptedProvider({ id: 'next' });
    const router = makeRouter([slow, next], { maxRetries: 0, attemptTimeout: WHOLE_DEADLINE });
    const { error } = await settle(router.route(makeJob({}, 5_000)), 10_000, 100);
    expect(next.calls).toHaveLength(0);
    expect(error?.attempts?.find((a) => a.provider === 'next')).toMatchObject({ outcome: 'skipped', errorCode: 'deadline_exceeded' });
    // The job ran out of time, and says so (not "no provider").
    expect(error?.code).toBe('deadline_exceeded');
  });

  it('records a target still working at the deadline as not answering in time, never longer than the job', async () => {
    const hung = new ScriptedProvider({ id: 'hung', fallbackStep: { kind: 'hang' } });
    const router = makeRouter([hung]);
    const { error } = await settle(router.route(makeJob({}, 8_000)), 10_000, 100);
    expect(error?.code).toBe('deadline_exceeded');
    const [attempt] = error?.attempts ?? [];
    expect(attempt).toMatchObject({ provider: 'hung', outcome: 'failure', errorCode: 'upstream_timeout' });
    expect(attempt!.durationMs).toBeLessThanOrEqual(8_000);
    // It had the whole job: that is a failure of this target, and its numbers move.
    const metrics = router.runtime({ provider: 'hung', model: 'model-a' }).metrics;
    expect([metrics.requests, metrics.failures, metrics.inFlight]).toEqual([1, 1, 0]);
  });
});

describe('retry information on job errors', () => {
  it('a single provider’s 429 stays a 429 with its Retry-After, not no_provider_available', async () => {
    const limited = new ScriptedProvider({
      id: 'limited',
      label: 'Limited',
      fallbackStep: { kind: 'fail', code: 'rate_limited', options: { retryAfterMs: 2_000 } },
    });
    const router = makeRouter([limited], { maxRetries: 0 });
    const { error } = await settle(router.route(makeJob()), 10_000, 100);
    expect(error?.code).toBe('rate_limited');
    expect(error?.retryAfterMs).toBe(2_000);
    expect(error?.userMessage).toBe('Limited is rate limiting requests.');
    expect(error?.spec.httpStatus).toBe(429);
  });

  it('says when an open circuit will let a request through', async () => {
    const broken = new ScriptedProvider({ id: 'broken', fallbackStep: { kind: 'fail', code: 'upstream_unavailable' } });
    const router = makeRouter([broken], { maxRetries: 0 });
    for (let i = 0; i < 3; i += 1) await settle(router.route(makeJob()), 1_000, 10);
    const breaker = router.runtime({ provider: 'broken', model: 'model-a' }).breaker;
    expect(breaker.state).toBe('open');
    const { error } = await settle(router.route(makeJob()), 1_000, 10);
    expect(error?.code).toBe('no_provider_available');
    // Measured when the job failed, up to one 10 ms step before now.
    expect(error!.retryAfterMs! - (breaker.retryAt! - Date.now())).toBeGreaterThanOrEqual(0);
    expect(error!.retryAfterMs! - (breaker.retryAt! - Date.now())).toBeLessThanOrEqual(10);
  });
});

describe('a cancelled job', () => {
  it('is not blamed on the target it was waiting for', async () => {
    const hung = new ScriptedProvider({ id: 'hung', fallbackStep: { kind: 'hang' } });
    const router = makeRouter([hung]);
    const job = makeJob();
    const done = router.route(job).then(
      () => undefined,
      (error: unknown) => error as MotifError,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    job.controller.abort(new MotifError('cancelled'));
    expect((await done)?.code).toBe('cancelled');
    const metrics = router.runtime({ provider: 'hung', model: 'model-a' }).metrics;
    expect([metrics.requests, metrics.failures]).toEqual([0, 0]);
  });
});
