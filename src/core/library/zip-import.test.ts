import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import yazl from 'yazl';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from './library.ts';
import { importIntoLibrary } from './library-import.ts';
import { fileWithSettings, settingsOfEntry } from './metadata/index.ts';
import { entryInput, LIBRARY_TEST_START, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';

/** A zip built in memory: `[name, bytes]` pairs, deflated. */
async function makeZip(files: readonly (readonly [string, Uint8Array | string])[]): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of files) zip.addBuffer(Buffer.from(bytes), name, { mtime: new Date(LIBRARY_TEST_START) });
  zip.end();
  return new Uint8Array(await buffer(zip.outputStream));
}

/** Overwrites every occurrence of `from` with `to` (same length): a name in both headers, or a size field. */
function patch(zip: Uint8Array, from: string, to: string): Uint8Array {
  const bytes = Buffer.from(zip);
  for (let at = bytes.indexOf(from); at !== -1; at = bytes.indexOf(from, at + 1)) bytes.write(to, at, 'latin1');
  return new Uint8Array(bytes);
}

/** Sets the uncompressed size every central directory record declares (what yauzl trusts, then holds each entry to). */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const bytes = Buffer.from(zip);
  for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 1, 2])); at !== -1; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 1, 2]), at + 4))
    bytes.writeUInt32LE(size, at + 24);
  return new Uint8Array(bytes);
}

describe('importing a zip', () => {
  let dir: string;
  let source: Library;
  let target: Library;

  beforeEach(async () => {
    dir = await tempDir('motif-zip-import-');
    const clock = new FakeClock(LIBRARY_TEST_START);
    source = await Library.open(join(dir, 'source'), { clock });
    target = await Library.open(join(dir, 'target'), { clock });
  });

  afterEach(async () => {
    await Promise.all([source.close(), target.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it("brings in a Motif project export with each image's settings, tags and projects", async () => {
    for (const n of [1, 2])
      await source.add({ bytes: await makePng(n), entry: entryInput({ id: `e${n}`, prompt: `gold balloons ${n}`, seed: 40 + n }) });
    const project = await source.projects.create("Emma's 5th");
    await source.projects.add(project.id, ['e1', 'e2']);
    await source.projects.setTags('e2', ['gold']);
    const out = join(dir, 'emma.zip');
    await source.export(['e1', 'e2'], { kind: 'zip', path: out }, (bytes, entry) =>
      fileWithSettings(bytes, entry.format, settingsOfEntry(entry, '0.1.0')),
    );

    const result = await importIntoLibrary(target, [{ name: 'emma.zip', bytes: new Uint8Array(await readFile(out)) }]);

    expect(result.failed).toEqual([]);
    expect(result.imported.map((e) => [e.prompt, e.seed]).sort()).toEqual([
      ['gold balloons 1', 41],
      ['gold balloons 2', 42],
    ]);
    const [restored] = target.projects.list();
    expect([restored?.name, restored?.count]).toEqual(["Emma's 5th", 2]);
    expect(target.list({ tag: 'gold' }).items.map((e) => e.prompt)).toEqual(['gold balloons 2']);
  });

  it("brings in a client's zipped folder of images under their names, skipping what is not an image", async () => {
    const jpeg = new Uint8Array(
      await sharp(await makePng(3))
        .jpeg()
        .toBuffer(),
    );
    const zip = await makeZip([
      ['Smith wedding/table-card.png', await makePng(4)],
      ['Smith wedding/photos/arch_flowers.jpg', jpeg],
      ['Smith wedding/notes.txt', 'colours: sage and gold'],
      ['__MACOSX/Smith wedding/._table-card.png', 'resource fork'],
    ]);
    const result = await importIntoLibrary(target, [{ name: 'smith.zip', bytes: zip }]);
    expect(result.failed).toEqual([]);
    expect(result.imported.map((e) => [e.prompt, e.format]).sort()).toEqual([
      ['arch flowers', 'jpeg'],
      ['table card', 'png'],
    ]);
  });

  it('refuses an entry named outside the zip (path traversal) with zip_unsafe_path, importing nothing', async () => {
    const zip = patch(
      await makeZip([
        ['ok.png', await makePng(5)],
        ['xx/xx/evil.png', await makePng(6)],
      ]),
      'xx/xx/',
      '../../',
    );
    const result = await importIntoLibrary(target, [{ name: 'client.zip', bytes: zip }]);
    expect(result.imported).toEqual([]);
    expect(result.failed).toEqual([expect.objectContaining({ name: 'client.zip', code: 'zip_unsafe_path' })]);
    expect(result.failed[0]?.message).toContain('../../evil.png');
    expect(target.list({}).total).toBe(0);
  });

  it('refuses a zip bomb with zip_too_large before unpacking it: declared sizes, too many entries, or an entry that lies', async () => {
    const png = await makePng(7);
    // Three entries that each claim 1.5 GB: far past the 2 GB an import unpacks.
    const claims = declareSize(
      await makeZip([
        ['a.png', png],
        ['b.png', png],
        ['c.png', png],
      ]),
      1_500_000_000,
    );
    const big = await importIntoLibrary(target, [{ name: 'bomb.zip', bytes: claims }]);
    expect(big.failed).toEqual([expect.objectContaining({ name: 'bomb.zip', code: 'zip_too_large' })]);

    const many = await importIntoLibrary(
      target,
      [
        {
          name: 'many.zip',
          bytes: await makeZip([
            ['a.png', png],
            ['b.png', png],
            ['c.png', png],
          ]),
        },
      ],
      {
        zipLimits: { maxZipEntries: 2, maxZipUnpackedBytes: 1e9, maxBytes: 1e9 },
      },
    );
    expect(many.failed).toEqual([expect.objectContaining({ code: 'zip_too_large' })]);

    // 4 MB of zeros that claims to be 100 bytes: unpacking stops as soon as it passes what was declared.
    const liar = declareSize(await makeZip([['zeros.png', new Uint8Array(4 * 1024 * 1024)]]), 100);
    const lied = await importIntoLibrary(target, [{ name: 'liar.zip', bytes: liar }]);
    expect(lied.failed).toEqual([expect.objectContaining({ name: 'liar.zip', code: 'zip_too_large' })]);
    expect(target.list({}).total).toBe(0);
  });

  it('reports a damaged zip and one with no images by name, and still imports the other files', async () => {
    const zip = await makeZip([['a.png', await makePng(8)]]);
    const result = await importIntoLibrary(target, [
      { name: 'cut.zip', bytes: zip.subarray(0, zip.byteLength - 30) },
      { name: 'notes.zip', bytes: await makeZip([['notes.txt', 'hello']]) },
      { name: 'loose.png', bytes: await makePng(9) },
    ]);
    expect(result.failed.map((f) => [f.name, f.code])).toEqual([
      ['cut.zip', 'invalid_zip'],
      ['notes.zip', 'invalid_zip'],
    ]);
    expect(result.imported.map((e) => e.prompt)).toEqual(['loose']);
  });
});
