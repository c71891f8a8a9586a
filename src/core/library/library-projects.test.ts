import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MotifError } from '../errors/motif-error.ts';
import { Library } from './library.ts';
import { LibraryHome } from './library-home.ts';
import { entryInput, LIBRARY_TEST_START, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';

describe('Library projects and tags', () => {
  let dir: string;
  let clock: FakeClock;
  let library: Library;

  beforeEach(async () => {
    dir = await tempDir();
    clock = new FakeClock(LIBRARY_TEST_START);
    library = await Library.open(dir, { clock });
    for (const i of [1, 2, 3]) {
      await library.add({ bytes: await makePng(i), entry: entryInput({ id: `e${i}`, prompt: `design ${i}` }) });
      clock.tick(1000);
    }
  });

  afterEach(async () => {
    await library.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ids = (page: { items: readonly { id: string }[] }): string[] => page.items.map((e) => e.id);

  it('files one image in several projects, counts them, and filters the gallery by project', async () => {
    const emma = await library.projects.create("  Emma's   5th ");
    const smith = await library.projects.create('Smith wedding');
    expect(emma.name).toBe("Emma's 5th");
    await library.projects.add(emma.id, ['e1', 'e2']);
    await library.projects.add(smith.id, ['e2', 'e3']);
    expect(library.projects.list().map((p) => [p.name, p.count, p.coverEntryId])).toEqual([
      ["Emma's 5th", 2, 'e1'],
      ['Smith wedding', 2, 'e2'],
    ]);
    expect(ids(library.list({ project: emma.id }))).toEqual(['e2', 'e1']);
    expect(ids(library.list({ project: smith.id, text: 'design 3' }))).toEqual(['e3']);
    expect(library.get('e2')?.projectIds?.sort()).toEqual([emma.id, smith.id].sort());
    expect(library.list({ project: smith.id }).total).toBe(2);
  });

  it('chooses a cover, falls back to the first image filed, and never deletes images with a project', async () => {
    const project = await library.projects.create('Smith wedding');
    await library.projects.add(project.id, ['e3', 'e1']);
    expect((await library.projects.setCover(project.id, 'e1')).coverEntryId).toBe('e1');
    await expect(library.projects.setCover(project.id, 'e2')).rejects.toMatchObject({ code: 'invalid_request' });
    await library.delete(['e1']);
    expect(library.projects.get(project.id)).toMatchObject({ count: 1, coverEntryId: 'e3' });
    await library.projects.delete(project.id);
    expect(library.projects.list()).toEqual([]);
    expect(library.list({}).total).toBe(2);
    await expect(Promise.resolve().then(() => library.list({ project: project.id }))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('brings an image back into its projects when its delete is undone', async () => {
    const project = await library.projects.create('Party');
    await library.projects.add(project.id, ['e2']);
    await library.projects.setTags('e2', ['Gold', 'gold ', 'balloons']);
    const { undoToken } = await library.delete(['e2']);
    expect(library.projects.get(project.id).count).toBe(0);
    expect(library.projects.tagCounts()).toEqual([]);
    await library.undoDelete(undoToken);
    expect(library.projects.get(project.id).count).toBe(1);
    expect(library.get('e2')?.tags).toEqual(['gold', 'balloons']);
  });

  it('renames, refuses duplicate or empty names, and rejects unknown images', async () => {
    const a = await library.projects.create('Birthday');
    await library.projects.create('Baby shower');
    await expect(library.projects.create('birthday')).rejects.toMatchObject({ code: 'invalid_request', param: 'name' });
    await expect(library.projects.create('   ')).rejects.toMatchObject({ code: 'invalid_request', param: 'name' });
    await expect(library.projects.rename(a.id, 'baby SHOWER')).rejects.toBeInstanceOf(MotifError);
    expect((await library.projects.rename(a.id, 'BIRTHDAY')).name).toBe('BIRTHDAY');
    await expect(library.projects.add(a.id, ['nope'])).rejects.toMatchObject({ code: 'not_found' });
    await expect(library.projects.add('missing', ['e1'])).rejects.toMatchObject({ code: 'not_found' });
  });

  it('tags images, filters by tag and counts tags for autocomplete', async () => {
    expect(await library.projects.setTags('e1', ['Gold Foil', 'kids'])).toEqual(['gold foil', 'kids']);
    await library.projects.setTags('e2', ['kids']);
    expect(ids(library.list({ tag: 'KIDS' }))).toEqual(['e2', 'e1']);
    expect(ids(library.list({ tag: 'gold  foil' }))).toEqual(['e1']);
    expect(library.projects.tagCounts()).toEqual([
      { tag: 'kids', count: 2 },
      { tag: 'gold foil', count: 1 },
    ]);
    await library.projects.setTags('e1', []);
    expect(library.get('e1')?.tags).toBeUndefined();
    await expect(library.projects.setTags('e1', ['<script>'])).rejects.toMatchObject({ code: 'invalid_request', param: 'tags' });
    await expect(
      library.projects.setTags(
        'e1',
        Array.from({ length: 31 }, (_, i) => `t${i}`),
      ),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('keeps projects and tags across a restart and a rebuild of a lost index from the sidecars', async () => {
    const project = await library.projects.create('Smith wedding');
    await library.projects.add(project.id, ['e1', 'e3']);
    await library.projects.setTags('e3', ['navy']);
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.projects.get(project.id)).toMatchObject({ name: 'Smith wedding', count: 2 });
    await library.close();
    await writeFile(join(dir, 'index.jsonl'), '');
    library = await Library.open(dir, { clock });
    expect((await library.check()).rebuiltFromFiles).toBe(3);
    expect(ids(library.list({ project: project.id }))).toEqual(['e3', 'e1']);
    expect(library.get('e3')?.tags).toEqual(['navy']);
  });

  it('keeps projects when the library moves to another folder', async () => {
    const project = await library.projects.create('Moving day');
    await library.projects.add(project.id, ['e2']);
    const home = new LibraryHome(library, clock);
    const target = await tempDir();
    try {
      await home.move(target, () => undefined);
      library = home.current();
      expect(library.projects.get(project.id).count).toBe(1);
      expect(ids(library.list({ project: project.id }))).toEqual(['e2']);
    } finally {
      await home.close();
      library = await Library.open(dir, { clock });
      await rm(target, { recursive: true, force: true });
    }
  });

  it('keeps unreadable project lines, reports them, and sets them aside on repair', async () => {
    const project = await library.projects.create('Keep me');
    await library.projects.add(project.id, ['e1']);
    await library.close();
    const torn = '{"op":"file","project":"x","ids":["e';
    await appendFile(join(dir, 'projects.jsonl'), `not json at all\n${torn}`);
    library = await Library.open(dir, { clock });
    expect(library.projects.get(project.id).count).toBe(1);
    expect((await library.check()).unreadableLines).toBe(2);
    // A change after a torn tail starts on a fresh line and survives the next open.
    const other = await library.projects.create('After the tear');
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.projects.list().map((p) => p.id)).toContain(other.id);
    expect(await library.repair()).toMatchObject({ setAside: 2 });
    expect(await readFile(join(dir, 'projects-corrupt-lines.jsonl'), 'utf8')).toBe(`not json at all\n${torn}\n`);
    expect((await library.check()).unreadableLines).toBe(0);
    expect(library.projects.list()).toHaveLength(2);
  });
});
