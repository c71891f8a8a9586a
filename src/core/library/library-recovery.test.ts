import { readdir, readFile, rm, truncate, writeFile, appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from './library.ts';
import { sha256Hex } from './durable-fs.ts';
import { entryInput, LIBRARY_TEST_START, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';

describe('Library recovery and compaction', () => {
  let dir: string;
  let clock: FakeClock;
  let library: Library;
  let index: string;

  beforeEach(async () => {
    dir = await tempDir();
    index = join(dir, 'index.jsonl');
    clock = new FakeClock(LIBRARY_TEST_START);
    library = await Library.open(dir, { clock });
  });

  afterEach(async () => {
    await library.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function addMany(count: number, from = 0): Promise<void> {
    for (let i = from; i < from + count; i++) {
      await library.add({ bytes: await makePng(i), entry: entryInput({ id: `e${i}`, prompt: `entry ${i}` }) });
      clock.tick(1000);
    }
  }

  const ids = (): string[] => library.list({ limit: 500 }).items.map((e) => e.id);

  it('skips and counts a corrupt line in the middle and a torn tail, keeping every other entry', async () => {
    await addMany(5);
    await library.close();
    const lines = (await readFile(index, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(5);
    const corrupt = [
      lines[0],
      lines[1],
      '{"op":"put","entry":{"id":"broken"', // not JSON
      '{"op":"put","entry":{"id":"bad","jobId":"j"}}', // JSON but not a valid record
      '\u0000\u0000\u0000',
      lines[2],
      lines[3],
      lines[4]!.slice(0, 40), // the last write was torn
    ].join('\n');
    await writeFile(index, corrupt);
    library = await Library.open(dir, { clock });
    expect(library.stats()).toMatchObject({ entries: 4, corruptLines: 4 });
    expect(ids()).toEqual(['e3', 'e2', 'e1', 'e0']);
    for (const id of ids()) expect(sha256Hex(await readFile(library.imagePath(id)))).toBe(library.get(id)!.imageHash);

    // New appends after the torn tail start on a fresh line and read back.
    await addMany(2, 10);
    await library.setFavourite('e0', true);
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.stats()).toMatchObject({ entries: 6, corruptLines: 4 });
    expect(ids()).toEqual(['e11', 'e10', 'e3', 'e2', 'e1', 'e0']);
    expect(library.get('e0')!.favourite).toBe(true);
  });

  it('reads a last line that lacks only its newline', async () => {
    await addMany(2);
    await library.close();
    const text = await readFile(index, 'utf8');
    await writeFile(index, text.slice(0, -1));
    library = await Library.open(dir, { clock });
    expect(library.stats()).toMatchObject({ entries: 2, corruptLines: 0 });
    await addMany(1, 5);
    await library.close();
    library = await Library.open(dir, { clock });
    expect(ids()).toEqual(['e5', 'e1', 'e0']);
  });

  it('survives a truncation inside a multi-byte character', async () => {
    await library.add({ bytes: await makePng(1), entry: entryInput({ id: 'ok', prompt: 'fête' }) });
    await library.add({ bytes: await makePng(2), entry: entryInput({ id: 'torn', prompt: 'ééééééééééééééééééééééééééééééé' }) });
    await library.close();
    const size = (await readFile(index)).length;
    const buffer = await readFile(index);
    const cut = buffer.lastIndexOf(Buffer.from('é')) + 1; // half of a two-byte character
    await truncate(index, cut);
    expect(cut).toBeLessThan(size);
    library = await Library.open(dir, { clock });
    expect(library.stats()).toMatchObject({ entries: 1, corruptLines: 1 });
    expect(library.get('ok')!.prompt).toBe('fête');
  });

  it('opens without reading image files', async () => {
    await addMany(3);
    await library.close();
    await rm(join(dir, 'images'), { recursive: true });
    await rm(join(dir, 'thumbs'), { recursive: true });
    library = await Library.open(dir, { clock });
    expect(ids()).toEqual(['e2', 'e1', 'e0']);
  });

  it('cleans stray temp files at open', async () => {
    await addMany(1);
    await library.close();
    await writeFile(join(dir, 'tmp', 'tmp-abc-deadbeef.png'), 'half an image');
    await mkdir(join(dir, 'tmp', 'tmp-odd-dir'));
    library = await Library.open(dir, { clock });
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect(library.stats().entries).toBe(1);
  });

  it('compacts on demand, keeping the live set, favourites and pending undo', async () => {
    await addMany(6);
    await library.setFavourite('e1', true);
    await library.setFavourite('e2', true);
    await library.setFavourite('e2', false);
    const { undoToken } = await library.delete(['e3', 'e4']);
    const before = library.stats();
    expect(before.deadRecords).toBe(6 + 3 + 1 - 4);
    const live = library.list({}).items;
    await library.compact();
    const after = library.stats();
    expect(after).toMatchObject({ entries: 4, deadRecords: 0, corruptLines: 0 });
    expect(after.indexBytes).toBeLessThan(before.indexBytes);
    expect((await readFile(index, 'utf8')).split('\n').filter(Boolean)).toHaveLength(4);
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.list({}).items).toEqual(live);
    expect(library.get('e1')!.favourite).toBe(true);
    expect(await library.undoDelete(undoToken)).toEqual({ restored: 2 });
    expect(ids()).toEqual(['e5', 'e4', 'e3', 'e2', 'e1', 'e0']);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('compaction sets aside image files a crash left without an entry, and nothing else', async () => {
    await addMany(2);
    const { undoToken } = await library.delete(['e0']);
    const orphan = sha256Hex(await makePng(99));
    await writeFile(join(dir, 'images', `${orphan}.png`), await makePng(99));
    await writeFile(join(dir, 'thumbs', `${orphan}.webp`), 'thumb');
    await writeFile(join(dir, 'images', 'notes.txt'), 'not ours');
    await library.compact();
    const live = library.get('e1')!.imageHash;
    expect((await readdir(join(dir, 'images'))).sort()).toEqual([`${live}.json`, `${live}.png`, 'notes.txt'].sort());
    expect(await readdir(join(dir, 'thumbs'))).toEqual([`${live}.webp`]);
    const swept = (await readdir(join(dir, 'trash'))).find((token) => token !== undoToken)!;
    expect((await readdir(join(dir, 'trash', swept))).sort()).toEqual([`${orphan}.png`, `${orphan}.thumb.webp`, 'manifest.json'].sort());
    expect(await library.undoDelete(undoToken)).toEqual({ restored: 1 });
    expect(sha256Hex(await readFile(library.imagePath('e0')))).toBe(library.get('e0')!.imageHash);
  });

  it('compacts by itself once dead records pass the threshold', async () => {
    await library.close();
    library = await Library.open(dir, { clock, compactMinDeadRecords: 5 });
    await addMany(2);
    for (let i = 0; i < 3; i++) {
      await library.setFavourite('e0', true);
      await library.setFavourite('e0', false);
    }
    // 2 puts + 5 favs: 5 dead records >= 5 and > 2 live, so the 5th fav compacted; the 6th is dead again.
    expect(library.stats()).toMatchObject({ entries: 2, deadRecords: 1 });
    expect((await readFile(index, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
    expect(library.get('e0')!.favourite).toBe(false);
    await library.close();
    library = await Library.open(dir, { clock });
    expect(ids()).toEqual(['e1', 'e0']);
  });

  it('compacts at open when the log has too many dead records', async () => {
    await addMany(2);
    for (let i = 0; i < 4; i++) await library.setFavourite('e1', i % 2 === 0);
    await library.close();
    library = await Library.open(dir, { clock, compactMinDeadRecords: 3 });
    expect(library.stats().deadRecords).toBe(0);
    expect(ids()).toEqual(['e1', 'e0']);
  });

  it('keeps unreadable lines through compaction until a repair sets them aside', async () => {
    await addMany(2);
    await library.close();
    await appendFile(index, '{"garbage":\n');
    library = await Library.open(dir, { clock });
    expect(library.stats().corruptLines).toBe(1);
    await library.compact();
    expect(library.stats().corruptLines).toBe(1);
    expect(await readFile(index, 'utf8')).toMatch(/^\{"garbage":\n/);
    expect(await library.repair()).toEqual({ recovered: 0, setAside: 1, vectorsLost: 0 });
    expect(await readFile(join(dir, 'index-corrupt-lines.jsonl'), 'utf8')).toBe('{"garbage":\n');
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.stats()).toMatchObject({ entries: 2, corruptLines: 0 });
  });
});
