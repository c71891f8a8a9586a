import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryInput, LIBRARY_TEST_START, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { Library } from './library.ts';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" viewBox="0 0 8 8"><path d="M0 0H8V8Z"/></svg>';
const local = { local: { model: 'procedural-v1', subjects: ['t-rex'], layout: 'scene', text: ['Emma'], ignoredWords: ['jurassic'] } };

describe('Library vector twins', () => {
  let dir: string;
  let library: Library;

  beforeEach(async () => {
    dir = await tempDir();
    library = await Library.open(dir, { clock: new FakeClock(LIBRARY_TEST_START) });
  });

  afterEach(async () => {
    await library.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('saves an offline design’s SVG with its image and its report, and finds both after reopening', async () => {
    const entry = await library.add({
      bytes: await makePng(1),
      svg: SVG,
      entry: { ...entryInput({ prompt: 'dinosaurs' }), providerMetadata: local },
    });
    expect(entry.vector).toEqual({ format: 'svg', bytes: Buffer.byteLength(SVG) });
    expect(library.vectorPath(entry.id)).toBe(join(dir, 'vectors', `${entry.imageHash}.svg`));
    expect(await readFile(join(dir, 'vectors', `${entry.imageHash}.svg`), 'utf8')).toBe(SVG);
    await library.close();
    library = await Library.open(dir, { clock: new FakeClock(LIBRARY_TEST_START) });
    const again = library.get(entry.id);
    expect(again?.providerMetadata).toEqual(local);
    expect(await library.readVector(entry.id)).toBe(SVG);
  });

  it('has no vector for an image drawn without one, and says so by name', async () => {
    const entry = await library.add({ bytes: await makePng(2), entry: entryInput({ prompt: 'balloons' }) });
    expect(entry.vector).toBeUndefined();
    expect(library.vectorPath(entry.id)).toBeUndefined();
    await expect(library.readVector(entry.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a vector twin that is not an SVG document', async () => {
    await expect(library.add({ bytes: await makePng(3), svg: '<html></html>', entry: entryInput({ prompt: 'x' }) })).rejects.toMatchObject({
      code: 'invalid_request',
      param: 'svg',
    });
  });

  it('moves the SVG twin to the trash with its image on delete, and brings it back on undo', async () => {
    const entry = await library.add({
      bytes: await makePng(2),
      svg: SVG,
      entry: { ...entryInput({ prompt: 'stars' }), providerMetadata: local },
    });
    const twin = join(dir, 'vectors', `${entry.imageHash}.svg`);
    const { undoToken } = await library.delete([entry.id]);
    await expect(readFile(twin, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(join(dir, 'trash', undoToken, `${entry.imageHash}.svg`), 'utf8')).toBe(SVG);
    await library.undoDelete(undoToken);
    expect(await readFile(twin, 'utf8')).toBe(SVG);
    expect(await library.readVector(entry.id)).toBe(SVG);
  });
});
