import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MotifError } from '../errors/motif-error.ts';
import { Library } from './library.ts';
import { sha256Hex } from './durable-fs.ts';
import { entryInput, LIBRARY_TEST_START, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';

const HOUR = 3_600_000;

describe('Library', () => {
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

  async function addMany(prompts: readonly string[]): Promise<void> {
    for (const [i, prompt] of prompts.entries()) {
      await library.add({ bytes: await makePng(i), entry: entryInput({ id: `e${i}`, prompt }) });
      clock.tick(1000);
    }
  }

  it('adds an entry with its files and gets it back', async () => {
    const bytes = await makePng(1);
    const entry = await library.add({ bytes, entry: entryInput({ prompt: 'Gold bunting' }) });
    expect(entry.imageHash).toBe(sha256Hex(bytes));
    expect(entry.bytes).toBe(bytes.byteLength);
    expect(entry.createdAt).toBe(clock.now());
    expect(entry.favourite).toBe(false);
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(library.get(entry.id)).toEqual(entry);
    expect(library.imagePath(entry.id)).toBe(join(dir, 'images', `${entry.imageHash}.png`));
    expect(new Uint8Array(await readFile(library.imagePath(entry.id)))).toEqual(bytes);
    const thumb = await library.readThumbnail(entry.id);
    expect(thumb.mediaType).toBe('image/webp');
    const meta = await sharp(thumb.bytes).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(48);
    const image = await library.readImage(entry.id);
    expect(image.mediaType).toBe('image/png');
    expect(new Uint8Array(image.bytes)).toEqual(bytes);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect(library.stats()).toMatchObject({ entries: 1, corruptLines: 0, deadRecords: 0 });
  });

  it('pages newest first with offset, limit and total', async () => {
    await addMany(['a', 'b', 'c', 'd', 'e']);
    const first = library.list({ limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual(['e4', 'e3']);
    expect(first.total).toBe(5);
    expect(first.offset).toBe(0);
    expect(library.list({ offset: 2, limit: 2 }).items.map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(library.list({ offset: 4, limit: 2 }).items.map((e) => e.id)).toEqual(['e0']);
    expect(library.list({ offset: 9 }).items).toEqual([]);
    expect(library.list({}).items).toHaveLength(5);
  });

  it('places an entry with an older createdAt in date order, ties broken by id', async () => {
    await addMany(['a', 'b', 'c']);
    const t0 = library.get('e0')!.createdAt;
    await library.add({ bytes: await makePng(10), entry: entryInput({ id: 'old', createdAt: t0 - 5000 }) });
    await library.add({ bytes: await makePng(11), entry: entryInput({ id: 'e1b', createdAt: library.get('e1')!.createdAt }) });
    expect(library.list({}).items.map((e) => e.id)).toEqual(['e2', 'e1', 'e1b', 'e0', 'old']);
  });

  it('searches prompt words case-insensitively, all words required, as substrings', async () => {
    await addMany(['Pink BALLOONS and confetti', 'gold balloon arch', 'Confetti rain', 'Café garland']);
    expect(library.list({ text: 'balloon' }).items.map((e) => e.id)).toEqual(['e1', 'e0']);
    expect(library.list({ text: 'confetti  balloons' }).items.map((e) => e.id)).toEqual(['e0']);
    expect(library.list({ text: 'CONFETTI' }).total).toBe(2);
    expect(library.list({ text: 'café' }).items.map((e) => e.id)).toEqual(['e3']);
    expect(library.list({ text: 'confetti unicorn' }).total).toBe(0);
    expect(library.list({ text: '   ' }).total).toBe(4);
    expect(library.list({ text: 'confetti', limit: 1, offset: 1 })).toMatchObject({ total: 2, offset: 1, items: [{ id: 'e0' }] });
  });

  it('filters by style, provider, favourite and date range', async () => {
    const bytes = await Promise.all([0, 1, 2, 3].map((i) => makePng(i)));
    const start = clock.now();
    await library.add({ bytes: bytes[0]!, entry: entryInput({ id: 'a', style: 'party', provider: 'local' }) });
    clock.tick(HOUR);
    await library.add({ bytes: bytes[1]!, entry: entryInput({ id: 'b', style: 'wedding', provider: 'openai' }) });
    clock.tick(HOUR);
    await library.add({ bytes: bytes[2]!, entry: entryInput({ id: 'c', style: 'wedding', provider: 'local' }) });
    clock.tick(HOUR);
    await library.add({ bytes: bytes[3]!, entry: entryInput({ id: 'd', style: 'holiday', provider: 'runware' }) });
    await library.setFavourite('b', true);
    await library.setFavourite('d', true);
    const ids = (query: Parameters<Library['list']>[0]): string[] => library.list(query).items.map((e) => e.id);
    expect(ids({ style: 'wedding' })).toEqual(['c', 'b']);
    expect(ids({ provider: 'local' })).toEqual(['c', 'a']);
    expect(ids({ favourite: true })).toEqual(['d', 'b']);
    expect(ids({ favourite: false })).toEqual(['c', 'a']);
    expect(ids({ style: 'wedding', favourite: true })).toEqual(['b']);
    expect(ids({ since: start + HOUR })).toEqual(['d', 'c', 'b']);
    expect(ids({ until: start + HOUR })).toEqual(['a']);
    expect(ids({ since: start + HOUR, until: start + 3 * HOUR })).toEqual(['c', 'b']);
    expect(library.list({ since: start + HOUR, until: start + 3 * HOUR, limit: 1 })).toMatchObject({ total: 2, items: [{ id: 'c' }] });
    expect(ids({ since: start + 10 * HOUR })).toEqual([]);
    expect(ids({ since: start + 2 * HOUR, until: start + HOUR })).toEqual([]);
  });

  it('rejects a bad query with invalid_request naming the field', () => {
    const expectParam = (query: unknown, param: string): void => {
      try {
        library.list(query as never);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(MotifError);
        expect((error as MotifError).code).toBe('invalid_request');
        expect((error as MotifError).param).toBe(param);
      }
    };
    expectParam({ limit: 0 }, 'limit');
    expectParam({ limit: 501 }, 'limit');
    expectParam({ offset: -1 }, 'offset');
    expectParam({ style: 'disco' }, 'style');
    expectParam({ colour: 'red' }, 'colour'); // an unknown key is named itself
    expectParam({ since: 1.5 }, 'since');
  });

  it('persists favourites across reopen and skips no-op toggles', async () => {
    await addMany(['a', 'b']);
    const fav = await library.setFavourite('e0', true);
    expect(fav.favourite).toBe(true);
    expect(library.get('e0')!.favourite).toBe(true);
    const sizeBefore = library.stats().indexBytes;
    await library.setFavourite('e0', true);
    expect(library.stats().indexBytes).toBe(sizeBefore);
    await library.setFavourite('e1', true);
    await library.setFavourite('e1', false);
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.get('e0')!.favourite).toBe(true);
    expect(library.get('e1')!.favourite).toBe(false);
    expect(library.list({ favourite: true }).items.map((e) => e.id)).toEqual(['e0']);
    expect(library.stats()).toMatchObject({ entries: 2, corruptLines: 0, deadRecords: 3 });
  });

  it('keeps every field of an entry across reopen', async () => {
    const added = await library.add({
      bytes: await makePng(5),
      entry: entryInput({
        id: 'full',
        negativePrompt: 'text',
        costUsd: 0.04,
        fallback: true,
        warnings: [{ type: 'other', message: 'hm' }],
      }),
    });
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.get('full')).toEqual(added);
  });

  it('stores identical bytes once (content addressing)', async () => {
    const bytes = await makePng(7);
    const a = await library.add({ bytes, entry: entryInput({ id: 'a' }) });
    const b = await library.add({ bytes, entry: entryInput({ id: 'b', prompt: 'same image again' }) });
    expect(a.imageHash).toBe(b.imageHash);
    expect(library.imagePath('a')).toBe(library.imagePath('b'));
    expect((await readdir(join(dir, 'images'))).sort()).toEqual([`${a.imageHash}.json`, `${a.imageHash}.png`]);
    expect(await readdir(join(dir, 'thumbs'))).toEqual([`${a.imageHash}.webp`]);
    expect(library.stats().entries).toBe(2);
  });

  it('adds concurrently without losing any entry', async () => {
    const images = await Promise.all(Array.from({ length: 12 }, (_, i) => makePng(100 + i)));
    await Promise.all(images.map((bytes, i) => library.add({ bytes, entry: entryInput({ id: `c${i}`, createdAt: 1000 + i }) })));
    expect(library.list({ limit: 500 }).items.map((e) => e.id)).toEqual(images.map((_, i) => `c${i}`).reverse());
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.stats().entries).toBe(12);
  });

  it('validates add input', async () => {
    const bytes = await makePng(1);
    const code = async (promise: Promise<unknown>): Promise<[string, string | undefined]> => {
      const error = (await promise.then(
        () => undefined,
        (e: unknown) => e,
      )) as MotifError;
      return [error.code, error.param];
    };
    expect(await code(library.add({ bytes: new Uint8Array(), entry: entryInput() }))).toEqual(['invalid_request', 'bytes']);
    expect(await code(library.add({ bytes: new TextEncoder().encode('not an image'), entry: entryInput() }))).toEqual([
      'invalid_request',
      'bytes',
    ]);
    expect(await code(library.add({ bytes, entry: entryInput({ style: 'disco' as never }) }))).toEqual(['invalid_request', 'style']);
    expect(await code(library.add({ bytes, entry: entryInput({ width: -1 }) }))).toEqual(['invalid_request', 'width']);
    await library.add({ bytes, entry: entryInput({ id: 'dup' }) });
    expect(await code(library.add({ bytes, entry: entryInput({ id: 'dup' }) }))).toEqual(['invalid_request', 'id']);
    expect(library.stats().entries).toBe(1);
  });

  it('labels an image by what its bytes are, not what the provider claimed', async () => {
    const jpeg = new Uint8Array(
      await sharp(await makePng(4))
        .jpeg()
        .toBuffer(),
    );
    const entry = await library.add({ bytes: jpeg, entry: entryInput({ id: 'j', format: 'png' }) });
    expect(entry.format).toBe('jpeg');
    expect(library.imagePath('j')).toBe(join(dir, 'images', `${entry.imageHash}.jpeg`));
    expect((await library.readImage('j')).mediaType).toBe('image/jpeg');
  });

  it('reports unknown ids as not_found', async () => {
    expect(library.get('nope')).toBeUndefined();
    expect(() => library.imagePath('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => library.thumbnailPath('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
    await expect(library.readImage('nope')).rejects.toMatchObject({ code: 'not_found' });
    await expect(library.readThumbnail('nope')).rejects.toMatchObject({ code: 'not_found' });
    await expect(library.setFavourite('nope', true)).rejects.toMatchObject({ code: 'not_found' });
    await expect(library.delete(['nope'])).rejects.toMatchObject({ code: 'not_found' });
    await expect(library.export(['nope'], { kind: 'folder', path: join(dir, 'out') })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('regenerates a missing thumbnail from the image and saves it', async () => {
    const entry = await library.add({ bytes: await makePng(3, 600, 300), entry: entryInput({ id: 't', width: 600, height: 300 }) });
    const original = await readFile(library.thumbnailPath('t'));
    await rm(library.thumbnailPath('t'));
    const thumb = await library.readThumbnail('t');
    const meta = await sharp(thumb.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([256, 128]);
    expect(new Uint8Array(await readFile(join(dir, 'thumbs', `${entry.imageHash}.webp`)))).toEqual(new Uint8Array(original));
  });

  it('reports a missing image file as library_corrupt', async () => {
    await library.add({ bytes: await makePng(3), entry: entryInput({ id: 'gone' }) });
    await rm(library.imagePath('gone'));
    await expect(library.readImage('gone')).rejects.toMatchObject({ code: 'library_corrupt' });
  });

  it('maps a write failure to library_io', async () => {
    await library.add({ bytes: await makePng(1), entry: entryInput({ id: 'first' }) });
    // A file where the images folder should be makes every write fail.
    await rm(join(dir, 'images'), { recursive: true });
    await writeFile(join(dir, 'images'), 'blocked');
    await expect(library.add({ bytes: await makePng(2), entry: entryInput({ id: 'second' }) })).rejects.toMatchObject({
      code: 'library_io',
    });
    expect(library.get('second')).toBeUndefined();
    await library.close();
    library = await Library.open(join(dir, 'elsewhere'), { clock });
  });

  it('refuses writes after close', async () => {
    await library.close();
    await expect(library.add({ bytes: await makePng(1), entry: entryInput() })).rejects.toMatchObject({ code: 'library_io' });
    await expect(library.setFavourite('x', true)).rejects.toMatchObject({ code: 'library_io' });
    await library.close();
  });
});
