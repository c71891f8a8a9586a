import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from './library.ts';
import { exportBaseName } from './library-export.ts';
import { historyEntrySchema } from '../contract/history-entry.ts';
import { sha256Hex } from './durable-fs.ts';
import { entryInput, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';

/** A minimal zip reader: the central directory, then each entry's local data (stored or deflated). */
function readZip(zip: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = zip.length - 22; i >= 0; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error('bad local header');
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

describe('Library export', () => {
  let dir: string;
  let library: Library;

  beforeEach(async () => {
    dir = await tempDir();
    const clock = new FakeClock(Date.UTC(2026, 10, 26, 9, 30));
    library = await Library.open(join(dir, 'lib'), { clock });
    await library.add({ bytes: await makePng(1), entry: entryInput({ id: 'a1b2c3d4-0000-4000-8000-000000000001', style: 'party' }) });
    await library.add({ bytes: await makePng(2), entry: entryInput({ id: 'ffee0011-0000-4000-8000-000000000002', style: 'wedding' }) });
    await library.add({ bytes: await makePng(3), entry: entryInput({ id: 'a1b2c3d4-9999-4000-8000-000000000003', style: 'party' }) });
  });

  afterEach(async () => {
    await library.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('names files by date, style and short id', () => {
    expect(exportBaseName(library.get('a1b2c3d4-0000-4000-8000-000000000001')!)).toBe('2026-11-26_party_a1b2c3d4');
  });

  it('exports images and JSON sidecars to a folder, never overwriting', async () => {
    const ids = ['a1b2c3d4-0000-4000-8000-000000000001', 'ffee0011-0000-4000-8000-000000000002', 'a1b2c3d4-9999-4000-8000-000000000003'];
    const out = join(dir, 'out');
    expect(await library.export(ids, { kind: 'folder', path: out })).toEqual({ path: out, exported: 3 });
    expect((await readdir(out)).sort()).toEqual([
      '2026-11-26_party_a1b2c3d4-2.json',
      '2026-11-26_party_a1b2c3d4-2.png',
      '2026-11-26_party_a1b2c3d4.json',
      '2026-11-26_party_a1b2c3d4.png',
      '2026-11-26_wedding_ffee0011.json',
      '2026-11-26_wedding_ffee0011.png',
    ]);
    const sidecar = historyEntrySchema.parse(JSON.parse(await readFile(join(out, '2026-11-26_wedding_ffee0011.json'), 'utf8')));
    expect(sidecar).toEqual(library.get(ids[1]!));
    expect(sha256Hex(await readFile(join(out, '2026-11-26_wedding_ffee0011.png')))).toBe(sidecar.imageHash);
    await writeFile(join(out, 'keep.txt'), 'mine');
    await library.export([ids[1]!], { kind: 'folder', path: out });
    expect(await readdir(out)).toContain('2026-11-26_wedding_ffee0011-2.png');
    expect(await readFile(join(out, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('exports a zip whose central directory lists every file', async () => {
    const ids = ['a1b2c3d4-0000-4000-8000-000000000001', 'ffee0011-0000-4000-8000-000000000002'];
    const path = join(dir, 'exports', 'party.zip');
    expect(await library.export(ids, { kind: 'zip', path })).toEqual({ path, exported: 2 });
    const files = readZip(await readFile(path));
    expect([...files.keys()].sort()).toEqual([
      '2026-11-26_party_a1b2c3d4.json',
      '2026-11-26_party_a1b2c3d4.png',
      '2026-11-26_wedding_ffee0011.json',
      '2026-11-26_wedding_ffee0011.png',
    ]);
    const sidecar = historyEntrySchema.parse(JSON.parse(files.get('2026-11-26_party_a1b2c3d4.json')!.toString('utf8')));
    expect(sidecar.id).toBe(ids[0]);
    expect(sha256Hex(files.get('2026-11-26_party_a1b2c3d4.png')!)).toBe(sidecar.imageHash);
    expect(await readdir(join(dir, 'exports'))).toEqual(['party.zip']);
  });

  it('validates the target', async () => {
    await expect(library.export(['a1b2c3d4-0000-4000-8000-000000000001'], { kind: 'tar' as never, path: dir })).rejects.toMatchObject({
      code: 'invalid_request',
      param: 'target.kind',
    });
    await expect(library.export([], { kind: 'zip', path: join(dir, 'x.zip') })).rejects.toMatchObject({
      code: 'invalid_request',
      param: 'ids',
    });
  });
});
