/**
 * Benchmark 4 — tail latency and hedging.
 *
 * The primary Runware emulator has a long tail: 20 ms per task, but 5% of tasks
 * take 200 ms (10×). The backup answers in 20 ms. Both run in their own
 * processes; our RunwareProvider talks to each; the Router is wired as in the
 * engine (hedge after the primary's observed p90, hedges capped at 10% of jobs).
 * Runs alternate hedging off / on, each on a fresh router and fresh providers.
 * Extra upstream calls = (tasks both emulators received − jobs) / jobs.
 * The router hedges after the primary's observed p90 plus a margin of
 * max(20 ms, 25% of p90) (src/core/router/router.ts); with a 20 ms base the
 * margin floor doubles the delay, so try `--base-ms=200` for the same 10× tail at
 * a more realistic latency.
 *
 *   npm run bench -- tail [--quick] [--jobs=2000] [--conc=8]
 */
import type { RouterEvent } from '../src/core/router/router.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { EmulatorProcess } from './lib/emulator-process.ts';
import { closedLoop } from './lib/load.ts';
import { describeMachine, log, machineInfo, table, verdict, writeResults } from './lib/report.ts';
import { productionRouter, routeJob } from './lib/router-setup.ts';
import { BENCH_REQUEST } from './lib/runware-payload.ts';
import { BENCH_MODEL, runwareAt, warm } from './lib/runware-targets.ts';
import { fmt, median, summarise } from './lib/stats.ts';

const { quick, values } = benchArgs();
const jobs = numberArg(values, 'jobs', quick ? 300 : 2_000);
const concurrency = numberArg(values, 'conc', 8);
const rounds = numberArg(values, 'rounds', quick ? 1 : 3);
const baseMs = numberArg(values, 'base-ms', 20);
const tail = { kind: 'long-tail', baseMs, tailMs: baseMs * 9, tailRate: 0.05 } as const;

const machine = machineInfo();
log(`# Tail latency and hedging\n\n${describeMachine(machine)}\n`);

const primaryEmu = await EmulatorProcess.start('runware', { latency: tail, seed: 11 });
const backupEmu = await EmulatorProcess.start('runware', { latency: { kind: 'fixed', ms: baseMs }, seed: 12 });

type Setting = 'off' | 'on';
const SETTINGS: Setting[] = ['off', 'on'];
const LABEL: Record<Setting, string> = { off: 'off', on: 'on' };

interface RunResult {
  setting: Setting;
  hedging: boolean;
  jobsPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  upstreamCalls: number;
  extraCallsPerJob: number;
  hedgesWon: number;
  hedgesLost: number;
  servedByBackup: number;
}
const runs: RunResult[] = [];

async function run(setting: Setting): Promise<RunResult> {
  const hedging = setting !== 'off';
  const primary = runwareAt('primary', primaryEmu.urls as { wsUrl: string; restUrl: string });
  const backup = runwareAt('backup', backupEmu.urls as { wsUrl: string; restUrl: string });
  await Promise.all([warm(primary), warm(backup)]);
  const router = productionRouter([primary, backup], {
    targets: [
      { provider: 'primary', model: BENCH_MODEL },
      { provider: 'backup', model: BENCH_MODEL },
    ],
    hedging,
  });
  let hedgesWon = 0;
  let hedgesLost = 0;
  let servedByBackup = 0;
  router.onEvent((event: RouterEvent) => {
    if (event.type === 'hedge') {
      if (event.won) hedgesWon += 1;
      else hedgesLost += 1;
    }
  });
  const before = (await primaryEmu.stats()).generations + (await backupEmu.stats()).generations;
  try {
    const result = await closedLoop(
      async () => {
        const out = await router.route(routeJob({ ...BENCH_REQUEST, model: 'default' }));
        if (out.provider === 'backup') servedByBackup += 1;
      },
      { concurrency, maxTasks: jobs, maxMs: 120_000 },
    );
    // Hedge losers are aborted client-side; give their frames a moment so the counts settle.
    await new Promise((resolve) => setTimeout(resolve, tail.baseMs + tail.tailMs + 50));
    const upstreamCalls = (await primaryEmu.stats()).generations + (await backupEmu.stats()).generations - before;
    const s = summarise(result.latenciesMs);
    const done = result.latenciesMs.length + result.errors;
    return {
      setting,
      hedging,
      jobsPerSec: result.tasksPerSec,
      p50: s.p50,
      p90: s.p90,
      p99: s.p99,
      max: s.max,
      errors: result.errors,
      upstreamCalls,
      extraCallsPerJob: (upstreamCalls - done) / Math.max(1, done),
      hedgesWon,
      hedgesLost,
      servedByBackup,
    };
  } finally {
    await Promise.all([primary.close(), backup.close()]);
  }
}

try {
  for (let round = 0; round < rounds; round++) {
    for (const setting of SETTINGS.map((_, i) => SETTINGS[(i + round) % SETTINGS.length]!)) {
      const r = await run(setting);
      runs.push(r);
      process.stderr.write(
        `  round ${round + 1}, hedging ${setting}: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, extra calls ${fmt(r.extraCallsPerJob * 100)}%, hedges won ${r.hedgesWon} lost ${r.hedgesLost}\n`,
      );
    }
  }
} finally {
  await Promise.all([primaryEmu.close(), backupEmu.close()]);
}

const side = (h: Setting): RunResult[] => runs.filter((r) => r.setting === h);
const med = (h: Setting, pick: (r: RunResult) => number): number => median(side(h).map(pick));
log(
  table(
    ['hedging', 'jobs/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'upstream calls / job', 'hedges won / lost', 'errors'],
    SETTINGS.map((h) => [
      LABEL[h],
      fmt(med(h, (r) => r.jobsPerSec)),
      fmt(med(h, (r) => r.p50)),
      fmt(med(h, (r) => r.p90)),
      fmt(med(h, (r) => r.p99)),
      fmt(med(h, (r) => r.max)),
      fmt(1 + med(h, (r) => r.extraCallsPerJob)),
      `${fmt(med(h, (r) => r.hedgesWon))} / ${fmt(med(h, (r) => r.hedgesLost))}`,
      side(h).reduce((a, r) => a + r.errors, 0),
    ]),
  ),
);
log(
  `\nPrimary: ${baseMs} ms, 5% of tasks ${baseMs * 10} ms; backup ${baseMs} ms. ${jobs} jobs per run at ${concurrency} concurrent, ${rounds} rounds per setting; medians of the rounds.\n`,
);
const cut = med('off', (r) => r.p99) / med('on', (r) => r.p99);
const extra = med('on', (r) => r.extraCallsPerJob) - med('off', (r) => r.extraCallsPerJob);
const verdicts = [
  verdict(
    `${baseMs} ms base: hedging cuts the long-tail p99 by ≥ 3×`,
    cut >= 3,
    `${fmt(cut)}× (p99 ${fmt(med('off', (r) => r.p99))} → ${fmt(med('on', (r) => r.p99))} ms)`,
  ),
  verdict(`${baseMs} ms base: hedging costs ≤ 10% extra upstream calls`, extra <= 0.1, `${fmt(extra * 100)}% extra calls per job`),
];
const path = await writeResults(baseMs === 20 ? 'tail' : `tail-${baseMs}ms`, {
  machine,
  settings: { jobs, concurrency, rounds, latency: tail },
  runs,
  verdicts,
});
log(`\nresults: ${path}`);
