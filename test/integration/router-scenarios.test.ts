import { afterEach, describe, expect, it } from 'vitest';
import { runJobs, runRoutes, startScenario, summarise, TAIL, upstreamCalls, type ScenarioEnv } from '../scenarios/router-scenarios.ts';

let env: ScenarioEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const breakerState = (e: ScenarioEnv, provider: string): string | undefined =>
  e.service.telemetry().providers.find((p) => p.id === provider)?.breaker;

describe('router scenarios: primary and backup OpenAI-type emulators from MOTIF_CONFIG', () => {
  it('primary hard down: every job succeeds, and the primary gets no calls while its breaker is open', async () => {
    env = await startScenario();
    env.primary.faults.set({ errorRate: 1, errorFaults: [{ kind: 'status', status: 503 }] });
    const warm = await runJobs(env, 4, 1);
    expect(breakerState(env, 'primary')).toBe('open');
    const callsWhenOpen = env.primary.stats.generations;
    const records = await runJobs(env, 30, 4);
    expect([...warm, ...records].every((r) => r.ok && r.provider === 'backup')).toBe(true);
    expect(env.primary.stats.generations).toBe(callsWhenOpen);
    expect(records.every((r) => r.attempts[0]?.outcome === 'skipped' && r.attempts[0]?.errorCode === 'circuit_open')).toBe(true);
  });

  it('primary fails 30% of calls: users see 100% success', async () => {
    env = await startScenario();
    env.primary.faults.set({ errorRate: 0.3, errorFaults: [{ kind: 'status', status: 500 }] });
    const records = await runJobs(env, 40, 4);
    expect(summarise(records, upstreamCalls(env)).successRate).toBe(1);
    expect(records.some((r) => r.attempts.some((a) => a.outcome === 'failure'))).toBe(true);
  });

  it('primary with a slow tail: the tail reaches callers without hedging; with it the backup answers in its place', async () => {
    const measure = async (hedging: boolean): Promise<ReturnType<typeof summarise>> => {
      env = await startScenario({ hedging, seed: 7 });
      await runRoutes(env, 20, 2); // teach the router the primary's normal latency first
      env.primary.setLatency(TAIL);
      const before = upstreamCalls(env);
      const stats = summarise(await runRoutes(env, 100, 4), upstreamCalls(env) - before);
      await env.close();
      env = undefined;
      return stats;
    };
    const plain = await measure(false);
    const hedged = await measure(true);
    // How much the p99 drops is a wall-clock ratio, measured by `npm run bench` (bench/tail.ts) and
    // the scenario report on an idle machine; under test load it is not stable. Asserted here: the tail
    // reached callers without hedging, and with hedging the backup served in the primary's place.
    expect(plain.p99Ms).toBeGreaterThanOrEqual(1000);
    expect(plain.servedBy.backup ?? 0).toBe(0);
    expect(hedged.servedBy.backup ?? 0).toBeGreaterThan(0);
    expect(hedged.successRate).toBe(1);
    expect(hedged.upstreamCallsPerJob).toBeLessThanOrEqual(1.15);
  }, 180_000);

  it('primary answers 429 with Retry-After: the router waits as told and the primary serves', async () => {
    env = await startScenario();
    env.primary.faults.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 1 });
    const [record] = await runJobs(env, 1, 1);
    expect(record).toMatchObject({ ok: true, provider: 'primary' });
    expect(record!.attempts.map((a) => [a.provider, a.outcome, a.errorCode])).toEqual([
      ['primary', 'failure', 'rate_limited'],
      ['primary', 'success', undefined],
    ]);
    expect(record!.latencyMs).toBeGreaterThanOrEqual(1000);
  });

  it('both down: jobs fail fast with the attempt trail naming each provider', async () => {
    env = await startScenario();
    for (const e of [env.primary, env.backup]) e.faults.set({ errorRate: 1, errorFaults: [{ kind: 'status', status: 503 }] });
    await runJobs(env, 4, 1);
    const callsBefore = upstreamCalls(env);
    const [record] = await runJobs(env, 1, 1);
    expect(record!.ok).toBe(false);
    expect(record!.error?.code).toBe('no_provider_available');
    expect(record!.error?.message).toMatch(/primary: .*backup: |backup: .*primary: /);
    expect(record!.attempts.map((a) => [a.provider, a.errorCode])).toEqual([
      ['primary', 'circuit_open'],
      ['backup', 'circuit_open'],
    ]);
    expect(upstreamCalls(env)).toBe(callsBefore);
  });

  it('primary recovers: the breaker closes and traffic returns to it', async () => {
    env = await startScenario({ breakerCooldownMs: 300 });
    env.primary.faults.set({ errorRate: 1, errorFaults: [{ kind: 'status', status: 503 }] });
    await runJobs(env, 3, 1);
    expect(breakerState(env, 'primary')).toBe('open');
    env.primary.faults.clear();
    await new Promise((r) => setTimeout(r, 350));
    const records = await runJobs(env, 5, 1);
    expect(records.every((r) => r.provider === 'primary')).toBe(true);
    expect(breakerState(env, 'primary')).toBe('closed');
    const target = env.service.telemetry().targets.find((t) => t.provider === 'primary');
    expect(target?.lastRecoveryMs).toBeGreaterThanOrEqual(300);
  });
});
