import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMotifConfig } from '../../src/core/config/motif-config.ts';
import type { MotifError } from '../../src/core/errors/motif-error.ts';
import type { Attempt } from '../../src/core/contract/history-entry.ts';
import { createMotifEngine } from '../../src/core/service/create-motif-service.ts';
import type { Router } from '../../src/core/router/router.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import { MemorySecretStore, MemorySettingsStore } from '../../src/core/settings/settings-store.ts';
import { startOpenAIEmulator, type OpenAIEmulator } from '../emulators/openai/index.ts';
import { imageRequest } from '../support/image-request.ts';

/**
 * The resilience scenarios of the router, run end to end: two OpenAI-type
 * emulators as primary and backup (configured through MOTIF_CONFIG YAML, as a
 * headless user would), a real MotifService, real HTTP on loopback. The
 * integration test asserts on their outcomes; `scripts/scenario-report.ts`
 * prints the same numbers into docs/.
 */

export interface ScenarioEnv {
  readonly primary: OpenAIEmulator;
  readonly backup: OpenAIEmulator;
  readonly service: MotifService;
  /** The router the service routes with, for scenarios that time routing alone. */
  readonly router: Router;
  close(): Promise<void>;
}

export interface JobRecord {
  readonly ok: boolean;
  readonly provider: string | undefined;
  readonly latencyMs: number;
  readonly attempts: readonly Attempt[];
  readonly error: MotifError | undefined;
}

export interface ScenarioStats {
  readonly jobs: number;
  readonly successRate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly upstreamCallsPerJob: number;
  readonly servedBy: Record<string, number>;
}

export async function startScenario(options: { hedging?: boolean; breakerCooldownMs?: number; seed?: number } = {}): Promise<ScenarioEnv> {
  const primary = await startOpenAIEmulator({ apiKey: 'k1', seed: options.seed ?? 1 });
  const backup = await startOpenAIEmulator({ apiKey: 'k2', seed: (options.seed ?? 1) + 1 });
  const config = parseMotifConfig(`
providers:
  primary: { type: openai, baseUrl: "${primary.baseUrl}", apiKey: "k1", maxConcurrent: 32 }
  backup: { type: openai, baseUrl: "${backup.baseUrl}", apiKey: "k2", maxConcurrent: 32 }
models:
  default:
    strategy: priority
    targets:
      - { provider: primary, model: dall-e-2 }
      - { provider: backup, model: dall-e-2 }
routing:
  hedging: ${options.hedging ?? false}
  deadlineMs: 20000
  breaker: { cooldownMs: ${options.breakerCooldownMs ?? 60_000}, consecutiveFailures: 5, minimumRequests: 10 }
`);
  const dataDir = await mkdtemp(join(tmpdir(), 'motif-scenario-'));
  const { service, parts } = await createMotifEngine({
    dataDir,
    config,
    env: {},
    settingsStore: new MemorySettingsStore({
      providers: { runware: { enabled: false }, openai: { enabled: false }, local: { enabled: false } },
    }),
    secretStore: new MemorySecretStore(),
  });
  return {
    primary,
    backup,
    service,
    router: parts.router,
    async close() {
      await service.close({ graceMs: 0 });
      await Promise.all([primary.close(), backup.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let promptCounter = 0;

/** What one job reported: who served it and the attempt trail, or the error. */
type JobCall = () => Promise<{ provider: string | undefined; attempts: JobRecord['attempts'] }>;

/** Runs `jobs` calls of `call`, `concurrency` at a time, timing each and keeping its outcome. */
async function runConcurrently(jobs: number, concurrency: number, call: JobCall): Promise<JobRecord[]> {
  const records: JobRecord[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs) {
      next += 1;
      const started = performance.now();
      try {
        const { provider, attempts } = await call();
        records.push({ ok: true, provider, latencyMs: performance.now() - started, attempts, error: undefined });
      } catch (error) {
        const failure = error as MotifError;
        records.push({
          ok: false,
          provider: undefined,
          latencyMs: performance.now() - started,
          attempts: failure.attempts ?? [],
          error: failure,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return records;
}

/** Runs `jobs` generations, `concurrency` at a time; every job has its own prompt so no cache or single-flight hides a call. */
export function runJobs(env: ScenarioEnv, jobs: number, concurrency = 4): Promise<JobRecord[]> {
  return runConcurrently(jobs, concurrency, async () => {
    const { job } = await env.service.generate({ prompt: `scenario job ${(promptCounter += 1)}`, size: '256x256', style: 'party' });
    return { provider: job.provider, attempts: job.attempts };
  });
}

/**
 * Runs `jobs` requests through the service's router only (no library writes),
 * so latency is what routing and the providers cost. Used where the provider's
 * tail is the point, since disk writes on a busy machine would drown it.
 */
export function runRoutes(env: ScenarioEnv, jobs: number, concurrency = 4): Promise<JobRecord[]> {
  return runConcurrently(jobs, concurrency, async () => {
    const result = await env.router.route({
      request: imageRequest({ prompt: `route job ${(promptCounter += 1)}`, width: 256, height: 256, noCache: true }),
      signal: new AbortController().signal,
      deadline: Date.now() + 20_000,
      taskId: undefined,
      resume: false,
      onImage: undefined,
      onStage: undefined,
      onNotice: undefined,
    });
    return { provider: result.provider, attempts: result.attempts };
  });
}

export function summarise(records: readonly JobRecord[], upstreamCalls: number): ScenarioStats {
  const latencies = records.map((r) => r.latencyMs).sort((a, b) => a - b);
  const pick = (q: number): number => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(q * latencies.length) - 1))] ?? 0;
  const servedBy: Record<string, number> = {};
  for (const r of records) if (r.provider) servedBy[r.provider] = (servedBy[r.provider] ?? 0) + 1;
  return {
    jobs: records.length,
    successRate: records.filter((r) => r.ok).length / Math.max(1, records.length),
    p50Ms: Math.round(pick(0.5)),
    p99Ms: Math.round(pick(0.99)),
    upstreamCallsPerJob: Math.round((upstreamCalls / Math.max(1, records.length)) * 100) / 100,
    servedBy,
  };
}

export const upstreamCalls = (env: ScenarioEnv): number => env.primary.stats.generations + env.backup.stats.generations;

/** The primary's slow tail: 5% of calls take a second. */
export const TAIL = { kind: 'long-tail', baseMs: 10, tailMs: 1000, tailRate: 0.05 } as const;

export interface ScenarioResult {
  readonly name: string;
  readonly stats: ScenarioStats;
  readonly notes: string;
}

/** All scenarios, each on fresh emulators; used by the report script. */
export async function runAllScenarios(jobs = 60): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const run = async (
    name: string,
    options: Parameters<typeof startScenario>[0],
    prepare: (env: ScenarioEnv) => void | Promise<void>,
    notes: (env: ScenarioEnv) => string,
  ): Promise<void> => {
    const env = await startScenario(options);
    try {
      await prepare(env);
      const records = await runJobs(env, jobs);
      results.push({ name, stats: summarise(records, upstreamCalls(env)), notes: notes(env) });
    } finally {
      await env.close();
    }
  };
  await run(
    'healthy primary (baseline)',
    {},
    () => undefined,
    (e) => `primary calls ${e.primary.stats.generations}`,
  );
  await run(
    'primary hard down (503 on every call)',
    {},
    (e) => e.primary.faults.set({ errorRate: 1, errorFaults: [{ kind: 'status', status: 503 }] }),
    (e) => `primary calls ${e.primary.stats.generations} (all before its breaker opened)`,
  );
  await run(
    'primary fails 30% (500)',
    {},
    (e) => e.primary.faults.set({ errorRate: 0.3, errorFaults: [{ kind: 'status', status: 500 }] }),
    (e) => `primary calls ${e.primary.stats.generations}, backup calls ${e.backup.stats.generations}`,
  );
  for (const hedging of [false, true]) {
    const env = await startScenario({ hedging, seed: 7 });
    try {
      await runRoutes(env, 20, 2);
      env.primary.setLatency(TAIL);
      const before = upstreamCalls(env);
      const records = await runRoutes(env, jobs * 2, 4);
      results.push({
        name: `primary long tail (5% of calls +1 s), ${hedging ? 'hedging' : 'no hedging'} — router only`,
        stats: summarise(records, upstreamCalls(env) - before),
        notes: hedging
          ? `hedges won ${env.service.telemetry().targets.find((t) => t.provider === 'backup')?.hedgesWon ?? 0}`
          : 'no library writes in these timings',
      });
    } finally {
      await env.close();
    }
  }
  await run(
    'primary 429 with Retry-After: 1 s (first 3 calls)',
    {},
    (e) => e.primary.faults.failNext(3, { kind: 'status', status: 429, retryAfterSeconds: 1 }),
    (e) => `primary calls ${e.primary.stats.generations}`,
  );
  await run(
    'both down (503)',
    {},
    (e) => {
      e.primary.faults.set({ errorRate: 1, errorFaults: [{ kind: 'status', status: 503 }] });
      e.backup.faults.set({ errorRate: 1, errorFaults: [{ kind: 'status', status: 503 }] });
    },
    (e) => `upstream calls in all ${upstreamCalls(e)}; later jobs fail at once with circuit_open for both`,
  );
  return results;
}
