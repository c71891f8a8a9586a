import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from './library.ts';
import { entryInput, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';

/** Issue 15, M3/L7: the library folder is Motif's alone. */
describe('The library folder is Motif’s alone', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a non-empty folder that is not a library, and never empties its tmp/', async () => {
    const victim = join(dir, 'victim');
    await mkdir(join(victim, 'tmp', 'project'), { recursive: true });
    await writeFile(join(victim, 'tmp', 'project', 'notes.txt'), 'my notes');
    await expect(Library.open(victim)).rejects.toMatchObject({ code: 'library_not_motif', param: 'libraryDir' });
    expect(await readFile(join(victim, 'tmp', 'project', 'notes.txt'), 'utf8')).toBe('my notes');
  });

  it('reports a missing chosen folder (an unplugged drive) instead of recreating it', async () => {
    const gone = join(dir, 'usb-drive', 'Motif library');
    await expect(Library.open(gone, { create: false })).rejects.toMatchObject({ code: 'library_missing' });
    await expect(readFile(join(gone, 'index.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('opens an empty folder, an existing library, and creates the default location', async () => {
    const fresh = join(dir, 'default');
    const library = await Library.open(fresh);
    await library.add({ bytes: await makePng(1), entry: entryInput({ id: 'a' }) });
    await library.close();
    const again = await Library.open(fresh, { create: false });
    expect(again.stats().entries).toBe(1);
    await again.close();
    await mkdir(join(dir, 'empty'));
    await (await Library.open(join(dir, 'empty'), { create: false })).close();
  });
});
