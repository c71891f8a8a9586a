import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryInput, LIBRARY_TEST_START, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { sha256Hex } from './durable-fs.ts';
import { importIntoLibrary, readImportFiles } from './library-import.ts';
import { Library } from './library.ts';
import { moveLibraryFolder } from './move-library.ts';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" viewBox="0 0 8 8"><path d="M0 0H8V8Z"/></svg>';
const local = { local: { model: 'procedural-v1', subjects: ['t-rex'], layout: 'scene', text: ['Emma'], ignoredWords: [] } };

/** The names of the files in a zip. */
function zipNames(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names.sort()));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('library sweeps, repairs, exports, imports and moves know SVG twins', () => {
  let root: string;
  let dir: string;
  let library: Library;
  const clock = new FakeClock(LIBRARY_TEST_START);

  beforeEach(async () => {
    root = await tempDir();
    dir = join(root, 'library');
    library = await Library.open(dir, { clock });
  });

  afterEach(async () => {
    await library.close();
    await rm(root, { recursive: true, force: true });
  });

  it('compaction sweeps a twin whose image is gone, and an orphaned image’s twin with it; an undo brings the pair back', async () => {
    const live = await library.add({ bytes: await makePng(1), svg: SVG, entry: entryInput() });
    // A twin whose image was removed by hand, and an image with its twin that no index line names (a crash).
    const lonely = sha256Hex(await makePng(50));
    await writeFile(join(dir, 'vectors', `${lonely}.svg`), SVG);
    const orphanPng = await makePng(51);
    const orphan = sha256Hex(orphanPng);
    await writeFile(join(dir, 'images', `${orphan}.png`), orphanPng);
    await writeFile(join(dir, 'vectors', `${orphan}.svg`), SVG);
    await library.compact();
    expect(await readdir(join(dir, 'vectors'))).toEqual([`${live.imageHash}.svg`]);
    const [token] = await readdir(join(dir, 'trash'));
    expect((await readdir(join(dir, 'trash', token!))).sort()).toEqual(
      [`${lonely}.svg`, `${orphan}.png`, `${orphan}.svg`, 'manifest.json'].sort(),
    );
    // The swept image's rebuilt entry claims its twin, so an undo restores both.
    expect(await library.undoDelete(token!)).toEqual({ restored: 1 });
    const restored = library.list({}).items.find((e) => e.imageHash === orphan)!;
    expect(restored.vector).toEqual({ format: 'svg', bytes: SVG.length });
    expect(await library.readVector(restored.id)).toBe(SVG);
    expect(await library.readVector(live.id)).toBe(SVG);
  });

  it('reports a missing or torn twin, keeps the image usable, and a repair stops claiming it (a torn file kept aside)', async () => {
    const gone = await library.add({ bytes: await makePng(2), svg: SVG, entry: entryInput({ prompt: 'gone' }) });
    const torn = await library.add({ bytes: await makePng(3), svg: SVG, entry: entryInput({ prompt: 'torn' }) });
    const whole = await library.add({ bytes: await makePng(4), svg: SVG, entry: entryInput({ prompt: 'whole' }) });
    await rm(join(dir, 'vectors', `${gone.imageHash}.svg`));
    await writeFile(join(dir, 'vectors', `${torn.imageHash}.svg`), SVG.slice(0, 40));
    expect(await library.check()).toMatchObject({ entries: 3, missingImages: 0, missingVectors: 1 });
    await expect(library.readVector(gone.id)).rejects.toMatchObject({ code: 'library_corrupt', message: expect.stringMatching(/missing/) });
    await expect(library.readVector(torn.id)).rejects.toMatchObject({
      code: 'library_corrupt',
      message: expect.stringMatching(/not a whole SVG/),
    });
    // The images themselves stay readable.
    expect(sha256Hex((await library.readImage(gone.id)).bytes)).toBe(gone.imageHash);
    expect(sha256Hex((await library.readImage(torn.id)).bytes)).toBe(torn.imageHash);

    expect(await library.repair()).toEqual({ recovered: 0, setAside: 0, vectorsLost: 2 });
    expect(library.get(gone.id)?.vector).toBeUndefined();
    expect(library.get(torn.id)?.vector).toBeUndefined();
    expect(library.get(whole.id)?.vector).toEqual({ format: 'svg', bytes: SVG.length });
    expect((await readdir(join(dir, 'vectors'))).sort()).toEqual([`${torn.imageHash}.svg.unreadable`, `${whole.imageHash}.svg`].sort());
    expect(await library.check()).toMatchObject({ missingVectors: 0 });
    await expect(library.readVector(gone.id)).rejects.toMatchObject({ code: 'not_found' });
    // What the repair wrote holds after reopening.
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.get(torn.id)?.vector).toBeUndefined();
    expect(await library.readVector(whole.id)).toBe(SVG);
  });

  it('exports a design’s twin beside its image, to a folder and a zip, and an import of the folder brings it back', async () => {
    const design = await library.add({
      bytes: await makePng(5),
      svg: SVG,
      entry: { ...entryInput({ prompt: 'twin' }), providerMetadata: local },
    });
    const plain = await library.add({ bytes: await makePng(6), entry: entryInput({ prompt: 'plain', provider: 'runware' }) });
    const folder = join(root, 'out');
    expect(await library.export([design.id, plain.id], { kind: 'folder', path: folder })).toMatchObject({ exported: 2 });
    const names = (await readdir(folder)).sort();
    expect(names.filter((n) => n.endsWith('.svg'))).toHaveLength(1);
    const twinName = names.find((n) => n.endsWith('.svg'))!;
    expect(names).toContain(twinName.replace(/\.svg$/, '.png'));
    expect(await readFile(join(folder, twinName), 'utf8')).toBe(SVG);
    const zip = join(root, 'out.zip');
    await library.export([design.id, plain.id], { kind: 'zip', path: zip });
    expect(await zipNames(zip)).toEqual(names);

    // Into a fresh library: the design keeps its twin, from the folder and from the zip.
    for (const source of ['folder', 'zip'] as const) {
      const other = await Library.open(join(root, `other-${source}`), { clock });
      try {
        const files =
          source === 'folder'
            ? (await readImportFiles(names.filter((n) => n.endsWith('.png')).map((n) => join(folder, n)))).files
            : [{ name: 'out.zip', bytes: new Uint8Array(await readFile(zip)) }];
        const result = await importIntoLibrary(other, files);
        expect(result.failed, source).toEqual([]);
        const twin = result.imported.find((e) => e.prompt === 'twin')!;
        expect(twin.vector, source).toEqual({ format: 'svg', bytes: SVG.length });
        expect(await other.readVector(twin.id)).toBe(SVG);
        expect(result.imported.find((e) => e.prompt === 'plain')?.vector).toBeUndefined();
      } finally {
        await other.close();
      }
    }
  });

  it('exports a design whose twin is lost without it, and the image still goes out', async () => {
    const design = await library.add({ bytes: await makePng(8), svg: SVG, entry: entryInput({ prompt: 'lost' }) });
    await rm(join(dir, 'vectors', `${design.imageHash}.svg`));
    const folder = join(root, 'lost-out');
    expect(await library.export([design.id], { kind: 'folder', path: folder })).toMatchObject({ exported: 1 });
    expect((await readdir(folder)).map((n) => n.split('.').at(-1)).sort()).toEqual(['json', 'png']);
  });

  it('moves the twins with the library folder', async () => {
    const design = await library.add({ bytes: await makePng(9), svg: SVG, entry: entryInput({ prompt: 'moving' }) });
    await library.close();
    const target = join(root, 'moved');
    await mkdir(target);
    await moveLibraryFolder(dir, target);
    library = await Library.open(target, { clock });
    expect(library.vectorPath(design.id)).toBe(join(target, 'vectors', `${design.imageHash}.svg`));
    expect(await library.readVector(design.id)).toBe(SVG);
    expect(await library.check()).toMatchObject({ entries: 1, missingVectors: 0 });
  });
});
