import { appendFile, copyFile, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from './library.ts';
import type { HistoryEntry } from '../contract/history-entry.ts';
import { syntheticEntries, writeSyntheticLibrary } from '../../../test/integration/fixtures/library-scale-check.ts';
import { tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';

/** More entries than the snapshot's head (600), so a progressive open has a rest to load. */
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

  it('serves the newest page with the exact total before the rest has loaded', async () => {
    const want = [...syntheticEntries(COUNT)].sort(newestFirst);
    const library = await openLibrary(true);
    // The rest loads on later turns of the event loop; nothing has been awaited since open resolved.
    expect(() => library.list({ text: 'confetti' })).toThrow(/still loading/);
    const first = library.list({});
    expect(first.total).toBe(COUNT);
    expect(first.items.map((e) => e.id)).toEqual(want.slice(0, 60).map((e) => e.id));
    // A query past the head waits for the load instead of answering from part of the index.
    const deep = await library.listPage({ offset: COUNT - 10, limit: 10 });
    expect(deep.items.map((e) => e.id)).toEqual(want.slice(COUNT - 10).map((e) => e.id));
    expect(library.list({ text: 'confetti' }).total).toBe(want.filter((e) => e.prompt.includes('confetti')).length);
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
  });

  it('falls back to the journal when the snapshot is torn or corrupt, and writes a good one again', async () => {
    const want = [...syntheticEntries(COUNT)].sort(newestFirst).map((e) => e.id);
    // Torn in the middle of the rest: the head reads, the rest does not.
    await truncate(snapshot, Math.floor((await stat(snapshot)).size * 0.8));
    let library = await openLibrary(true);
    expect(await allIds(library)).toEqual(want);
    await library.close();
    // Garbage in the head: the snapshot is not used at all.
    const text = await readFile(snapshot, 'utf8');
    const lines = text.split('\n');
    lines[5] = '{"id": "s000001", not json';
    await writeFile(snapshot, lines.join('\n'));
    library = await openLibrary(true);
    expect(await allIds(library)).toEqual(want);
    await library.close();
    expect((await readFile(snapshot, 'utf8')).split('\n')[5]).not.toContain('not json');
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
