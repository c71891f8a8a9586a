/**
 * Benchmark 3 — failover cost.
 *
 * Two Runware emulators (each in its own process, 20 ms per task) behind the
 * `default` route, our RunwareProvider for each, the Router wired as in the
 * engine (breaker opens after 5 consecutive failures, cooldown 5 s doubling).
 * Runs, interleaved over rounds, each on a fresh router and fresh providers:
 *   - baseline: a single healthy provider (the backup alone);
 *   - primary hard down, 503 (`serviceUnavailable`) on every call, backup healthy;
 *   - primary hard down, nothing listening (connection refused on WS and REST).
 * Reports jobs/s, latency and the ratio to the baseline, plus how many calls
 * the dead primary still got (before its breaker opened, and half-open probes).
 *
 *   npm run bench -- failover [--quick] [--jobs=2000] [--conc=8]
 */
import type { RunwareProvider } from '../src/core/providers/runware/runware-provider.ts';
import type { RouterEvent } from '../src/core/router/router.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { EmulatorProcess } from './lib/emulator-process.ts';
import { closedLoop } from './lib/load.ts';
import { describeMachine, log, machineInfo, table, verdict, writeResults } from './lib/report.ts';
import { productionRouter, routeJob } from './lib/router-setup.ts';
import { BENCH_REQUEST } from './lib/runware-payload.ts';
import { BENCH_MODEL, closedPort, runwareAt, warm } from './lib/runware-targets.ts';
import { fmt, median, summarise } from './lib/stats.ts';

const { quick, values } = benchArgs();
const jobs = numberArg(values, 'jobs', quick ? 300 : 2_000);
const concurrency = numberArg(values, 'conc', 8);
const rounds = numberArg(values, 'rounds', quick ? 1 : 3);
const latencyMs = numberArg(values, 'latency-ms', 20);

type Mode = 'baseline' | 'down-503' | 'down-refused';
const MODES: Mode[] = ['baseline', 'down-503', 'down-refused'];
const LABEL: Record<Mode, string> = {
  baseline: 'single healthy provider',
  'down-503': 'primary down (503 every call) + backup',
  'down-refused': 'primary down (connection refused) + backup',
};

const machine = machineInfo();
log(`# Failover cost\n\n${describeMachine(machine)}\n`);

const primaryEmu = await EmulatorProcess.start('runware', {
  latency: { kind: 'fixed', ms: latencyMs },
  faults: { errorRate: 1, errorFaults: [{ kind: 'status', status: 503 }] },
});
const backupEmu = await EmulatorProcess.start('runware', { latency: { kind: 'fixed', ms: latencyMs }, seed: 2 });

interface RunResult {
  mode: Mode;
  jobsPerSec: number;
  p50: number;
  p99: number;
  mean: number;
  errors: number;
  primaryAttempts: number;
  primaryUpstreamCalls: number;
  fallbacks: number;
  trips: number;
  errorSamples: readonly string[];
}
const runs: RunResult[] = [];

async function run(mode: Mode): Promise<RunResult> {
  const providers: RunwareProvider[] = [];
  const backup = runwareAt('backup', backupEmu.urls as { wsUrl: string; restUrl: string });
  providers.push(backup);
  let targets = [{ provider: 'backup', model: BENCH_MODEL }];
  if (mode !== 'baseline') {
    const port = await closedPort();
    const urls =
      mode === 'down-503'
        ? (primaryEmu.urls as { wsUrl: string; restUrl: string })
        : { wsUrl: `ws://127.0.0.1:${port}/v1`, restUrl: `http://127.0.0.1:${port}/v1` };
    providers.unshift(runwareAt('primary', urls));
    targets = [{ provider: 'primary', model: BENCH_MODEL }, ...targets];
  }
  await warm(backup);
  const router = productionRouter(providers, { targets });
  let primaryAttempts = 0;
  let fallbacks = 0;
  router.onEvent((event: RouterEvent) => {
    if (event.type === 'attempt-start' && event.target.startsWith('primary/')) primaryAttempts += 1;
    if (event.type === 'fallback') fallbacks += 1;
  });
  const before = (await primaryEmu.stats()).generations;
  try {
    const result = await closedLoop(
      async () => {
        const out = await router.route(routeJob({ ...BENCH_REQUEST, model: 'default' }));
        if (out.imageCount !== 1) throw new Error('no image');
      },
      { concurrency, maxTasks: jobs, maxMs: 120_000 },
    );
    const s = summarise(result.latenciesMs);
    const trips = router
      .runtimes()
      .filter((r) => r.provider === 'primary')
      .reduce((a, r) => a + r.breaker.trips, 0);
    return {
      mode,
      jobsPerSec: result.tasksPerSec,
      p50: s.p50,
      p99: s.p99,
      mean: s.mean,
      errors: result.errors,
      primaryAttempts,
      primaryUpstreamCalls: (await primaryEmu.stats()).generations - before,
      fallbacks,
      trips,
      errorSamples: result.errorSamples,
    };
  } finally {
    await Promise.all(providers.map((p) => p.close()));
  }
}

try {
  for (let round = 0; round < rounds; round++) {
    for (const mode of MODES.map((_, i) => MODES[(i + round) % MODES.length]!)) {
      const r = await run(mode);
      runs.push(r);
      process.stderr.write(
        `  round ${round + 1}, ${mode}: ${fmt(r.jobsPerSec)} jobs/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, primary attempts ${r.primaryAttempts}, errors ${r.errors}\n`,
      );
    }
  }
} finally {
  await Promise.all([primaryEmu.close(), backupEmu.close()]);
}

const byMode = (m: Mode): RunResult[] => runs.filter((r) => r.mode === m);
const med = (m: Mode, pick: (r: RunResult) => number): number => median(byMode(m).map(pick));
const baseRate = med('baseline', (r) => r.jobsPerSec);
const baseP50 = med('baseline', (r) => r.p50);
const baseP99 = med('baseline', (r) => r.p99);
log(
  table(
    ['scenario', 'jobs/s', '× baseline', 'p50 ms', 'p99 ms', 'added p50 ms', 'added p99 ms', 'calls to dead primary', 'errors'],
    MODES.map((m) => [
      LABEL[m],
      fmt(med(m, (r) => r.jobsPerSec)),
      fmt(med(m, (r) => r.jobsPerSec) / baseRate),
      fmt(med(m, (r) => r.p50)),
      fmt(med(m, (r) => r.p99)),
      m === 'baseline' ? '—' : fmt(med(m, (r) => r.p50) - baseP50),
      m === 'baseline' ? '—' : fmt(med(m, (r) => r.p99) - baseP99),
      m === 'baseline' ? '—' : `${fmt(med(m, (r) => r.primaryAttempts))} attempts`,
      byMode(m).reduce((a, r) => a + r.errors, 0),
    ]),
  ),
);
log(
  `\n${jobs} jobs per run at ${concurrency} concurrent, emulator ${latencyMs} ms per task, ${rounds} rounds interleaved; medians of the rounds. Each run starts with a fresh router, so it includes the breaker opening.\n`,
);
const verdicts = (['down-503', 'down-refused'] as const).map((m) => {
  const ratio = med(m, (r) => r.jobsPerSec) / baseRate;
  return verdict(
    `primary hard down (${m === 'down-503' ? '503' : 'refused'}): throughput ≥ 0.9× single healthy provider`,
    ratio >= 0.9 && byMode(m).every((r) => r.errors === 0),
    `${fmt(ratio)}×, p50 +${fmt(med(m, (r) => r.p50) - baseP50)} ms, p99 +${fmt(med(m, (r) => r.p99) - baseP99)} ms`,
  );
});
const path = await writeResults('failover', { machine, settings: { jobs, concurrency, rounds, latencyMs }, runs, verdicts });
log(`\nresults: ${path}`);
