import { access, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library, DEFAULT_UNDO_WINDOW_MS } from './library.ts';
import { sha256Hex } from './durable-fs.ts';
import { entryInput, LIBRARY_TEST_START, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';

const present = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

describe('Library delete, undo and trash', () => {
  let dir: string;
  let clock: FakeClock;
  let library: Library;

  beforeEach(async () => {
    dir = await tempDir();
    clock = new FakeClock(LIBRARY_TEST_START);
    library = await Library.open(dir, { clock });
  });

  afterEach(async () => {
    await library.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function add(id: string, seed: number): Promise<void> {
    await library.add({ bytes: await makePng(seed), entry: entryInput({ id, prompt: `prompt ${id}` }) });
    clock.tick(1000);
  }

  it('removes the entries and moves their image and thumbnail to the trash', async () => {
    await add('a', 1);
    await add('b', 2);
    const imageA = library.imagePath('a');
    const thumbA = library.thumbnailPath('a');
    const { undoToken, deleted } = await library.delete(['a']);
    expect(deleted).toBe(1);
    expect(library.get('a')).toBeUndefined();
    expect(library.list({}).items.map((e) => e.id)).toEqual(['b']);
    expect(await present(imageA)).toBe(false);
    expect(await present(thumbA)).toBe(false);
    // b's image and sidecar stay; a's image, thumbnail and sidecar wait in the trash with the manifest.
    expect(await readdir(join(dir, 'images'))).toHaveLength(2);
    expect(await readdir(join(dir, 'thumbs'))).toHaveLength(1);
    expect((await readdir(join(dir, 'trash', undoToken))).sort()).toHaveLength(4);
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.get('a')).toBeUndefined();
    expect(library.stats().entries).toBe(1);
  });

  it('undo brings entries and files back, also after a reopen', async () => {
    await add('a', 1);
    await add('b', 2);
    await library.setFavourite('a', true);
    const before = library.get('a')!;
    const bytes = await readFile(library.imagePath('a'));
    const { undoToken } = await library.delete(['a', 'b', 'a']);
    expect(library.stats().entries).toBe(0);
    await library.close();
    clock.tick(60_000);
    library = await Library.open(dir, { clock });
    expect(await library.undoDelete(undoToken)).toEqual({ restored: 2 });
    expect(library.get('a')).toEqual(before);
    expect(library.list({}).items.map((e) => e.id)).toEqual(['b', 'a']);
    expect(sha256Hex(await readFile(library.imagePath('a')))).toBe(before.imageHash);
    expect(new Uint8Array(await readFile(library.imagePath('a')))).toEqual(new Uint8Array(bytes));
    expect(await present(library.thumbnailPath('b'))).toBe(true);
    expect(await readdir(join(dir, 'trash'))).toEqual([]);
    await expect(library.undoDelete(undoToken)).rejects.toMatchObject({ code: 'not_found' });
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.list({}).items.map((e) => e.id)).toEqual(['b', 'a']);
    expect(library.get('a')!.favourite).toBe(true);
  });

  it('keeps a file that another live entry shares, and undo still works after both are deleted', async () => {
    const bytes = await makePng(9);
    await library.add({ bytes, entry: entryInput({ id: 'x' }) });
    await library.add({ bytes, entry: entryInput({ id: 'y' }) });
    const path = library.imagePath('x');
    const first = await library.delete(['x']);
    expect(await present(path)).toBe(true);
    const second = await library.delete(['y']);
    expect(await present(path)).toBe(false);
    expect(await library.undoDelete(first.undoToken)).toEqual({ restored: 1 });
    expect(sha256Hex(await readFile(library.imagePath('x')))).toBe(sha256Hex(bytes));
    expect(await library.undoDelete(second.undoToken)).toEqual({ restored: 1 });
    expect(library.stats().entries).toBe(2);
    expect((await readdir(join(dir, 'images'))).filter((name) => !name.endsWith('.json'))).toHaveLength(1);
  });

  it('refuses undo after the window and purges old trash with its files', async () => {
    await add('a', 1);
    await add('b', 2);
    const hashA = library.get('a')!.imageHash;
    const { undoToken } = await library.delete(['a']);
    clock.tick(DEFAULT_UNDO_WINDOW_MS);
    await expect(library.undoDelete(undoToken)).rejects.toMatchObject({ code: 'not_found', param: 'undoToken' });
    await library.purgeTrash();
    expect(await readdir(join(dir, 'trash'))).toEqual([]);
    expect((await readdir(join(dir, 'images'))).some((name) => name.startsWith(hashA))).toBe(false);
    expect(library.stats().entries).toBe(1);
  });

  it('purges expired trash at open and keeps recent trash', async () => {
    await add('a', 1);
    await add('b', 2);
    const old = await library.delete(['a']);
    clock.tick(DEFAULT_UNDO_WINDOW_MS - 60_000);
    const recent = await library.delete(['b']);
    await library.close();
    clock.tick(120_000);
    library = await Library.open(dir, { clock });
    expect(await readdir(join(dir, 'trash'))).toEqual([recent.undoToken]);
    await expect(library.undoDelete(old.undoToken)).rejects.toMatchObject({ code: 'not_found' });
    expect(await library.undoDelete(recent.undoToken)).toEqual({ restored: 1 });
  });

  it('purgeTrash(0) empties the whole trash', async () => {
    await add('a', 1);
    await library.delete(['a']);
    await library.purgeTrash(0);
    expect(await readdir(join(dir, 'trash'))).toEqual([]);
    expect(await readdir(join(dir, 'images'))).toEqual([]);
  });

  it('cleans image files a crashed delete left behind once their trash expires', async () => {
    await add('a', 1);
    const path = library.imagePath('a');
    const bytes = await readFile(path);
    const { undoToken } = await library.delete(['a']);
    // Simulate a crash after the `del` record but before the file moved: put the file back in images/.
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, bytes);
    await rm(join(dir, 'trash', undoToken, `${sha256Hex(bytes)}.png`));
    clock.tick(DEFAULT_UNDO_WINDOW_MS);
    await library.close();
    library = await Library.open(dir, { clock });
    expect(await present(path)).toBe(false);
  });

  it('validates delete and undo arguments', async () => {
    await add('a', 1);
    await expect(library.delete([])).rejects.toMatchObject({ code: 'invalid_request', param: 'ids' });
    await expect(library.delete(['a', 'missing'])).rejects.toMatchObject({ code: 'not_found' });
    expect(library.get('a')).toBeDefined();
    await expect(library.undoDelete('../../etc')).rejects.toMatchObject({ code: 'not_found' });
    await expect(library.undoDelete(42 as never)).rejects.toMatchObject({ code: 'invalid_request', param: 'undoToken' });
  });
});
