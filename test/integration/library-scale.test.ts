import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/core/library/library.ts';
import type { HistoryEntry, LibraryQuery } from '../../src/core/contract/history-entry.ts';
import { SCALE_START, syntheticEntries, writeSyntheticLibrary } from './fixtures/library-scale-check.ts';
import { entryInput, makePng, tempDir } from './fixtures/library-fixtures.ts';

/**
 * Big enough to exercise the paths that matter at scale (late arrivals, deep
 * pages, bulk delete) while keeping the suite quick on a two-core runner; the
 * 100,000-entry timings come from `fixtures/library-scale-check.ts`.
 */
const COUNT = 25_000;

const newestFirst = (a: HistoryEntry, b: HistoryEntry): number => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The brute-force answer: filter everything in `all` (already sorted newest first). */
function expected(all: readonly HistoryEntry[], query: LibraryQuery): { ids: string[]; total: number } {
  const terms = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = all
    .filter((e) => query.style === undefined || e.style === query.style)
    .filter((e) => query.provider === undefined || e.provider === query.provider)
    .filter((e) => query.favourite === undefined || e.favourite === query.favourite)
    .filter((e) => query.since === undefined || e.createdAt >= query.since)
    .filter((e) => query.until === undefined || e.createdAt < query.until)
    .filter((e) => terms.every((t) => e.prompt.toLowerCase().includes(t)));
  const offset = query.offset ?? 0;
  return { ids: matches.slice(offset, offset + (query.limit ?? 60)).map((e) => e.id), total: matches.length };
}

// Correctness at full scale; timings live in fixtures/library-scale-check.ts, not in assertions.
describe('library at scale', () => {
  let dir: string;
  let library: Library;
  let all: HistoryEntry[];

  beforeAll(async () => {
    dir = join(await tempDir('motif-library-scale-'), 'lib');
    await writeSyntheticLibrary(dir, COUNT);
    all = [...syntheticEntries(COUNT)].sort(newestFirst);
    library = await Library.open(dir);
  }, 120_000);

  afterAll(async () => {
    await library.close();
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('opens every entry without image files', () => {
    expect(library.stats()).toMatchObject({ entries: COUNT, corruptLines: 0, deadRecords: 0 });
  });

  it.each<[string, LibraryQuery]>([
    ['first page', {}],
    ['a deep page', { offset: 14_321, limit: 100 }],
    ['text search', { text: 'Confetti GOLD' }],
    ['text search, second page', { text: 'unicorn neon', offset: 60 }],
    ['no match', { text: 'zebra' }],
    ['style and favourite', { style: 'wedding', favourite: true, limit: 500 }],
    ['provider in a date range', { provider: 'openai', since: SCALE_START + 15_000 * 60_000, until: SCALE_START + 20_000 * 60_000 }],
    [
      'everything at once',
      { text: 'balloons', style: 'party', provider: 'local', favourite: false, since: SCALE_START + 10_000 * 60_000, offset: 3 },
    ],
  ])('%s matches a brute-force scan', (_label, query) => {
    const page = library.list(query);
    const want = expected(all, query);
    expect(page.total).toBe(want.total);
    expect(page.items.map((e) => e.id)).toEqual(want.ids);
  });

  it('keeps order through an add, a delete and a compaction', async () => {
    const added = await library.add({
      bytes: await makePng(1),
      entry: entryInput({ id: 'newest', createdAt: SCALE_START + COUNT * 60_000 }),
    });
    expect(library.list({ limit: 1 }).items[0]!.id).toBe('newest');
    const victims = [all[5]!.id, all[500]!.id, all[20_000]!.id];
    await library.delete(victims);
    await library.compact();
    await library.close();
    library = await Library.open(dir);
    all = [added, ...all.filter((e) => !victims.includes(e.id))];
    expect(library.stats().entries).toBe(COUNT + 1 - victims.length);
    for (const query of [{ offset: COUNT - 100, limit: 500 }, { text: 'cake candles' }] satisfies LibraryQuery[]) {
      const page = library.list(query);
      const want = expected(all, query);
      expect(page.total).toBe(want.total);
      expect(page.items.map((e) => e.id)).toEqual(want.ids);
    }
  }, 120_000);
});
