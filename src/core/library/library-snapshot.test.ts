import { appendFile, copyFile, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from './library.ts';
import type { HistoryEntry, LibraryQuery } from '../contract/history-entry.ts';
import { syntheticEntries, writeSyntheticLibrary } from '../../../test/integration/fixtures/library-scale-check.ts';
import { makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';

/** Above the library's threshold for keeping a snapshot (lowered to 100 here). */
const COUNT = 2500;

const newestFirst = (a: HistoryEntry, b: HistoryEntry): number => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('index snapshot', () => {
  let root: string;
  let dir: string;
  let snapshot: string;
  let index: string;
  const open: Library[] = [];

  const openLibrary = async (progressive = false): Promise<Library> => {
    const library = await Library.open(dir, { progressive, snapshotMinEntries: 100 });
    open.push(library);
    return library;
  };
  const allIds = async (library: Library): Promise<string[]> => {
    const ids: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await library.listPage({ offset, limit: 500 });
      ids.push(...page.items.map((e) => e.id));
      if (page.items.length < 500) return ids;
    }
  };

  beforeEach(async () => {
    root = await tempDir('motif-snapshot-');
    dir = join(root, 'lib');
    snapshot = join(dir, 'index.snapshot');
    index = join(dir, 'index.jsonl');
    await writeSyntheticLibrary(dir, COUNT);
    // The first open replays the journal and writes the snapshot; close waits for it.
    await (await openLibrary()).close();
  });

  afterEach(async () => {
    for (const library of open.splice(0)) await library.close();
    await rm(root, { recursive: true, force: true });
  });

  it('is written after a full replay, and a reopen from it sees exactly what the journal says', async () => {
    expect((await stat(snapshot)).size).toBeGreaterThan(0);
    const want = [...syntheticEntries(COUNT)].sort(newestFirst);
    const library = await openLibrary();
    expect(library.stats()).toMatchObject({ entries: COUNT, corruptLines: 0 });
    expect(await allIds(library)).toEqual(want.map((e) => e.id));
    expect(library.get(want[COUNT - 1]!.id)).toEqual(want[COUNT - 1]);
    expect(library.list({ text: 'unicorn neon', style: 'wedding' }).total).toBe(
      want.filter((e) => e.style === 'wedding' && e.prompt.includes('unicorn') && e.prompt.includes('neon')).length,
    );
  });

  it('replays records appended after the snapshot over it (favourites and deletes of old entries too)', async () => {
    const oldest = [...syntheticEntries(COUNT)].sort(newestFirst).slice(-3);
    let library = await openLibrary();
    await library.setFavourite(oldest[0]!.id, !oldest[0]!.favourite);
    await library.delete([oldest[1]!.id]);
    await library.close();
    library = await openLibrary(true);
    expect(library.get(oldest[1]!.id)).toBeUndefined();
    const page = await library.listPage({ favourite: !oldest[0]!.favourite, limit: 500 });
    expect(page.items.map((e) => e.id)).toContain(oldest[0]!.id);
    await library.ready();
    expect(library.stats().entries).toBe(COUNT - 1);
    expect(library.get(oldest[0]!.id)?.favourite).toBe(!oldest[0]!.favourite);
    expect(library.get(oldest[1]!.id)).toBeUndefined();
    expect(library.get(oldest[2]!.id)).toEqual(oldest[2]);
  });

  it('answers every query at once after a progressive open, while the rows are still being checked', async () => {
    const want = [...syntheticEntries(COUNT)].sort(newestFirst);
    const library = await openLibrary(true);
    // Nothing has been awaited since open resolved: the background check of the rows has not run yet.
    expect(library.stats()).toMatchObject({ entries: COUNT, snapshot: 'used' });
    const first = library.list({});
    expect(first.total).toBe(COUNT);
    expect(first.items.map((e) => e.id)).toEqual(want.slice(0, 60).map((e) => e.id));
    expect(first.items[0]).toEqual(want[0]);
    const deep = library.list({ offset: COUNT - 10, limit: 10 });
    expect(deep.items).toEqual(want.slice(COUNT - 10));
    const confetti = want.filter((e) => e.prompt.toLowerCase().includes('confetti'));
    expect(library.list({ text: 'CONFETTI', limit: 500 })).toMatchObject({ total: confetti.length });
    expect(library.list({ text: 'confetti', limit: 500 }).items.map((e) => e.id)).toEqual(confetti.slice(0, 500).map((e) => e.id));
    await library.ready();
    expect(library.notices).toEqual([]);
  });

  it('keeps rows and entries changed after open in one order: every filtered query matches a brute-force scan', async () => {
    const library = await openLibrary(true);
    const all = [...syntheticEntries(COUNT)].sort(newestFirst);
    const favourite = all[1200]!;
    await library.setFavourite(favourite.id, !favourite.favourite);
    await library.delete([all[5]!.id, all[2000]!.id]);
    const late = {
      ...all[300]!,
      id: 'late-arrival',
      prompt: 'A unicorn confetti late arrival',
      createdAt: all[300]!.createdAt,
      favourite: false,
    };
    await library.add({ bytes: await makePng(9), entry: { ...late, provider: 'local' } });
    const want = all
      .filter((e) => e.id !== all[5]!.id && e.id !== all[2000]!.id)
      .map((e) => (e.id === favourite.id ? { ...e, favourite: !e.favourite } : e));
    want.push({ ...late, provider: 'local' } as HistoryEntry);
    want.sort(newestFirst);
    const queries: LibraryQuery[] = [
      { text: 'unicorn confetti' },
      { favourite: true },
      { style: 'wedding', text: 'neon' },
      { provider: 'local', offset: 3 },
    ];
    for (const query of queries) {
      const terms = (query.text ?? '').toLowerCase().split(' ').filter(Boolean);
      const match = want.filter(
        (e) =>
          terms.every((t) => e.prompt.toLowerCase().includes(t)) &&
          (query.favourite === undefined || e.favourite === query.favourite) &&
          (query.style === undefined || e.style === query.style) &&
          (query.provider === undefined || e.provider === query.provider),
      );
      const page = await library.listPage({ ...query, limit: 500 });
      expect(page.total, JSON.stringify(query)).toBe(match.length);
      expect(page.items.map((e) => e.id)).toEqual(match.slice(query.offset ?? 0, (query.offset ?? 0) + 500).map((e) => e.id));
    }
  });

  it('never matches a search across the end of one prompt and the start of the next', async () => {
    const want = [...syntheticEntries(COUNT)].sort(newestFirst);
    const library = await openLibrary(true);
    // Prompts end "number N" and start "A …": the prompts' text runs "…number 2499a confetti…" in the snapshot.
    const newest = want[0]!.prompt.toLowerCase();
    const spanning = `${newest.split(' ').at(-1)!}${want[1]!.prompt.toLowerCase().slice(0, 1)}`;
    expect(library.list({ text: spanning }).total).toBe(0);
    expect(library.list({ text: newest.split(' ').at(-1)! }).items.map((e) => e.id)).toContain(want[0]!.id);
  });

  it('is ignored when the journal is not the one it was taken from', async () => {
    const library = await openLibrary();
    await library.close();
    // Another journal in its place: same length is no excuse (a new file, other content).
    const other = join(root, 'other.jsonl');
    await writeSyntheticLibrary(join(root, 'other'), COUNT, 7);
    await copyFile(join(root, 'other', 'index.jsonl'), other);
    await rename(other, index);
    const reopened = await openLibrary(true);
    await reopened.ready();
    const want = [...syntheticEntries(COUNT, 7)].sort(newestFirst);
    expect(await allIds(reopened)).toEqual(want.map((e) => e.id));
    expect(reopened.get(want[0]!.id)).toEqual(want[0]);
    // A cache of another journal is routine, not damage: no notice.
    expect(reopened.stats().snapshot).toBe('other-journal');
    expect(reopened.notices).toEqual([]);
  });

  it('is torn: open reads the journal instead, says so, loses nothing and writes a good snapshot again', async () => {
    const want = [...syntheticEntries(COUNT)].sort(newestFirst);
    await truncate(snapshot, Math.floor((await stat(snapshot)).size * 0.8));
    let library = await openLibrary(true);
    expect(library.stats()).toMatchObject({ entries: COUNT, snapshot: 'damaged' });
    expect(library.notices).toEqual([
      expect.objectContaining({ file: 'library/index.snapshot', message: expect.stringMatching(/rebuilt.*No image or entry was lost/) }),
    ]);
    expect(await allIds(library)).toEqual(want.map((e) => e.id));
    expect(library.get(want[7]!.id)).toEqual(want[7]);
    await library.close();
    library = await openLibrary(true);
    expect(library.stats().snapshot).toBe('used');
    expect(library.notices).toEqual([]);
  });

  it('has a damaged column: the checksum catches it at open, and the journal is read instead', async () => {
    const want = [...syntheticEntries(COUNT)].sort(newestFirst);
    await flipByte(snapshot, 'columns', 10);
    const library = await openLibrary(true);
    expect(library.stats()).toMatchObject({ entries: COUNT, snapshot: 'damaged' });
    expect(library.notices).toHaveLength(1);
    expect(await allIds(library)).toEqual(want.map((e) => e.id));
  });

  it('has a damaged row: the background check finds it, the journal is read again and nothing is lost', async () => {
    const want = [...syntheticEntries(COUNT)].sort(newestFirst);
    // Deep in the rows, far from the first page.
    await flipByte(snapshot, 'rows', 0.9);
    const library = await openLibrary(true);
    expect(library.stats().snapshot).toBe('used');
    await library.ready();
    expect(library.stats()).toMatchObject({ entries: COUNT, snapshot: 'damaged' });
    expect(library.notices.map((n) => n.file)).toEqual(['library/index.snapshot']);
    expect(await allIds(library)).toEqual(want.map((e) => e.id));
    for (const entry of want.slice(Math.floor(COUNT * 0.85))) expect(library.get(entry.id)).toEqual(entry);
  });

  it('has a damaged row that a page reads before the check: that read fails with a named error, the next one is right', async () => {
    const want = [...syntheticEntries(COUNT)].sort(newestFirst);
    // In the first row: the newest entry, on the first page.
    await flipByte(snapshot, 'rows', 5);
    const library = await openLibrary(true);
    expect(() => library.list({})).toThrow(
      expect.objectContaining({ code: 'library_corrupt', message: expect.stringMatching(/index\.snapshot/) }),
    );
    await library.ready();
    expect(library.list({}).items).toEqual(want.slice(0, 60));
    expect(library.notices).toHaveLength(1);
  });

  it('carries unreadable journal lines, so compaction still writes them back', async () => {
    await appendFile(index, '{"op":"put","entry":{"id":"torn\n');
    let library = await openLibrary();
    expect(library.stats().corruptLines).toBe(1);
    await library.close();
    // The next snapshot covers the unreadable line; reopening from it still knows about it.
    library = await openLibrary();
    await library.compact();
    await library.close();
    library = await openLibrary();
    expect(library.stats().corruptLines).toBe(1);
    expect(await readFile(index, 'utf8')).toContain('{"op":"put","entry":{"id":"torn');
  });
});

/**
 * Flips one byte of the snapshot inside a section named in its header (the
 * footer: JSON, then its length in 4 bytes): at `at` bytes in, or at that
 * fraction of the section when `at` < 1.
 */
async function flipByte(path: string, section: 'rows' | 'columns', at: number): Promise<void> {
  const data = await readFile(path);
  const headerLength = data.readUInt32LE(data.length - 4);
  const header = JSON.parse(data.subarray(data.length - 4 - headerLength, data.length - 4).toString('utf8')) as Record<
    string,
    { offset: number; bytes: number }
  >;
  const { offset, bytes } = header[section]!;
  const position = offset + (at < 1 ? Math.floor(bytes * at) : at);
  data[position] = data[position]! ^ 0x20;
  await writeFile(path, data);
}
