/**
 * Benchmark 6 — library scale.
 *
 * For 10,000 and 100,000 history entries: the index is generated directly
 * (synthetic entries, no image files: opening never reads them), then a fresh
 * process (--expose-gc) opens it cold and measures open time, memory, the first
 * gallery page, searches (first call and warm median), and the time to write one
 * real result: a 1024×1024 PNG plus its thumbnail, fsynced, into the big library.
 *
 *   npm run bench -- library [--quick] [--sizes=10000,100000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticLibrary } from '../test/integration/fixtures/library-scale-check.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { ChildLink } from './lib/emulator-process.ts';
import type { LibraryCommand, LibraryMeasurement, StartupMeasurement } from './lib/library-child.ts';
import { describeMachine, log, machineInfo, table, verdict, writeResults } from './lib/report.ts';
import { fmt } from './lib/stats.ts';

const { quick, values } = benchArgs();
const sizes = typeof values.sizes === 'string' ? values.sizes.split(',').map(Number) : quick ? [2_000, 10_000] : [10_000, 100_000];
const writes = numberArg(values, 'writes', quick ? 3 : 7);

const machine = machineInfo();
// The machine is shared: the load average says how far wall times stretch past CPU times.
const loadBefore = loadavg();
log(`# Library scale\n\n${describeMachine(machine)}\n`);

const measurements: (LibraryMeasurement & { count: number; generateMs: number; startup: StartupMeasurement })[] = [];
for (const count of sizes) {
  const root = await mkdtemp(join(tmpdir(), 'motif-bench-library-'));
  try {
    const dir = join(root, 'lib');
    const t = performance.now();
    await writeSyntheticLibrary(dir, count);
    const generateMs = performance.now() - t;
    const link = new ChildLink<LibraryCommand>(fileURLToPath(new URL('./lib/library-child.ts', import.meta.url)), [], ['--expose-gc']);
    const m = await link.call<LibraryMeasurement>({ cmd: 'measure', dir, count, writes }, 600_000);
    await link.waitExit();
    // That open found no snapshot and left one; the app's next start opens from it, in another fresh process.
    const next = new ChildLink<LibraryCommand>(fileURLToPath(new URL('./lib/library-child.ts', import.meta.url)), [], ['--expose-gc']);
    const startup = await next.call<StartupMeasurement>({ cmd: 'startup', dir }, 600_000);
    await next.waitExit();
    measurements.push({ ...m, count, generateMs, startup });
    process.stderr.write(
      `  ${count} entries: open ${fmt(m.openMs)} ms; from the snapshot: first page ${fmt(startup.firstPageMs)} ms, ready ${fmt(startup.readyMs)} ms\n`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const cols = measurements.map((m) => `${m.count.toLocaleString('en')} entries`);
type Measured = (typeof measurements)[number];
const row = (label: string, pick: (m: Measured) => string): string[] => [label, ...measurements.map(pick)];
log(
  table(
    ['', ...cols],
    [
      row('index size', (m) => `${fmt(m.indexMb)} MB`),
      row('**start-up from the snapshot** (progressive, as the app opens)', () => ''),
      row(
        '  first gallery page after open() was called',
        (m) => `${fmt(m.startup.firstPageMs)} ms (CPU ${fmt(m.startup.firstPageCpuMs)} ms)`,
      ),
      row('  whole index ready (checked, searchable)', (m) => `${fmt(m.startup.readyMs)} ms (CPU ${fmt(m.startup.readyCpuMs)} ms)`),
      row('  first search after ready ("confetti gold")', (m) => `${fmt(m.startup.firstSearchMs)} ms`),
      row(
        '  memory after ready (heap / external / RSS growth)',
        (m) => `${fmt(m.startup.heapMb)} / ${fmt(m.startup.externalMb)} / ${fmt(m.startup.rssMb)} MB`,
      ),
      row('  snapshot size', (m) => `${fmt(m.startup.snapshotMb)} MB`),
      row('**open without a snapshot** (first open after an upgrade)', () => ''),
      row('cold open (process fresh)', (m) => `${fmt(m.openMs)} ms (CPU ${fmt(m.openCpuMs)} ms)`),
      row(
        'memory after open (heap / RSS growth)',
        (m) => `${fmt(m.heapAfterOpenMb - m.heapBeforeMb)} MB / ${fmt(m.rssAfterOpenMb - m.rssBeforeMb)} MB`,
      ),
      row('first gallery page (first call)', (m) => `${fmt(m.firstPageColdMs)} ms`),
      row('first gallery page (warm)', (m) => `${fmt(m.firstPageWarmMs)} ms`),
      ...measurements[0]!.queries.map((q, i) =>
        row(
          `${q.label}: first / warm`,
          (m) => `${fmt(m.queries[i]!.coldMs)} / ${fmt(m.queries[i]!.warmMs)} ms (${m.queries[i]!.total} hits)`,
        ),
      ),
      row('write one result + thumbnail (median)', (m) => `${fmt(m.write.medianMs)} ms (first ${fmt(m.write.firstMs)} ms)`),
      row('  of which: thumbnail / sha256', (m) => `${fmt(m.write.thumbnailMs)} / ${fmt(m.write.sha256Ms)} ms`),
    ],
  ),
);
log(
  `\nWrites: ${writes} real 1024×1024 PNGs (~${fmt((measurements[0]?.write.imageBytes ?? 0) / 1024)} KB) from the offline engine, each with a webp thumbnail, fsynced.\n`,
);

const verdicts = [];
const big = measurements.find((m) => m.count === 100_000);
if (big) {
  verdicts.push(
    verdict(
      '100,000 entries: first gallery page within 300 ms of open',
      big.startup.firstPageMs < 300,
      `${fmt(big.startup.firstPageMs)} ms (CPU ${fmt(big.startup.firstPageCpuMs)} ms)`,
    ),
    verdict(
      '100,000 entries: whole index ready within 1 s',
      big.startup.readyMs < 1000,
      `${fmt(big.startup.readyMs)} ms (CPU ${fmt(big.startup.readyCpuMs)} ms)`,
    ),
    verdict(
      '100,000 entries: index memory under 80 MB',
      big.startup.heapMb + big.startup.externalMb < 80,
      `heap ${fmt(big.startup.heapMb)} MB + external ${fmt(big.startup.externalMb)} MB (RSS growth ${fmt(big.startup.rssMb)} MB)`,
    ),
  );
  // Every filtered query counts as a search (text, style, favourite, provider, date); plain pages do not.
  const searches = big.queries.filter((q) => !q.label.startsWith('page'));
  const worstSearch = Math.max(...searches.map((q) => Math.max(q.coldMs, q.warmMs)));
  verdicts.push(
    verdict(
      '100,000 entries: first gallery page < 100 ms',
      big.firstPageColdMs < 100,
      `${fmt(big.firstPageColdMs)} ms first call, ${fmt(big.firstPageWarmMs)} ms warm (open itself: ${fmt(big.openMs)} ms)`,
    ),
  );
  verdicts.push(
    verdict(
      '100,000 entries: search < 50 ms',
      worstSearch < 50,
      `slowest search ${fmt(worstSearch)} ms (first call or warm, over ${searches.length} filtered queries)`,
    ),
  );
}
const loadAfter = loadavg();
log(
  `\nLoad average (1/5/15 min): ${loadBefore.map((l) => l.toFixed(2)).join(' / ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' / ')} after.`,
);
const path = await writeResults('library', {
  machine,
  settings: { sizes, writes },
  load: { before: loadBefore, after: loadAfter },
  measurements,
  verdicts,
});
log(`\nresults: ${path}`);
