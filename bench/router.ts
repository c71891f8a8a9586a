/**
 * Benchmark 2 — router overhead.
 *
 * Time in the router per job at 1 and 50 concurrent jobs: Router.route (wired as
 * in the engine: breaker, bulkhead 16/64, retries, attempt trail, events) over an
 * instant in-process provider, against calling that provider directly. The
 * provider answers with a resolved promise, so what is left is routing. Rounds
 * alternate direct / router; the table gives the median of the rounds' p50s and
 * the CPU per job. A second table runs the full MotifService.generate over the
 * same provider: validation, job snapshots, the result cache, and the library
 * write (sha256, sharp thumbnail, fsyncs) — that is not routing, and says so.
 *
 *   npm run bench -- router [--quick]
 */
import { benchArgs, numberArg } from './lib/args.ts';
import { InstantProvider } from './lib/instant-provider.ts';
import { closedLoop, type LoadResult } from './lib/load.ts';
import { describeMachine, log, machineInfo, table, verdict, writeResults } from './lib/report.ts';
import { benchRequest, productionRouter, routeJob } from './lib/router-setup.ts';
import { startBenchService } from './lib/service-setup.ts';
import { fmt, median, summarise } from './lib/stats.ts';

const { quick, values } = benchArgs();
const rounds = numberArg(values, 'rounds', quick ? 2 : 7);
const jobsPerRound = numberArg(values, 'jobs', quick ? 2_000 : 20_000);
const serviceJobs = numberArg(values, 'service-jobs', quick ? 40 : 300);
const concurrencies = [1, 50];

const machine = machineInfo();
log(`# Router overhead\n\n${describeMachine(machine)}\n`);

const primary = new InstantProvider({ id: 'instant' });
const spare = new InstantProvider({ id: 'spare' });
const local = new InstantProvider({ id: 'local', kind: 'local', model: 'procedural-v1' });
// The default route as a designer with two remote providers has it: two targets plus the offline last resort.
const router = productionRouter([primary, spare, local], {
  targets: [
    { provider: 'instant', model: 'model-a' },
    { provider: 'spare', model: 'model-a' },
    { provider: 'local', model: 'procedural-v1', lastResort: true },
  ],
});
const request = benchRequest({ prompt: 'router overhead' });

const direct = async (): Promise<void> => {
  const controller = new AbortController();
  await primary.generate({
    request,
    model: 'model-a',
    signal: controller.signal,
    deadline: Date.now() + 120_000,
    onImage: undefined,
    onStage: undefined,
    taskId: undefined,
    resume: false,
  });
};
const routed = async (): Promise<void> => {
  const result = await router.route(routeJob(request));
  if (result.provider !== 'instant') throw new Error(`served by ${result.provider}`);
};

interface Side {
  p50: number[];
  p99: number[];
  cpuUs: number[];
  rate: number[];
  errors: number;
  ownMs: number;
  jobs: number;
}
const results = new Map<string, Side>();
const side = (key: string): Side => {
  let s = results.get(key);
  if (!s) results.set(key, (s = { p50: [], p99: [], cpuUs: [], rate: [], errors: 0, ownMs: 0, jobs: 0 }));
  return s;
};
const record = (key: string, r: LoadResult, ownMs: number): void => {
  const s = side(key);
  const sum = summarise(r.latenciesMs);
  s.p50.push(sum.p50);
  s.p99.push(sum.p99);
  s.cpuUs.push((r.cpuMs * 1000) / Math.max(1, r.latenciesMs.length));
  s.rate.push(r.tasksPerSec);
  s.errors += r.errors;
  s.ownMs += ownMs;
  s.jobs += r.latenciesMs.length;
};

// Warm-up: both paths, both concurrencies.
for (const c of concurrencies) {
  await closedLoop(direct, { concurrency: c, maxTasks: 5_000, maxMs: 5_000 });
  await closedLoop(routed, { concurrency: c, maxTasks: 5_000, maxMs: 5_000 });
}

for (const c of concurrencies) {
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['direct', 'router'] : ['router', 'direct'];
    for (const path of order) {
      const own0 = primary.ownTimeMs;
      const r = await closedLoop(path === 'direct' ? direct : routed, { concurrency: c, maxTasks: jobsPerRound, maxMs: 20_000 });
      record(`${path}@${c}`, r, primary.ownTimeMs - own0);
    }
  }
}

const rows: (string | number)[][] = [];
const summary: Record<string, unknown>[] = [];
const verdicts = [];
for (const c of concurrencies) {
  const d = side(`direct@${c}`);
  const r = side(`router@${c}`);
  const dp50 = median(d.p50);
  const rp50 = median(r.p50);
  const ownPerJobMs = r.ownMs / Math.max(1, r.jobs);
  // Time in the router = the routed job's latency minus the provider's own time in it.
  const overheadMs = rp50 - ownPerJobMs - (dp50 - d.ownMs / Math.max(1, d.jobs));
  const cpuOverheadUs = median(r.cpuUs) - median(d.cpuUs);
  rows.push([c, 'direct provider call', fmt(dp50 * 1000), fmt(median(d.p99) * 1000), fmt(median(d.cpuUs)), fmt(median(d.rate)), d.errors]);
  rows.push([c, 'Router.route', fmt(rp50 * 1000), fmt(median(r.p99) * 1000), fmt(median(r.cpuUs)), fmt(median(r.rate)), r.errors]);
  summary.push({
    concurrency: c,
    direct: { p50Ms: dp50, p99Ms: median(d.p99), cpuUsPerJob: median(d.cpuUs), jobsPerSec: median(d.rate), p50Rounds: d.p50 },
    router: { p50Ms: rp50, p99Ms: median(r.p99), cpuUsPerJob: median(r.cpuUs), jobsPerSec: median(r.rate), p50Rounds: r.p50 },
    providerOwnMsPerJob: ownPerJobMs,
    overheadP50Ms: overheadMs,
    cpuOverheadUsPerJob: cpuOverheadUs,
    p50Ratio: rp50 / dp50,
    throughputRatio: median(r.rate) / median(d.rate),
  });
  verdicts.push(
    verdict(
      `${c} concurrent: router adds ≤ 1 ms per job at p50`,
      overheadMs <= 1,
      `+${fmt(overheadMs * 1000)} µs at p50 (${fmt(rp50 * 1000)} vs ${fmt(dp50 * 1000)} µs, ×${fmt(rp50 / dp50)}); CPU +${fmt(cpuOverheadUs)} µs/job; throughput ×${fmt(median(r.rate) / median(d.rate))}`,
    ),
  );
}
log('');
log(table(['conc', 'path', 'p50 µs', 'p99 µs', 'CPU µs/job', 'jobs/s', 'errors'], rows));
log(
  `\n${rounds} rounds × ${jobsPerRound} jobs per path and concurrency, alternating; medians of the rounds. At 50 concurrent a job's latency includes waiting for the other 49 (and, routed, the bulkhead: 16 run, the rest queue).`,
);

// Full service path, for scale: includes the library write of every image.
const service = await startBenchService({
  providers: [new InstantProvider({ id: 'instant' })],
  settings: { providerOrder: ['instant'], providers: { runware: { enabled: false }, openai: { enabled: false } } },
});
const serviceRows: (string | number)[][] = [];
const serviceSummary: Record<string, unknown>[] = [];
try {
  let n = 0;
  const generate = async (): Promise<void> => {
    await service.service.generate({ prompt: `service overhead ${(n += 1)}`, size: '128x128', format: 'png', noCache: true });
  };
  await closedLoop(generate, { concurrency: 4, maxTasks: 20, maxMs: 10_000 });
  for (const c of concurrencies) {
    const r = await closedLoop(generate, { concurrency: c, maxTasks: serviceJobs, maxMs: 30_000, minTasks: 10 });
    const s = summarise(r.latenciesMs);
    serviceRows.push([
      c,
      'MotifService.generate (incl. library write)',
      fmt(s.p50),
      fmt(s.p99),
      fmt(r.cpuMs / Math.max(1, r.latenciesMs.length)),
      fmt(r.tasksPerSec),
      r.errors,
    ]);
    serviceSummary.push({
      concurrency: c,
      p50Ms: s.p50,
      p99Ms: s.p99,
      cpuMsPerJob: r.cpuMs / Math.max(1, r.latenciesMs.length),
      jobsPerSec: r.tasksPerSec,
      errors: r.errors,
      errorSamples: r.errorSamples,
    });
  }
} finally {
  await service.close();
}
log('');
log(table(['conc', 'path', 'p50 ms', 'p99 ms', 'CPU ms/job', 'jobs/s', 'errors'], serviceRows));
log(
  '\nThe service path writes every image to the library (content hash, sharp webp thumbnail, fsync of image, thumbnail, directories and index line) and persists job snapshots: it measures the engine end to end, not routing.\n',
);
const path = await writeResults('router', {
  machine,
  settings: { rounds, jobsPerRound, serviceJobs },
  router: summary,
  service: serviceSummary,
  verdicts,
});
log(`results: ${path}`);
