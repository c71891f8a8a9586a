import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library, type LibraryExternalChange } from './library.ts';
import { entryInput, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';

/**
 * Two opens of one folder stand for two Motif processes (the app and the CLI):
 * each announces itself in `locks/` and takes the write lock, as a process does.
 * What the app (`a`) sees after the CLI (`b`) changed the library.
 */
describe('a library another process changes', () => {
  let root: string;
  let dir: string;
  let a: Library;
  let b: Library;
  let changes: LibraryExternalChange[];

  beforeEach(async () => {
    root = await tempDir('motif-other-process-');
    dir = join(root, 'lib');
    changes = [];
    a = await Library.open(dir, { onExternalChange: (change) => changes.push(change) });
    b = await Library.open(dir);
  });

  afterEach(async () => {
    await a.close();
    await b.close();
    await rm(root, { recursive: true, force: true });
  });

  it("lists the other process's new entry after a refresh, and says its view changed", async () => {
    await b.add({ bytes: await makePng(1), entry: entryInput({ id: 'from-cli', prompt: 'made on the command line' }) });
    // Until it looks, the app's memory is behind: refresh() is what the service runs before every page and every few seconds.
    expect(a.get('from-cli')).toBeUndefined();
    expect(await a.refresh()).toEqual({ records: 1, reloaded: false });
    expect(changes).toEqual([{ records: 1, reloaded: false }]);
    expect(a.list({}).items.map((e) => e.id)).toEqual(['from-cli']);
    expect(await a.refresh()).toBeUndefined();
  });

  it('refuses to favourite an entry the other process deleted, and shows no ghost of it', async () => {
    await a.add({ bytes: await makePng(2), entry: entryInput({ id: 'shared', prompt: 'shared' }) });
    await b.refresh();
    await b.delete(['shared']);
    // The app has not looked yet: the entry is still in its memory when the designer clicks the star.
    expect(a.get('shared')).toBeDefined();
    await expect(a.setFavourite('shared', true)).rejects.toMatchObject({ code: 'not_found' });
    expect(a.get('shared')).toBeUndefined();
    expect(a.list({}).total).toBe(0);
    expect(changes.length).toBeGreaterThan(0);
    // The index agrees with what the app shows.
    const reopened = await Library.open(dir);
    expect(reopened.list({}).total).toBe(0);
    await reopened.close();
  });

  it('refuses to delete again what the other process deleted, and writes no second delete', async () => {
    await a.add({ bytes: await makePng(3), entry: entryInput({ id: 'gone' }) });
    await a.add({ bytes: await makePng(4), entry: entryInput({ id: 'kept' }) });
    await b.refresh();
    await b.delete(['gone']);
    await expect(a.delete(['gone', 'kept'])).rejects.toMatchObject({ code: 'not_found' });
    expect(a.get('kept')).toBeDefined();
    const dels = (await readFile(join(dir, 'index.jsonl'), 'utf8')).split('\n').filter((line) => line.includes('"op":"del"'));
    expect(dels).toHaveLength(1);
  });
});
