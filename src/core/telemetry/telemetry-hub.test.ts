import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScriptedProvider } from '../../../test/support/scripted-provider.ts';
import { makeJob } from '../../../test/support/router-fixture.ts';
import { CountedCache } from '../cache/counted-cache.ts';
import { CostLedger } from '../ledger/cost-ledger.ts';
import { DEFAULT_BACKOFF } from '../resilience/backoff.ts';
import { DEFAULT_BREAKER_OPTIONS } from '../resilience/target-breaker.ts';
import { Catalogue, makeTarget } from '../router/catalogue.ts';
import { Router } from '../router/router.ts';
import { telemetrySnapshotSchema, type ProviderHealth, type TelemetrySnapshot } from '../contract/service-types.ts';
import { systemClock } from '../util/clock.ts';
import { seededRandom } from '../util/random.ts';
import { TelemetryHub } from './telemetry-hub.ts';

const START = 1_700_000_000_000;
let dir: string;
const ledgers: CostLedger[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motif-telemetry-'));
  vi.useFakeTimers({ now: START });
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(ledgers.splice(0).map((l) => l.flush()));
  await rm(dir, { recursive: true, force: true });
});

interface Rig {
  readonly hub: TelemetryHub;
  readonly router: Router;
  readonly ledger: CostLedger;
  readonly cache: CountedCache<string>;
  card(id: string): ProviderHealth;
}

async function rig(
  providers: readonly ScriptedProvider[],
  options: { disabled?: readonly string[]; capUsd?: number; intervalMs?: number } = {},
): Promise<Rig> {
  const map = new Map(providers.map((p) => [p.id, p]));
  const catalogue = new Catalogue([
    {
      alias: 'default',
      label: 'Default',
      strategy: 'priority',
      targets: providers.map((p, i) => makeTarget(p.id, 'model-a', { priority: i })),
    },
  ]);
  const isEnabled = (id: string): boolean => !(options.disabled ?? []).includes(id);
  const router = new Router({
    providers: () => map,
    isEnabled,
    catalogue: () => catalogue,
    clock: systemClock,
    random: seededRandom(1),
    breaker: { ...DEFAULT_BREAKER_OPTIONS, minimumRequests: 4, consecutiveFailures: 3, cooldownMs: 12_000 },
    backoff: DEFAULT_BACKOFF,
    maxRetriesPerTarget: 0,
    bulkhead: () => ({ maxConcurrent: 4, maxQueued: 4 }),
    hedging: () => false,
    hedgeMaxExtraRatio: 0,
    explorationRate: 0,
    savedBreakers: {},
    onBreakerChange: () => undefined,
  });
  const ledger = await CostLedger.open(join(dir, 'ledger.json'), () => Date.now());
  ledgers.push(ledger);
  const cache = new CountedCache<string>({ name: 'results', max: 10, ttlMs: 0 });
  const hub = new TelemetryHub({
    clock: systemClock,
    router,
    providers: () => map,
    isEnabled,
    caches: () => [cache],
    ledger,
    dailyCapUsd: () => options.capUsd ?? 0,
    minIntervalMs: options.intervalMs ?? 250,
  });
  const card = (id: string): ProviderHealth => {
    const snapshot = telemetrySnapshotSchema.parse(hub.snapshot());
    const found = snapshot.providers.find((p) => p.id === id);
    if (!found) throw new Error(`no card for ${id}`);
    return found;
  };
  return { hub, router, ledger, cache, card };
}

async function route(router: Router, ms = 100): Promise<void> {
  const done = Promise.allSettled([router.route(makeJob())]);
  await vi.advanceTimersByTimeAsync(ms);
  await done;
}

describe('TelemetryHub snapshot', () => {
  it('matches the schema the panels and the HTTP API validate against, for every provider', async () => {
    const { hub, router, ledger, cache } = await rig([
      new ScriptedProvider({ id: 'a' }),
      new ScriptedProvider({ id: 'b', requiresKey: true }),
    ]);
    await route(router);
    cache.get('miss');
    ledger.record('a', 0.25, 1);
    const snapshot = telemetrySnapshotSchema.parse(hub.snapshot());
    expect(snapshot.at).toBe(Date.now());
    expect(snapshot.providers.map((p) => p.id)).toEqual(['a', 'b']);
    expect(snapshot.targets.map((t) => t.id)).toEqual(['a/model-a']);
    expect(snapshot.targets[0]).toMatchObject({ requests: 1, failures: 0, successRate: 1, breaker: 'closed', breakerMode: 'auto' });
    expect(snapshot.caches).toEqual([{ name: 'results', hits: 0, misses: 1, size: 0, hitRatio: 0 }]);
  });

  it('says "idle" before any request and "healthy" after one', async () => {
    const { router, card } = await rig([new ScriptedProvider({ id: 'a' })]);
    expect(card('a')).toMatchObject({
      status: 'idle',
      statusText: 'Ready — no requests yet',
      successRate: null,
      latency: { avgMs: null, p95Ms: null, recentMs: [] },
    });
    await route(router);
    expect(card('a')).toMatchObject({ status: 'healthy', statusText: 'Healthy', successRate: 1 });
  });

  it('says a key is missing, and that wins over the breaker state', async () => {
    const { card } = await rig([new ScriptedProvider({ id: 'keyed', requiresKey: true, key: undefined })]);
    expect(card('keyed')).toMatchObject({ status: 'key-missing', keySet: false, requiresKey: true });
    expect(card('keyed').statusText).toMatch(/No API key/);
  });

  it('says a provider is disabled, even when it also lacks a key', async () => {
    const { card } = await rig([new ScriptedProvider({ id: 'off', requiresKey: true })], { disabled: ['off'] });
    expect(card('off')).toMatchObject({ status: 'disabled', enabled: false, statusText: 'Disabled in settings' });
  });

  it('counts down an open circuit, then says the next request probes, then shows half-open while it does', async () => {
    const flaky = new ScriptedProvider({ id: 'flaky', fallbackStep: { kind: 'fail', code: 'upstream_unavailable' } });
    const { router, card } = await rig([flaky]);
    for (let i = 0; i < 3; i += 1) await route(router, 10);
    expect(card('flaky')).toMatchObject({
      status: 'open',
      breaker: 'open',
      statusText: 'Paused after repeated failures — trying again in 12 s',
      retryAt: START + 20 + 12_000,
    }); // tripped by the third failure, at +20 ms
    await vi.advanceTimersByTimeAsync(5_000);
    expect(card('flaky').statusText).toBe('Paused after repeated failures — trying again in 7 s');
    await vi.advanceTimersByTimeAsync(7_000);
    expect(card('flaky').statusText).toBe('Paused after repeated failures — the next job tries it again');
    flaky.setDefault({ kind: 'hang' });
    const probe = Promise.allSettled([router.route(makeJob({}, 1_000))]);
    await vi.advanceTimersByTimeAsync(1);
    expect(card('flaky')).toMatchObject({
      status: 'half-open',
      breaker: 'half-open',
      statusText: 'Trying again — one request checks it is back',
    });
    expect(card('flaky').retryAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    await probe;
  });

  it('shows a circuit held open by hand', async () => {
    const { router, card } = await rig([new ScriptedProvider({ id: 'a' })]);
    router.runtime({ provider: 'a', model: 'model-a' }).breaker.setMode('forced-open');
    expect(card('a')).toMatchObject({
      status: 'open',
      breakerMode: 'forced-open',
      statusText: 'Paused by hand — not used until you resume it',
    });
  });

  it('says "degraded" when a target is much slower than its own normal', async () => {
    const { router, card } = await rig([new ScriptedProvider({ id: 'a' })]);
    const metrics = router.runtime({ provider: 'a', model: 'model-a' }).metrics;
    for (let i = 0; i < 50; i += 1) metrics.recordSuccess(200, undefined);
    expect(card('a').status).toBe('healthy');
    for (let i = 0; i < 10; i += 1) metrics.recordSuccess(3_000, undefined);
    expect(card('a')).toMatchObject({ status: 'degraded', statusText: 'Degraded — slower or failing more than usual' });
  });

  it('shows the connection pool stats a provider reports on its card', async () => {
    const { hub, card } = await rig([new ScriptedProvider({ id: 'a' }), new ScriptedProvider({ id: 'b' })]);
    const stats = { transport: 'websocket', openSockets: 2, connecting: 1, reconnects: 3, inFlight: 4, queued: 0 } as const;
    hub.onProviderEvent({ type: 'pool-stats', provider: 'a', stats });
    hub.onProviderEvent({ type: 'provider-log', provider: 'b', level: 'warn', message: 'reconnecting' });
    expect(card('a').pool).toEqual(stats);
    expect(card('b').pool).toBeUndefined();
  });

  it('shows the last connection check and the last error on the card', async () => {
    const flaky = new ScriptedProvider({ id: 'a', fallbackStep: { kind: 'fail', code: 'upstream_timeout' } });
    const { hub, router, card } = await rig([flaky]);
    await route(router, 10);
    hub.recordCheck('a', { ok: false, latencyMs: 12, at: Date.now(), message: 'down' });
    expect(card('a').lastError).toMatchObject({ code: 'upstream_timeout' });
    expect(card('a').lastCheck).toEqual({ ok: false, latencyMs: 12, at: Date.now(), message: 'down' });
  });

  it('reports today’s spend per provider, the cap, and unknown prices apart from dollars', async () => {
    const { ledger, hub, card } = await rig([new ScriptedProvider({ id: 'a' }), new ScriptedProvider({ id: 'b' })], { capUsd: 5 });
    ledger.record('a', 0.1, 1);
    ledger.record('a', 0.2, 1);
    ledger.record('b', undefined, 3);
    const { spend } = telemetrySnapshotSchema.parse(hub.snapshot());
    expect(spend).toEqual({ todayUsd: 0.3, capUsd: 5, unknownPricedToday: 3, byProvider: { a: 0.3 } });
    expect(card('a').costTodayUsd).toBe(0.3);
    expect(card('b').costTodayUsd).toBe(0);
    await ledger.flush();
  });
});

describe('TelemetryHub pushes', () => {
  it('coalesces a burst of changes into at most one push per interval', async () => {
    const { hub } = await rig([new ScriptedProvider({ id: 'a' })], { intervalMs: 250 });
    const pushes: TelemetrySnapshot[] = [];
    hub.subscribe((s) => pushes.push(s));
    for (let i = 0; i < 100; i += 1) hub.changed();
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes).toHaveLength(1);
    for (let t = 0; t < 1_000; t += 10) {
      hub.changed();
      await vi.advanceTimersByTimeAsync(10);
    }
    // 1 s of constant change at 250 ms spacing: four more pushes, never two within an interval.
    expect(pushes).toHaveLength(5);
    const gaps = pushes.slice(1).map((s, i) => s.at - pushes[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(pushes).toHaveLength(5);
  });

  it('pushes when the router reports something, and when a pool reports stats', async () => {
    const { hub, router } = await rig([new ScriptedProvider({ id: 'a' })]);
    const pushes: TelemetrySnapshot[] = [];
    hub.subscribe((s) => pushes.push(s));
    await route(router);
    await vi.advanceTimersByTimeAsync(300);
    expect(pushes.length).toBeGreaterThanOrEqual(1);
    expect(pushes.at(-1)!.providers[0]!.status).toBe('healthy');
    const before = pushes.length;
    await vi.advanceTimersByTimeAsync(1_000);
    hub.onProviderEvent({
      type: 'pool-stats',
      provider: 'a',
      stats: { transport: 'rest', openSockets: 0, connecting: 0, reconnects: 0, inFlight: 0, queued: 0 },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes).toHaveLength(before + 1);
    expect(pushes.at(-1)!.providers[0]!.pool?.transport).toBe('rest');
  });

  it('schedules nothing while nobody listens, and stops after unsubscribe or close', async () => {
    const { hub } = await rig([new ScriptedProvider({ id: 'a' })]);
    hub.changed();
    expect(vi.getTimerCount()).toBe(0);
    const pushes: TelemetrySnapshot[] = [];
    const unsubscribe = hub.subscribe((s) => pushes.push(s));
    unsubscribe();
    hub.changed();
    expect(vi.getTimerCount()).toBe(0);
    hub.subscribe((s) => pushes.push(s));
    hub.changed();
    hub.close();
    await vi.advanceTimersByTimeAsync(1_000);
    hub.changed();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pushes).toHaveLength(0);
  });

  it('keeps pushing to the other listeners when one throws (a closed window), without an uncaught error', async () => {
    const { hub } = await rig([new ScriptedProvider({ id: 'a' })]);
    const received: number[] = [];
    hub.subscribe(() => {
      throw new Error('Object has been destroyed');
    });
    hub.subscribe((s) => received.push(s.at));
    hub.changed();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(300);
    hub.changed();
    await vi.advanceTimersByTimeAsync(0);
    expect(received).toHaveLength(2);
  });
});

describe('TelemetryHub: honest health', () => {
  it('counts hung requests as in flight, not "no requests yet", and as failures of that target at their timeout', async () => {
    const hung = new ScriptedProvider({ id: 'hung', fallbackStep: { kind: 'hang' } });
    const backup = new ScriptedProvider({ id: 'backup' });
    const { router, card } = await rig([hung, backup]);
    const jobs = Promise.allSettled([0, 1, 2].map(() => router.route(makeJob({}, 120_000))));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(card('hung')).toMatchObject({ inFlight: 3 });
    expect(card('hung').status).not.toBe('idle');
    expect(card('hung').statusText).toMatch(/3 requests in flight/);
    // Each hung request fails at its own timeout (half the deadline, as the backup could follow), charged to it alone.
    await vi.advanceTimersByTimeAsync(60_000);
    await jobs;
    const snapshot = targetNumbers(router);
    expect(snapshot.hung).toMatchObject({ requests: 3, failures: 3, successRate: 0, inFlight: 0 });
    expect(snapshot.backup).toMatchObject({ requests: 3, failures: 0, successRate: 1 });
    // Three timeouts in a row trip its breaker; the healthy backup's stays closed.
    expect(card('hung')).toMatchObject({ status: 'open', breaker: 'open', lastError: { code: 'upstream_timeout' } });
    expect(card('backup')).toMatchObject({ status: 'healthy', breaker: 'closed' });
  });

  it('says a provider whose last request timed out is not answering', async () => {
    const hung = new ScriptedProvider({ id: 'hung', fallbackStep: { kind: 'hang' } });
    const { router, card } = await rig([hung, new ScriptedProvider({ id: 'backup' })]);
    await route(router, 61_000);
    expect(card('hung')).toMatchObject({ status: 'degraded', statusText: 'Not answering — the last request timed out', successRate: 0 });
  });

  it.each([
    ['auth_failed', 'degraded', /Key rejected/],
    ['insufficient_credits', 'degraded', /Out of credits/],
    ['content_rejected', 'healthy', /content policy/],
    ['upstream_unavailable', 'degraded', /Failing/],
  ] as const)('shows one %s failure as such and moves the numbers', async (code, status, text) => {
    const failing = new ScriptedProvider({ id: 'failing', fallbackStep: { kind: 'fail', code } });
    const { router, card } = await rig([failing]);
    await route(router, 10);
    expect(card('failing')).toMatchObject({ status, successRate: 0 });
    expect(card('failing').statusText).toMatch(text);
    expect(router.runtime({ provider: 'failing', model: 'model-a' }).metrics).toMatchObject({ requests: 1, failures: 1 });
  });
});

/** Target numbers by provider id. */
function targetNumbers(
  router: Router,
): Record<string, { requests: number; failures: number; successRate: number | null; inFlight: number }> {
  return Object.fromEntries(
    router
      .runtimes()
      .map((r) => [
        r.provider,
        { requests: r.metrics.requests, failures: r.metrics.failures, successRate: r.metrics.successRate(), inFlight: r.metrics.inFlight },
      ]),
  );
}
