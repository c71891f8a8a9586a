/**
 * Benchmark — gallery scroll frame times on the production renderer build.
 *
 * For 10,000 and 100,000 library entries: a data dir gets the showcase's real
 * offline designs (scripts/showcase-library.ts: a dozen occasions, seven
 * layouts, several shapes, each with its webp thumbnail), then index lines
 * that reuse their files, so a big library costs seconds. `out/renderer` (from
 * `npm run build`; this bench builds it when missing) is served in Debian's
 * Chromium through the browser-test harness with `window.motif` bridged to a
 * real engine on that data dir, at 1440×900, grouped by day.
 *
 * In the page, the gallery's scroller is moved every animation frame: first a
 * steady scroll (`--speed` px/s, a brisk wheel scroll) for `--seconds`, then
 * jumps to random places (a scrollbar drag) every 250 ms for half as long.
 * requestAnimationFrame deltas give the frame times (p50/p95/p99) and dropped
 * frames (deltas past 1.5 frames, counted in frames missed); long tasks are
 * counted; the JS heap is read over CDP after a forced GC, before and after.
 *
 *   node bench/gallery-scroll.ts [--quick] [--sizes=10000,100000] [--seconds=8] [--speed=3000] [--px-per-frame=50] [--warmup=2] [--profile=file.cpuprofile] [--trace=file.json] [--trace-categories=a,b] [--renderer=dir]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HistoryEntry } from '../src/core/contract/history-entry.ts';
import { makeShowcaseLibrary } from '../scripts/showcase-library.ts';
import { startRendererHarness } from '../test/e2e/harness/index.ts';
import { goTo, poll, waitForApp } from '../test/e2e/renderer-e2e-helpers.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { describeMachine, log, machineInfo, table, verdict, writeResults } from './lib/report.ts';
import { fmt, summarise, type LatencySummary } from './lib/stats.ts';

const root = join(import.meta.dirname, '..');
const { quick, values } = benchArgs();
/** The renderer build to serve (`out/renderer` unless `--renderer=<dir>`, e.g. a copy of another build for an A/B run). */
const RENDERER_DIR = typeof values.renderer === 'string' ? values.renderer : join(root, 'out/renderer');
const FRAME_MS = 1000 / 60;
const GALLERY_SCROLLER = '[data-testid=gallery-scroll]';

const sizes = typeof values.sizes === 'string' ? values.sizes.split(',').map(Number) : quick ? [2_000, 10_000] : [10_000, 100_000];
const seconds = numberArg(values, 'seconds', quick ? 3 : 8);
const speedPxPerS = numberArg(values, 'speed', 3_000);
/**
 * Seconds of unmeasured scrolling (from the middle of the library) before each
 * size is measured: the first size measured used to pay for cold caches and
 * unoptimised code in the page and the harness (10k looked worse than 100k
 * because it ran first).
 */
const warmupSeconds = numberArg(values, 'warmup', 2);
/**
 * Scroll this many pixels per frame in the steady phase instead of `--speed`
 * per second: every run then does the same work per frame whatever the frame
 * rate, so CPU per 1000 px compares builds on a loaded machine (A/B runs).
 */
const pxPerFrame = typeof values['px-per-frame'] === 'string' ? numberArg(values, 'px-per-frame', 50) : undefined;
/** Write a CPU profile of the renderer's steady scroll at the largest size here (`.cpuprofile`; read it with bench/profile-summary.ts). */
const profilePath = typeof values.profile === 'string' ? values.profile : undefined;
/** Write a Chrome trace (devtools.timeline) of the same phase here, for chrome://tracing or Perfetto. */
const tracePath = typeof values.trace === 'string' ? values.trace : undefined;
/** Trace categories, comma-separated (default `devtools.timeline`; add e.g. `cc,disabled-by-default-devtools.timeline` to see raster and compositor threads). */
const traceCategories = typeof values['trace-categories'] === 'string' ? values['trace-categories'].split(',') : ['devtools.timeline'];

/** What the page measured in one scroll phase. */
interface PhaseResult {
  readonly frameDeltasMs: number[];
  readonly longTasks: number;
  readonly longTaskMs: number;
  readonly scrolledPx: number;
  readonly scrollHeightPx: number;
  readonly tilesInDom: number;
}

/** Main-thread time per drawn frame, from CDP's Performance.getMetrics over a phase. */
interface FrameWork {
  readonly scriptMs: number;
  readonly layoutMs: number;
  readonly styleMs: number;
  readonly taskMs: number;
  /**
   * CPU time per second of scrolling: the renderer's main thread, the whole
   * renderer process (raster and image-decode workers too) and the harness
   * (this process: the engine serving pages and thumbnails, as Electron's main
   * would). Unlike the wall-clock figures these barely move with the machine's load.
   */
  readonly cpuMsPerS: { readonly mainThread: number; readonly renderer: number; readonly harness: number };
}

interface Measurement {
  readonly count: number;
  readonly seedMs: number;
  readonly firstTileMs: number;
  readonly steady: LatencySummary & { dropped: number; droppedPct: number; longTasks: number; longTaskMs: number; scrolledPx: number };
  readonly steadyWork: FrameWork;
  /** The same steady scroll over a plain striped div in the same page: the machine's own frame times under its load. */
  readonly control: LatencySummary & { dropped: number; droppedPct: number; longTasks: number; longTaskMs: number };
  readonly jumps: LatencySummary & { dropped: number; droppedPct: number; longTasks: number; longTaskMs: number };
  readonly scrollHeightPx: number;
  readonly tilesInDom: number;
  readonly heapBeforeMb: number;
  readonly heapAfterMb: number;
  readonly load: { readonly before: number[]; readonly after: number[] };
}

/** Runs in the page: moves the gallery's scroller each frame and records rAF deltas. */
function scrollInPage(options: {
  selector: string;
  mode: string;
  durationMs: number;
  speedPxPerS: number;
  pxPerFrame?: number;
}): Promise<PhaseResult> {
  const scroller = document.querySelector<HTMLElement>(options.selector)!;
  const deltas: number[] = [];
  let longTasks = 0;
  let longTaskMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longTasks += 1;
      longTaskMs += entry.duration;
    }
  });
  observer.observe({ type: 'longtask', buffered: false });
  let scrolled = 0;
  let nextJump = 0;
  // A fixed sequence of jump targets, so every run visits the same places.
  let seed = 12345;
  const random = (): number => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  return new Promise((resolve) => {
    let started: number | undefined;
    let last: number | undefined;
    const frame = (now: number): void => {
      started ??= now;
      if (last !== undefined) deltas.push(now - last);
      const elapsed = now - started;
      const max = scroller.scrollHeight - scroller.clientHeight;
      if (options.mode === 'steady') {
        const step = last === undefined ? 0 : (options.pxPerFrame ?? ((now - last) * options.speedPxPerS) / 1000);
        // Bounce at the ends, so a short library keeps scrolling too.
        const next = scroller.scrollTop + step > max ? 0 : scroller.scrollTop + step;
        scrolled += Math.abs(next - scroller.scrollTop);
        scroller.scrollTop = next;
      } else if (elapsed >= nextJump) {
        nextJump += 250;
        const next = Math.floor(random() * max);
        scrolled += Math.abs(next - scroller.scrollTop);
        scroller.scrollTop = next;
      }
      last = now;
      if (elapsed < options.durationMs) requestAnimationFrame(frame);
      else {
        observer.disconnect();
        resolve({
          frameDeltasMs: deltas,
          longTasks,
          longTaskMs,
          scrolledPx: scrolled,
          scrollHeightPx: scroller.scrollHeight,
          tilesInDom: document.querySelectorAll('[data-testid=gallery-tile]').length,
        });
      }
    };
    requestAnimationFrame(frame);
  });
}

/**
 * Runs in the page: covers it with a plain striped scroller of the gallery's
 * height (no images, no React), the control for what this machine gives any
 * page under its current load.
 */
function addControlScroller(heightPx: number): void {
  const outer = document.createElement('div');
  outer.id = 'bench-control';
  outer.style.cssText = 'position:fixed;inset:0;overflow:auto;z-index:99999;background:#fff';
  const inner = document.createElement('div');
  inner.style.cssText = `height:${heightPx}px;background:repeating-linear-gradient(#f3efe8 0 120px,#d9d2c5 120px 240px)`;
  outer.append(inner);
  document.body.append(outer);
}

/** Frames missed: a delta of 2.1 frames dropped one, 3.2 dropped two. */
function droppedFrames(deltas: readonly number[]): number {
  return deltas.reduce((sum, delta) => sum + (delta > FRAME_MS * 1.5 ? Math.round(delta / FRAME_MS) - 1 : 0), 0);
}

/** Runs one phase with CDP's Performance domain on, returning main-thread time per drawn frame beside the page's own result. */
async function withFrameWork(page: Page, run: () => Promise<PhaseResult>, profile?: string): Promise<[PhaseResult, FrameWork]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const read = async (): Promise<Map<string, number>> =>
      new Map((await cdp.send('Performance.getMetrics')).metrics.map((metric) => [metric.name, metric.value]));
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const before = await read();
    const harnessBefore = process.cpuUsage();
    const result = await run();
    const harnessCpu = process.cpuUsage(harnessBefore);
    const after = await read();
    if (profile) {
      const { profile: cpuProfile } = await cdp.send('Profiler.stop');
      await writeFile(profile, JSON.stringify(cpuProfile));
    }
    const spentMs = (name: string): number => ((after.get(name) ?? 0) - (before.get(name) ?? 0)) * 1000;
    const perFrame = (name: string): number => spentMs(name) / Math.max(1, result.frameDeltasMs.length);
    const scrollS = Math.max(1e-3, result.frameDeltasMs.reduce((sum, delta) => sum + delta, 0) / 1000);
    return [
      result,
      {
        scriptMs: perFrame('ScriptDuration'),
        layoutMs: perFrame('LayoutDuration'),
        styleMs: perFrame('RecalcStyleDuration'),
        taskMs: perFrame('TaskDuration'),
        cpuMsPerS: {
          mainThread: spentMs('ThreadTime') / scrollS,
          renderer: spentMs('ProcessTime') / scrollS,
          harness: (harnessCpu.user + harnessCpu.system) / 1000 / scrollS,
        },
      },
    ];
  } finally {
    await cdp.detach();
  }
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  } finally {
    await cdp.detach();
  }
}

/** Appends `count` index lines reusing the showcase's designs (newest first, a minute apart, six to a job), then drops the originals. */
async function seedIndex(dataDir: string, designs: readonly HistoryEntry[], count: number): Promise<void> {
  const newest = Math.max(...designs.map((entry) => entry.createdAt));
  const lines: string[] = [];
  for (let i = count - 1; i >= 0; i -= 1) {
    const { tags: _tags, projectIds: _projectIds, ...base } = designs[i % designs.length]!;
    const entry = {
      ...base,
      id: `bench-${i}`,
      jobId: `bench-job-${Math.floor(i / 6)}`,
      prompt: `${base.prompt} #${i}`,
      createdAt: newest + 60_000 - i * 60_000,
      favourite: i % 97 === 0,
    };
    lines.push(`${JSON.stringify({ op: 'put', entry })}\n`);
  }
  lines.push(`${JSON.stringify({ op: 'del', ids: designs.map((entry) => entry.id), at: newest + 120_000 })}\n`);
  await appendFile(join(dataDir, 'library', 'index.jsonl'), lines.join(''));
}

function phaseSummary(
  result: PhaseResult,
): LatencySummary & { dropped: number; droppedPct: number; longTasks: number; longTaskMs: number } {
  const dropped = droppedFrames(result.frameDeltasMs);
  const summary = summarise(result.frameDeltasMs);
  return {
    ...summary,
    dropped,
    droppedPct: (100 * dropped) / Math.max(1, summary.n + dropped),
    longTasks: result.longTasks,
    longTaskMs: result.longTaskMs,
  };
}

async function measure(baseDir: string, designs: readonly HistoryEntry[], count: number): Promise<Measurement> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motif-bench-scroll-'));
  try {
    let t = performance.now();
    await cp(baseDir, dataDir, { recursive: true });
    await seedIndex(dataDir, designs, count);
    const seedMs = performance.now() - t;
    const harness = await startRendererHarness({
      rendererDir: RENDERER_DIR,
      settings: { firstRunDone: true, theme: 'light' },
      serviceOptions: { dataDir },
      viewport: { width: 1440, height: 900 },
      open: false,
    });
    try {
      const { page } = harness;
      t = performance.now();
      await harness.open();
      await waitForApp(page);
      await goTo(page, 'Gallery');
      await page.locator('[data-testid=gallery-tile]').first().waitFor({ timeout: 120_000 });
      const firstTileMs = performance.now() - t;
      await poll(
        async () => (await page.getByTestId('gallery-count').textContent()) ?? '',
        (text) => text.startsWith(count.toLocaleString('en')),
        120_000,
      );
      await page.waitForFunction(() => [...document.images].every((image) => image.complete));
      if (warmupSeconds > 0) {
        await page.evaluate((selector) => {
          const scroller = document.querySelector<HTMLElement>(selector)!;
          scroller.scrollTop = scroller.scrollHeight / 2;
        }, GALLERY_SCROLLER);
        await page.evaluate(scrollInPage, { selector: GALLERY_SCROLLER, mode: 'steady', durationMs: warmupSeconds * 1000, speedPxPerS });
        await page.evaluate((selector) => document.querySelector<HTMLElement>(selector)!.scrollTo({ top: 0 }), GALLERY_SCROLLER);
        await page.locator('[data-testid=gallery-tile][data-entry-id="bench-0"]').waitFor({ timeout: 60_000 });
        await page.waitForFunction(() => [...document.images].every((image) => image.complete));
      }
      const heapBeforeMb = await heapMb(page);
      const before = loadavg();
      const largest = count === Math.max(...sizes);
      const browser = harness.context.browser()!;
      if (largest && tracePath) await browser.startTracing(page, { path: tracePath, categories: traceCategories });
      const [steady, steadyWork] = await withFrameWork(
        page,
        () =>
          page.evaluate(scrollInPage, { selector: GALLERY_SCROLLER, mode: 'steady', durationMs: seconds * 1000, speedPxPerS, pxPerFrame }),
        largest ? profilePath : undefined,
      );
      if (largest && tracePath) await browser.stopTracing();
      const jumps = await page.evaluate(scrollInPage, {
        selector: GALLERY_SCROLLER,
        mode: 'jumps',
        durationMs: (seconds * 1000) / 2,
        speedPxPerS,
      });
      await page.evaluate(addControlScroller, jumps.scrollHeightPx);
      const control = await page.evaluate(scrollInPage, {
        selector: '#bench-control',
        mode: 'steady',
        durationMs: seconds * 1000,
        speedPxPerS,
      });
      const after = loadavg();
      const heapAfterMb = await heapMb(page);
      const round = (l: number[]): number[] => l.map((v) => Math.round(v * 100) / 100);
      return {
        count,
        seedMs,
        firstTileMs,
        steady: { ...phaseSummary(steady), scrolledPx: steady.scrolledPx },
        steadyWork,
        jumps: phaseSummary(jumps),
        control: phaseSummary(control),
        scrollHeightPx: jumps.scrollHeightPx,
        tilesInDom: steady.tilesInDom,
        heapBeforeMb,
        heapAfterMb,
        load: { before: round(before), after: round(after) },
      };
    } finally {
      await harness.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
  process.stderr.write('out/renderer is missing: building it (npm run build)…\n');
  execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
}
const bundle = await readFile(join(RENDERER_DIR, 'index.html'), 'utf8');
const machine = machineInfo();
log(`# Gallery scroll (production renderer build)\n\n${describeMachine(machine)}\n`);

const baseDir = await mkdtemp(join(tmpdir(), 'motif-bench-scroll-base-'));
const measurements: Measurement[] = [];
try {
  const { entries: designs } = await makeShowcaseLibrary(baseDir);
  for (const count of sizes) {
    const m = await measure(baseDir, designs, count);
    measurements.push(m);
    process.stderr.write(
      `  ${count} entries: steady p50 ${fmt(m.steady.p50)} ms, p99 ${fmt(m.steady.p99)} ms, dropped ${m.steady.dropped}; jumps p99 ${fmt(m.jumps.p99)} ms\n`,
    );
  }
} finally {
  await rm(baseDir, { recursive: true, force: true });
}

const cols = measurements.map((m) => `${m.count.toLocaleString('en')} entries`);
const row = (label: string, pick: (m: Measurement) => string): string[] => [label, ...measurements.map(pick)];
const frames = (s: LatencySummary): string => `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)} / ${fmt(s.max)} ms`;
log(
  table(
    ['', ...cols],
    [
      row('first tile after the page opened', (m) => `${fmt(m.firstTileMs)} ms`),
      row(
        `steady scroll (${pxPerFrame === undefined ? `${speedPxPerS} px/s` : `${pxPerFrame} px a frame`}, ${seconds} s): frame p50 / p95 / p99 / max`,
        (m) => frames(m.steady),
      ),
      row('  frames drawn / dropped', (m) => `${m.steady.n} / ${m.steady.dropped} (${fmt(m.steady.droppedPct)} %)`),
      row('  long tasks (> 50 ms)', (m) => `${m.steady.longTasks} (${fmt(m.steady.longTaskMs)} ms)`),
      row(
        '  main thread per frame: script / style / layout / all tasks',
        (m) =>
          `${fmt(m.steadyWork.scriptMs)} / ${fmt(m.steadyWork.styleMs)} / ${fmt(m.steadyWork.layoutMs)} / ${fmt(m.steadyWork.taskMs)} ms`,
      ),
      row(
        '  CPU per second of scrolling: renderer main thread / renderer process / harness',
        (m) =>
          `${fmt(m.steadyWork.cpuMsPerS.mainThread)} / ${fmt(m.steadyWork.cpuMsPerS.renderer)} / ${fmt(m.steadyWork.cpuMsPerS.harness)} ms`,
      ),
      row(`jumps (random place every 250 ms, ${seconds / 2} s): frame p50 / p95 / p99 / max`, (m) => frames(m.jumps)),
      row('  frames drawn / dropped', (m) => `${m.jumps.n} / ${m.jumps.dropped} (${fmt(m.jumps.droppedPct)} %)`),
      row('  long tasks (> 50 ms)', (m) => `${m.jumps.longTasks} (${fmt(m.jumps.longTaskMs)} ms)`),
      row(`control: a plain striped div, same steady scroll: frame p50 / p95 / p99 / max`, (m) => frames(m.control)),
      row('  frames drawn / dropped', (m) => `${m.control.n} / ${m.control.dropped} (${fmt(m.control.droppedPct)} %)`),
      row('JS heap after GC: before / after scrolling', (m) => `${fmt(m.heapBeforeMb)} / ${fmt(m.heapAfterMb)} MB`),
      row('scroll height / tiles in the DOM', (m) => `${fmt(m.scrollHeightPx / 1000)} k px / ${m.tilesInDom}`),
      row('load average (1 min) before → after', (m) => `${m.load.before[0]} → ${m.load.after[0]}`),
    ],
  ),
);

const verdicts = measurements.flatMap((m) => [
  verdict(
    `${m.count.toLocaleString('en')} entries: steady scroll p95 frame within 1.5 frames (25 ms)`,
    m.steady.p95 <= 25,
    `p95 ${fmt(m.steady.p95)} ms, ${m.steady.dropped} dropped of ${m.steady.n + m.steady.dropped}`,
  ),
]);
const path = await writeResults('gallery-scroll', {
  machine,
  settings: { sizes, seconds, speedPxPerS, pxPerFrame, warmupSeconds, renderer: RENDERER_DIR, bundle: /src="([^"]+)"/.exec(bundle)?.[1] },
  measurements,
  verdicts,
});
log(`\nresults: ${path}`);
