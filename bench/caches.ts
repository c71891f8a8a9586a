/**
 * Benchmark 5 — caches and single-flight.
 *
 * A real MotifService whose Runware provider talks to the Runware emulator in
 * its own process (50 ms per task):
 *   - prompt enhancement: 300 calls over 30 distinct prompts (each asked 10×,
 *     shuffled), one at a time: hit ratio, hit vs miss latency, upstream calls;
 *     then 100 identical concurrent calls for a new prompt (the cache alone does
 *     not join concurrent misses);
 *   - result cache: one deterministic generation (explicit seed), then the same
 *     request 100× one at a time: hit ratio and hit vs miss latency;
 *   - single-flight: 1,000 identical deterministic requests at once: upstream calls.
 *
 *   npm run bench -- caches [--quick]
 */
import type { CacheStats } from '../src/core/contract/service-types.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { EmulatorProcess } from './lib/emulator-process.ts';
import { describeMachine, log, machineInfo, table, verdict, writeResults } from './lib/report.ts';
import { startBenchService } from './lib/service-setup.ts';
import { fmt, summarise } from './lib/stats.ts';
import { seededRandom } from '../src/core/util/random.ts';

const { quick, values } = benchArgs();
const distinct = numberArg(values, 'distinct', quick ? 10 : 30);
const repeats = numberArg(values, 'repeats', 10);
const identical = numberArg(values, 'identical', 1_000);
const latencyMs = numberArg(values, 'latency-ms', 50);

const machine = machineInfo();
log(`# Caches and single-flight\n\n${describeMachine(machine)}\n`);

const emulator = await EmulatorProcess.start('runware', { latency: { kind: 'fixed', ms: latencyMs } });
const { wsUrl, restUrl } = emulator.urls as { wsUrl: string; restUrl: string };
const bench = await startBenchService({
  settings: { providers: { runware: { enabled: true, wsUrl, apiUrl: restUrl }, openai: { enabled: false } } },
  secrets: { runware: 'bench-key' },
});
const { service } = bench;
const cacheStats = (name: string): CacheStats => service.telemetry().caches.find((c) => c.name === name)!;
const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const value = await work();
  return [value, performance.now() - t];
};

const result: Record<string, unknown> = {};
const verdicts = [];
try {
  // Warm the socket and the code paths (not counted: different prompts and requests).
  await service.enhancePrompt('warm-up prompt', { versions: 3 });
  await service.generate({ prompt: 'warm-up image', size: '128x128', format: 'webp', model: 'flux-schnell', seed: 1 });

  // --- prompt enhancement cache ---
  const random = seededRandom(5);
  const prompts = Array.from({ length: distinct }, (_, i) => `pastel baby shower banner ${i}`);
  const sequence = prompts.flatMap((p) => Array.from({ length: repeats }, () => p));
  for (let i = sequence.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sequence[i], sequence[j]] = [sequence[j]!, sequence[i]!];
  }
  const enhance0 = cacheStats('prompt-enhancement');
  const upstream0 = (await emulator.stats()).promptEnhances;
  const seen = new Set<string>();
  const hitMs: number[] = [];
  const missMs: number[] = [];
  for (const prompt of sequence) {
    const [, ms] = await timed(() => service.enhancePrompt(prompt, { versions: 3 }));
    (seen.has(prompt) ? hitMs : missMs).push(ms);
    seen.add(prompt);
  }
  const enhance1 = cacheStats('prompt-enhancement');
  const enhanceUpstream = (await emulator.stats()).promptEnhances - upstream0;
  const hits = enhance1.hits - enhance0.hits;
  const misses = enhance1.misses - enhance0.misses;
  // Concurrent identical misses.
  const upstream1 = (await emulator.stats()).promptEnhances;
  const [, concurrentMs] = await timed(() =>
    Promise.all(Array.from({ length: 100 }, () => service.enhancePrompt('one new prompt asked 100 times at once', { versions: 3 }))),
  );
  const concurrentUpstream = (await emulator.stats()).promptEnhances - upstream1;
  result.enhance = {
    calls: sequence.length,
    distinct,
    hits,
    misses,
    hitRatio: hits / (hits + misses),
    upstreamCalls: enhanceUpstream,
    hitLatency: summarise(hitMs),
    missLatency: summarise(missMs),
    concurrentIdentical: { calls: 100, upstreamCalls: concurrentUpstream, wallMs: concurrentMs },
  };

  // --- result cache ---
  const deterministic = {
    prompt: 'gold confetti birthday banner',
    size: '128x128',
    format: 'webp',
    model: 'flux-schnell',
    seed: 424242,
  } as const;
  const results0 = cacheStats('results');
  const gen0 = (await emulator.stats()).generations;
  const [first, firstMs] = await timed(() => service.generate(deterministic));
  const repeatMs: number[] = [];
  let cachedCount = 0;
  for (let i = 0; i < (quick ? 30 : 100); i++) {
    const [outcome, ms] = await timed(() => service.generate(deterministic));
    repeatMs.push(ms);
    if (outcome.cached) cachedCount += 1;
  }
  const results1 = cacheStats('results');
  result.results = {
    firstCached: first.cached,
    missMs: firstMs,
    hitLatency: summarise(repeatMs),
    repeats: repeatMs.length,
    servedCached: cachedCount,
    hits: results1.hits - results0.hits,
    misses: results1.misses - results0.misses,
    hitRatio: (results1.hits - results0.hits) / Math.max(1, results1.hits - results0.hits + results1.misses - results0.misses),
    upstreamCalls: (await emulator.stats()).generations - gen0,
  };

  // --- single-flight ---
  const flightRequest = {
    prompt: 'one request asked by a thousand callers',
    size: '128x128',
    format: 'webp',
    model: 'flux-schnell',
    seed: 777,
  } as const;
  const gen1 = (await emulator.stats()).generations;
  const joined0 = bench.parts.singleFlight.joined;
  const [outcomes, flightMs] = await timed(() => Promise.all(Array.from({ length: identical }, () => service.generate(flightRequest))));
  const flightUpstream = (await emulator.stats()).generations - gen1;
  const entryIds = new Set(outcomes.flatMap((o) => o.entries.map((e) => e.id)));
  result.singleFlight = {
    requests: identical,
    upstreamCalls: flightUpstream,
    wallMs: flightMs,
    joined: bench.parts.singleFlight.joined - joined0,
    servedCached: outcomes.filter((o) => o.cached).length,
    distinctEntries: entryIds.size,
  };
} finally {
  await bench.close();
  await emulator.close();
}

const e = result.enhance as {
  calls: number;
  hits: number;
  misses: number;
  hitRatio: number;
  upstreamCalls: number;
  hitLatency: { p50: number; p99: number };
  missLatency: { p50: number; p99: number };
  concurrentIdentical: { upstreamCalls: number; wallMs: number };
};
const r = result.results as {
  missMs: number;
  hitLatency: { p50: number; p99: number };
  hitRatio: number;
  repeats: number;
  servedCached: number;
  upstreamCalls: number;
};
const f = result.singleFlight as {
  requests: number;
  upstreamCalls: number;
  wallMs: number;
  joined: number;
  servedCached: number;
  distinctEntries: number;
};
log(
  table(
    ['cache', 'calls', 'hit ratio', 'hit p50 ms', 'hit p99 ms', 'miss p50 ms', 'upstream calls'],
    [
      [
        'prompt enhancement (sequential)',
        e.calls,
        fmt(e.hitRatio),
        fmt(e.hitLatency.p50),
        fmt(e.hitLatency.p99),
        fmt(e.missLatency.p50),
        e.upstreamCalls,
      ],
      [
        'results (deterministic request)',
        r.repeats + 1,
        fmt(r.hitRatio),
        fmt(r.hitLatency.p50),
        fmt(r.hitLatency.p99),
        fmt(r.missMs),
        r.upstreamCalls,
      ],
    ],
  ),
);
log('');
log(
  table(
    ['concurrent identical requests', 'requests', 'upstream calls', 'wall ms', 'notes'],
    [
      [
        'generate, deterministic (single-flight)',
        f.requests,
        f.upstreamCalls,
        fmt(f.wallMs),
        `${f.joined} joined the flight, ${f.servedCached} served as cached, ${f.distinctEntries} library entr${f.distinctEntries === 1 ? 'y' : 'ies'}`,
      ],
      [
        'enhancePrompt, same new prompt',
        100,
        e.concurrentIdentical.upstreamCalls,
        fmt(e.concurrentIdentical.wallMs),
        e.concurrentIdentical.upstreamCalls === 1
          ? 'concurrent misses join one load'
          : 'the enhancement cache does not join concurrent misses',
      ],
    ],
  ),
);
log(`\nEmulator ${latencyMs} ms per task. Hit/miss latencies are through MotifService (a result-cache miss includes the library write).\n`);
verdicts.push(
  verdict(
    `${identical} identical concurrent deterministic requests → 1 upstream call`,
    f.upstreamCalls === 1,
    `${f.upstreamCalls} upstream call(s)`,
  ),
);
verdicts.push(
  verdict(
    '100 identical concurrent enhancePrompt calls → 1 upstream call (not a stated target)',
    e.concurrentIdentical.upstreamCalls === 1,
    `${e.concurrentIdentical.upstreamCalls} upstream calls`,
  ),
);
const path = await writeResults('caches', { machine, settings: { distinct, repeats, identical, latencyMs }, ...result, verdicts });
log(`\nresults: ${path}`);
