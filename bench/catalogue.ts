/**
 * Benchmark 13 — the model catalogue: what one search costs with a cold and a
 * warm cache (issue 13's "Done when").
 *
 * A real MotifService whose Runware provider talks to the Runware emulator in
 * this process (latency 0, WebSocket pool): `searchModels` for distinct
 * queries (cold: one `modelSearch` each, validated and decorated with prices
 * and pins), then the same queries again (warm: answered from the LRU, no
 * upstream call). The emulator's own work (filtering its catalogue, putting
 * previews in its image store) is inside the cold numbers.
 *
 *   node --expose-gc bench/catalogue.ts [--queries 60] [--repeats 5]
 */
import { MODEL_CATEGORIES } from '../src/core/contract/model-catalogue-limits.ts';
import type { ModelSearchQuery } from '../src/core/contract/model-catalogue.ts';
import { startRunwareEmulator } from '../test/emulators/runware/index.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { describeMachine, log, machineInfo, table, writeResults } from './lib/report.ts';
import { startBenchService } from './lib/service-setup.ts';
import { fmt, summarise } from './lib/stats.ts';

const { quick, values } = benchArgs();
const queries = numberArg(values, 'queries', quick ? 20 : 60);
const repeats = numberArg(values, 'repeats', 5);

const machine = machineInfo();
log(`# Model catalogue: search cost, cold and warm cache\n\n${describeMachine(machine)}\n`);

const emulator = await startRunwareEmulator({ apiKey: 'bench-key', seed: 13 });
const bench = await startBenchService({
  settings: { providers: { runware: { enabled: true, wsUrl: emulator.wsUrl, apiUrl: emulator.restUrl }, openai: { enabled: false } } },
  secrets: { runware: 'bench-key' },
});
const { service } = bench;
const WORDS = ['', 'party', 'flux', 'watercolor', 'sticker', 'poster', 'wedding', 'sdxl', 'paper', 'confetti'];
/** Distinct queries: every one a different cache key (words × categories × page). */
const queryList: ModelSearchQuery[] = Array.from({ length: queries }, (_, i) => {
  const category = [undefined, MODEL_CATEGORIES[0], MODEL_CATEGORIES[1]][Math.floor(i / WORDS.length) % 3];
  return {
    ...(WORDS[i % WORDS.length] ? { search: WORDS[i % WORDS.length] } : {}),
    ...(category ? { category } : {}),
    limit: 12,
    offset: Math.floor(i / (WORDS.length * 3)) * 12,
  };
});

const timed = async (query: ModelSearchQuery): Promise<{ ms: number; source: string }> => {
  const t = performance.now();
  const page = await service.searchModels(query);
  return { ms: performance.now() - t, source: page.source };
};

try {
  // Warm the socket and the code paths with queries outside the measured set.
  for (let i = 0; i < 5; i++) await service.searchModels({ search: `warm-up ${i}` });
  const before = emulator.stats.tasks.modelSearch ?? 0;
  const cold: number[] = [];
  for (const query of queryList) {
    const { ms, source } = await timed(query);
    if (source !== 'live') throw new Error(`expected a live search, got ${source}`);
    cold.push(ms);
  }
  const upstreamCold = (emulator.stats.tasks.modelSearch ?? 0) - before;
  const warm: number[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const query of queryList) {
      const { ms, source } = await timed(query);
      if (source !== 'cache') throw new Error(`expected a cached page, got ${source}`);
      warm.push(ms);
    }
  }
  const upstreamWarm = (emulator.stats.tasks.modelSearch ?? 0) - before - upstreamCold;
  const c = summarise(cold);
  const w = summarise(warm);
  const row = (label: string, s: ReturnType<typeof summarise>, upstream: number): (string | number)[] => [
    label,
    s.n,
    upstream,
    fmt(s.p50),
    fmt(s.p90),
    fmt(s.mean),
  ];
  log(
    table(
      ['search', 'runs', 'modelSearch calls', 'p50 ms', 'p90 ms', 'mean ms'],
      [row('cold (upstream over the socket)', c, upstreamCold), row('warm (LRU page cache)', w, upstreamWarm)],
    ),
  );
  log(`\nWarm is ${fmt(c.p50 / Math.max(w.p50, 1e-6), 0)}× faster at the median.`);
  const file = await writeResults('catalogue', { machine, queries, repeats, cold: c, warm: w, upstreamCold, upstreamWarm });
  log(`\nResults: ${file}`);
} finally {
  await bench.close();
  await emulator.close();
}
