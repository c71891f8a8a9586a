import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryInput, LIBRARY_TEST_START, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { Library } from '../library/library.ts';
import { renderDesign } from '../providers/local/index.ts';
import { libraryPrintSource } from './library-print-source.ts';

describe('libraryPrintSource', () => {
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

  it('prints a design whose twin is torn from a redraw of its seed, and only when the redraw is the same design', async () => {
    const request = { prompt: '"Emma" dinosaur party', style: 'birthday' as const, seed: 7, width: 96, height: 96, format: 'png' as const };
    const design = await renderDesign({ ...request, layout: 'poster' });
    const entry = await library.add({
      bytes: design.bytes,
      svg: design.svg,
      entry: {
        ...entryInput({ prompt: request.prompt, style: request.style, seed: 7, width: 96, height: 96 }),
        providerMetadata: { local: { model: 'procedural-v1', ...design.report } },
      },
    });
    await writeFile(join(dir, 'vectors', `${entry.imageHash}.svg`), '<svg torn');
    const source = libraryPrintSource({
      getEntry: async (id) => library.get(id)!,
      readImage: (id) => library.readImage(id),
      readVector: (id) => library.readVector(id),
    });
    const art = await source.loadArt(entry.id);
    // Redrawn in the layout the design was drawn in (a request named it; the prompt alone says scene).
    expect(art.svg).toBe(design.svg);
    // An image the engine would not draw the same way today is never given a redrawn "original".
    const other = await library.add({
      bytes: await makePng(3, 96, 96),
      svg: design.svg,
      entry: {
        ...entryInput({ prompt: request.prompt, style: request.style, seed: 7, width: 96, height: 96 }),
        providerMetadata: entry.providerMetadata,
      },
    });
    await rm(join(dir, 'vectors', `${other.imageHash}.svg`));
    expect((await source.loadArt(other.id)).svg).toBeUndefined();
  });
});
