/**
 * Benchmark 7 — soak.
 *
 * 100,000 generations through the engine's own router (a real MotifService's
 * `parts.router`, with its telemetry hub listening to every event), the offline
 * engine stubbed to answer instantly (on the next turn of the event loop, as I/O would); Runware and OpenAI are disabled, so every
 * job also records their skips, as an offline designer's would. 16 jobs at a
 * time, each with a JobRunner-style deadline timer. RSS and heap are sampled on a
 * fixed interval (scaled down from 10 s because the run is short), and after a
 * forced GC every 10,000 jobs; the first 10,000 jobs are the warm-up.
 *
 *   npm run bench -- soak [--quick] [--jobs=100000] [--sample-ms=50]
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { benchArgs, numberArg } from './lib/args.ts';
import { InstantProvider } from './lib/instant-provider.ts';
import { describeMachine, log, machineInfo, table, verdict, writeResults } from './lib/report.ts';
import { benchRequest, timedRouteJob } from './lib/router-setup.ts';
import { startBenchService } from './lib/service-setup.ts';
import { fmt, slope } from './lib/stats.ts';

const { quick, values } = benchArgs();
const jobs = numberArg(values, 'jobs', 100_000);
const warmup = numberArg(values, 'warmup', quick ? 5_000 : 10_000);
const checkpointEvery = numberArg(values, 'checkpoint', 10_000);
const sampleMs = numberArg(values, 'sample-ms', 50);
const concurrency = numberArg(values, 'conc', 16);
const gc = (globalThis as { gc?: () => void }).gc;

const machine = machineInfo();
log(`# Soak: ${jobs.toLocaleString('en')} generations through the router\n\n${describeMachine(machine)}\n`);
if (!gc) log('(run with --expose-gc for the after-GC figures; `npm run bench` does)\n');

const local = new InstantProvider({ id: 'local', kind: 'local', model: 'procedural-v1', tick: 'immediate' });
const bench = await startBenchService({
  providers: [local],
  settings: { providers: { runware: { enabled: false }, openai: { enabled: false } } },
});
const router = bench.parts.router;
const request = benchRequest({ prompt: 'soak', format: 'png' });
const mb = (bytes: number): number => bytes / 2 ** 20;

interface Sample {
  jobs: number;
  ms: number;
  rssMb: number;
  heapMb: number;
}
interface Checkpoint {
  jobs: number;
  ms: number;
  rssMb: number;
  heapMb: number;
  heapTotalMb: number;
  newSpaceMb: number;
  externalMb: number;
}
const samples: Sample[] = [];
const checkpoints: Checkpoint[] = [];
let done = 0;
let errors = 0;
let errorSample = '';
const t0 = performance.now();
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  samples.push({ jobs: done, ms: performance.now() - t0, rssMb: mb(m.rss), heapMb: mb(m.heapUsed) });
}, sampleMs);
const checkpoint = (): void => {
  gc?.();
  const m = process.memoryUsage();
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  checkpoints.push({
    jobs: done,
    ms: performance.now() - t0,
    rssMb: mb(m.rss),
    heapMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    newSpaceMb: mb(newSpace?.space_size ?? 0),
    externalMb: mb(m.external + m.arrayBuffers),
  });
};

try {
  checkpoint();
  let started = 0;
  let nextCheckpoint = checkpointEvery;
  const worker = async (): Promise<void> => {
    while (started < jobs) {
      started += 1;
      const job = timedRouteJob(request);
      try {
        const result = await router.route(job);
        if (result.imageCount !== 1) throw new Error('no image');
      } catch (error) {
        errors += 1;
        errorSample ||= String(error);
      } finally {
        job.done();
      }
      done += 1;
      if (done >= nextCheckpoint) {
        nextCheckpoint += checkpointEvery;
        // Let every worker see the checkpoint's GC at a quiet moment.
        checkpoint();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  checkpoint();
} finally {
  clearInterval(sampler);
  await bench.close();
}

const elapsedMs = performance.now() - t0;
const afterWarmup = checkpoints.find((c) => c.jobs >= warmup)!;
const final = checkpoints.at(-1)!;
const steady = samples.filter((s) => s.jobs >= warmup);
const rssSlopePer100k =
  slope(
    steady.map((s) => s.jobs),
    steady.map((s) => s.rssMb),
  ) * 100_000;
const steadyCheckpoints = checkpoints.filter((c) => c.jobs >= warmup);
const heapSlopePer100k =
  slope(
    steadyCheckpoints.map((c) => c.jobs),
    steadyCheckpoints.map((c) => c.heapMb),
  ) * 100_000;
const rssGcSlopePer100k =
  slope(
    steadyCheckpoints.map((c) => c.jobs),
    steadyCheckpoints.map((c) => c.rssMb),
  ) * 100_000;

log(
  table(
    ['jobs done', 'seconds', 'RSS MB (after GC)', 'heap used MB (after GC)', 'heap reserved MB', 'of which new space MB', 'external MB'],
    checkpoints.map((c) => [
      c.jobs.toLocaleString('en'),
      fmt(c.ms / 1000),
      fmt(c.rssMb),
      fmt(c.heapMb),
      fmt(c.heapTotalMb),
      fmt(c.newSpaceMb),
      fmt(c.externalMb),
    ]),
  ),
);
log('');
log(
  table(
    ['measure', 'value'],
    [
      ['jobs, errors', `${done.toLocaleString('en')}, ${errors}${errorSample ? ` (${errorSample.slice(0, 80)})` : ''}`],
      ['throughput', `${fmt((done / elapsedMs) * 1000)} jobs/s over ${fmt(elapsedMs / 1000)} s, ${concurrency} at a time`],
      [
        'RSS after warm-up → end (after GC)',
        `${fmt(afterWarmup.rssMb)} → ${fmt(final.rssMb)} MB (×${fmt(final.rssMb / afterWarmup.rssMb)})`,
      ],
      [
        'RSS slope after warm-up (sampled every ' + sampleMs + ' ms, ' + steady.length + ' samples)',
        `${fmt(rssSlopePer100k)} MB per 100k jobs`,
      ],
      ['RSS slope after warm-up (checkpoints, after GC)', `${fmt(rssGcSlopePer100k)} MB per 100k jobs`],
      ['heap slope after warm-up (checkpoints, after GC)', `${fmt(heapSlopePer100k)} MB per 100k jobs`],
      [
        'RSS min / max over the run (sampled)',
        `${fmt(Math.min(...samples.map((s) => s.rssMb)))} / ${fmt(Math.max(...samples.map((s) => s.rssMb)))} MB`,
      ],
    ],
  ),
);
log('');
const verdicts = [
  verdict(
    'RSS after the soak within 1.5× of RSS after warm-up',
    final.rssMb <= 1.5 * afterWarmup.rssMb && errors === 0,
    `×${fmt(final.rssMb / afterWarmup.rssMb)} (${fmt(afterWarmup.rssMb)} → ${fmt(final.rssMb)} MB); slope ${fmt(rssGcSlopePer100k)} MB / 100k jobs after GC, heap ${fmt(heapSlopePer100k)} MB / 100k`,
  ),
];
const path = await writeResults('soak', {
  machine,
  settings: { jobs, warmup, checkpointEvery, sampleMs, concurrency },
  done,
  errors,
  elapsedMs,
  afterWarmup,
  final,
  rssSlopePer100k,
  rssGcSlopePer100k,
  heapSlopePer100k,
  checkpoints,
  samples,
  verdicts,
});
log(`\nresults: ${path}`);
