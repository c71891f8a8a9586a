/**
 * Measures one synthetic library in a fresh process (forked by bench/library.ts
 * with --expose-gc), so "cold open" is cold: nothing loaded, nothing JIT-warm.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Library } from '../../src/core/library/library.ts';
import type { LibraryQuery } from '../../src/core/contract/history-entry.ts';
import { makeThumbnail } from '../../src/core/library/make-thumbnail.ts';
import { renderDecoration } from '../../src/core/providers/local/render-decoration.ts';
import { SCALE_START } from '../../test/integration/fixtures/library-scale-check.ts';
import { median } from './stats.ts';

export type LibraryCommand =
  | { readonly id: number; readonly cmd: 'measure'; readonly dir: string; readonly count: number; readonly writes: number }
  | { readonly id: number; readonly cmd: 'startup'; readonly dir: string };

/** A progressive open as the app does it, from the snapshot the previous open left. */
export interface StartupMeasurement {
  readonly entries: number;
  readonly snapshotMb: number;
  /** From calling `Library.open` to holding the first gallery page. */
  readonly firstPageMs: number;
  readonly firstPageCpuMs: number;
  /** From calling `Library.open` to `ready()`: every entry in, the snapshot checked, the prompts read for searching. */
  readonly readyMs: number;
  readonly readyCpuMs: number;
  /** The first search after ready (a text search over every entry). */
  readonly firstSearchMs: number;
  /** After forced GCs, grown since before the open. */
  readonly heapMb: number;
  readonly externalMb: number;
  readonly rssMb: number;
}

export interface QueryTiming {
  readonly label: string;
  readonly query: LibraryQuery;
  readonly coldMs: number;
  readonly warmMs: number;
  readonly total: number;
}

export interface LibraryMeasurement {
  readonly entries: number;
  readonly indexMb: number;
  readonly openMs: number;
  readonly openCpuMs: number;
  readonly rssBeforeMb: number;
  readonly rssAfterOpenMb: number;
  readonly heapBeforeMb: number;
  readonly heapAfterOpenMb: number;
  readonly firstPageColdMs: number;
  readonly firstPageWarmMs: number;
  readonly queries: readonly QueryTiming[];
  readonly write: {
    readonly imageBytes: number;
    readonly firstMs: number;
    readonly medianMs: number;
    readonly samplesMs: readonly number[];
    readonly thumbnailMs: number;
    readonly sha256Ms: number;
  };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
/** Collects twice, a turn apart: freed buffers' memory is returned after the sweep, so one GC overstates what is kept. */
const settle = async (): Promise<void> => {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc();
};
const mb = (bytes: number): number => bytes / 2 ** 20;
const time = <T>(work: () => T): [T, number] => {
  const t = performance.now();
  const value = work();
  return [value, performance.now() - t];
};

async function measure(dir: string, count: number, writes: number): Promise<LibraryMeasurement> {
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const library = await Library.open(dir);
  const openMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const [, firstPageColdMs] = time(() => library.list({}));
  gc();
  const rssAfter = process.memoryUsage().rss;
  const heapAfter = process.memoryUsage().heapUsed;
  const warm = (query: LibraryQuery): number => median(Array.from({ length: 15 }, () => time(() => library.list(query))[1]));
  const firstPageWarmMs = warm({});
  const last30Days = SCALE_START + Math.max(0, count - 43_200) * 60_000;
  const specs: [string, LibraryQuery][] = [
    ['page 100 (offset 6,000)', { offset: Math.min(6_000, count - 60) }],
    ['search "confetti gold"', { text: 'confetti gold' }],
    ['search "unicorn dinosaur neon"', { text: 'unicorn dinosaur neon' }],
    ['search, no match "zebra"', { text: 'zebra' }],
    ['search "glitter ribbon", page 2', { text: 'glitter ribbon', offset: 60 }],
    ['style=wedding + favourites', { style: 'wedding', favourite: true }],
    ['provider=openai, last 30 days', { provider: 'openai', since: last30Days }],
  ];
  const queries: QueryTiming[] = specs.map(([label, query]) => {
    const [page, coldMs] = time(() => library.list(query));
    return { label, query, coldMs, warmMs: warm(query), total: page.total };
  });

  // Write one result: real 1024×1024 PNGs from the offline engine, each added with its thumbnail.
  const images = await Promise.all(
    Array.from({ length: writes + 1 }, (_, i) =>
      renderDecoration({ prompt: 'gold confetti balloons', style: 'party', seed: 1000 + i, width: 1024, height: 1024, format: 'png' }),
    ),
  );
  const addOne = async (bytes: Uint8Array, i: number): Promise<number> => {
    const t = performance.now();
    await library.add({
      bytes,
      entry: {
        jobId: `bench-${i}`,
        format: 'png',
        width: 1024,
        height: 1024,
        prompt: 'gold confetti balloons',
        style: 'party',
        provider: 'local',
        model: 'procedural-v1',
        seed: 1000 + i,
        latencyMs: 5,
        fallback: false,
        warnings: [],
        attempts: [{ provider: 'local', model: 'procedural-v1', outcome: 'success', durationMs: 5 }],
      },
    });
    return performance.now() - t;
  };
  const firstMs = await addOne(images[0]!, 0);
  const samples: number[] = [];
  for (let i = 1; i < images.length; i++) samples.push(await addOne(images[i]!, i));
  const thumbSamples: number[] = [];
  for (const bytes of images.slice(1)) {
    const t = performance.now();
    await makeThumbnail(bytes);
    thumbSamples.push(performance.now() - t);
  }
  const thumbnailMs = median(thumbSamples);
  const sha256Ms = median(images.map((bytes) => time(() => createHash('sha256').update(bytes).digest('hex'))[1]));
  const stats = library.stats();
  await library.close();
  return {
    entries: stats.entries,
    indexMb: mb(stats.indexBytes),
    openMs,
    openCpuMs: (cpu.user + cpu.system) / 1000,
    rssBeforeMb: mb(rssBefore),
    rssAfterOpenMb: mb(rssAfter),
    heapBeforeMb: mb(heapBefore),
    heapAfterOpenMb: mb(heapAfter),
    firstPageColdMs,
    firstPageWarmMs,
    queries,
    write: {
      imageBytes: median(images.map((b) => b.byteLength)),
      firstMs,
      medianMs: median(samples),
      samplesMs: samples,
      thumbnailMs,
      sha256Ms,
    },
  };
}

async function startup(dir: string): Promise<StartupMeasurement> {
  await settle();
  const before = process.memoryUsage();
  const cpu0 = process.cpuUsage();
  const cpuMs = (): number => {
    const used = process.cpuUsage(cpu0);
    return (used.user + used.system) / 1000;
  };
  const t0 = performance.now();
  const library = await Library.open(dir, { progressive: true });
  const page = await library.listPage({});
  const firstPageMs = performance.now() - t0;
  const firstPageCpuMs = cpuMs();
  await library.ready();
  const readyMs = performance.now() - t0;
  const readyCpuMs = cpuMs();
  const [search, firstSearchMs] = time(() => library.list({ text: 'confetti gold' }));
  await settle();
  const after = process.memoryUsage();
  const snapshotMb = mb((await stat(join(dir, 'index.snapshot'))).size);
  if (page.total !== library.stats().entries || page.items.length === 0) throw new Error('the first page does not match the library');
  if (library.stats().snapshot !== 'used' || search.total === 0)
    throw new Error(`the open did not use the snapshot (${library.stats().snapshot})`);
  await library.close();
  return {
    entries: page.total,
    snapshotMb,
    firstPageMs,
    firstPageCpuMs,
    readyMs,
    readyCpuMs,
    firstSearchMs,
    heapMb: mb(after.heapUsed - before.heapUsed),
    externalMb: mb(after.external - before.external),
    rssMb: mb(after.rss - before.rss),
  };
}

process.on('message', (message: LibraryCommand) => {
  (message.cmd === 'startup' ? startup(message.dir) : measure(message.dir, message.count, message.writes)).then(
    (result) => process.send?.({ id: message.id, ok: true, result }, () => process.exit(0)),
    (error: unknown) =>
      process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.stack : String(error) }, () => process.exit(1)),
  );
});
process.on('disconnect', () => process.exit(0));
