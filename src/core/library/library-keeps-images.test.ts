import { readdir, readFile, rm, writeFile, appendFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from './library.ts';
import { sha256Hex } from './durable-fs.ts';
import { entryInput, LIBRARY_TEST_START, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';

/** Issue 15, H1/L6: the library never deletes an image file it cannot account for. */
describe('Library never loses an image it cannot account for', () => {
  let dir: string;
  let clock: FakeClock;
  let library: Library;
  let index: string;

  beforeEach(async () => {
    dir = await tempDir();
    index = join(dir, 'index.jsonl');
    clock = new FakeClock(LIBRARY_TEST_START);
    library = await Library.open(dir, { clock, compactMinDeadRecords: 5 });
  });

  afterEach(async () => {
    await library.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function addMany(count: number, from = 0): Promise<void> {
    for (let i = from; i < from + count; i++) {
      await library.add({ bytes: await makePng(i), entry: entryInput({ id: `e${i}`, prompt: `entry ${i}`, seed: i }) });
      clock.tick(1000);
    }
  }

  const imageFiles = async (): Promise<string[]> => (await readdir(join(dir, 'images'))).filter((n) => !n.endsWith('.json')).sort();
  const ids = (): string[] => library.list({ limit: 500 }).items.map((e) => e.id);

  it('keeps a truncated line and its image through compaction, and reports it', async () => {
    await addMany(5);
    const files = await imageFiles();
    expect(files).toHaveLength(5);
    await library.close();
    const lines = (await readFile(index, 'utf8')).split('\n').filter(Boolean);
    const torn = lines[2]!.slice(0, 60);
    lines[2] = torn;
    await writeFile(index, `${lines.join('\n')}\n`);

    library = await Library.open(dir, { clock, compactMinDeadRecords: 5 });
    expect(library.stats()).toMatchObject({ entries: 4, corruptLines: 1 });
    // Enough writes to compact more than once.
    for (let i = 0; i < 12; i++) await library.setFavourite('e0', i % 2 === 0);
    expect(library.stats().deadRecords).toBeLessThan(12);

    expect(await imageFiles()).toEqual(files);
    expect(await readFile(index, 'utf8')).toContain(`${torn}\n`);
    expect(library.stats().corruptLines).toBe(1);
    const report = await library.check();
    expect(report).toMatchObject({ entries: 4, unreadableLines: 1, unaccountedImages: 1, missingImages: 0 });
  });

  it('repair turns an image whose line is unreadable back into an entry, from its sidecar', async () => {
    await addMany(3);
    await library.close();
    const lines = (await readFile(index, 'utf8')).split('\n').filter(Boolean);
    lines[1] = lines[1]!.slice(0, 50);
    await writeFile(index, `${lines.join('\n')}\n`);
    library = await Library.open(dir, { clock });
    expect(ids()).toEqual(['e2', 'e0']);

    const result = await library.repair();
    expect(result).toMatchObject({ recovered: 1, setAside: 1 });
    expect(ids()).toEqual(['e2', 'e1', 'e0']);
    expect(library.get('e1')).toMatchObject({ prompt: 'entry 1', seed: 1, provider: 'local' });
    expect(await library.check()).toMatchObject({ entries: 3, unreadableLines: 0, unaccountedImages: 0 });
    // The unreadable text is kept aside for a manual look, not thrown away.
    expect(await readFile(join(dir, 'index-corrupt-lines.jsonl'), 'utf8')).toBe(`${lines[1]}\n`);
    await library.close();
    library = await Library.open(dir, { clock });
    expect(library.stats()).toMatchObject({ entries: 3, corruptLines: 0 });
  });

  it('rebuilds a missing index from the image files and their sidecars', async () => {
    await addMany(5);
    await library.setFavourite('e3', true);
    const before = library.list({}).items.map((e) => ({ id: e.id, prompt: e.prompt, imageHash: e.imageHash }));
    await library.close();
    await rm(index);

    library = await Library.open(dir, { clock, compactMinDeadRecords: 1 });
    expect(library.list({}).items.map((e) => ({ id: e.id, prompt: e.prompt, imageHash: e.imageHash }))).toEqual(before);
    expect(library.stats().entries).toBe(5);
    await library.compact();
    expect(await imageFiles()).toHaveLength(5);
  });

  it('rebuilds an entry for an image with no sidecar from the file alone', async () => {
    await addMany(1);
    const hash = library.get('e0')!.imageHash;
    await library.close();
    await rm(index);
    await rm(join(dir, 'images', `${hash}.json`));
    library = await Library.open(dir, { clock });
    const [entry] = library.list({}).items;
    expect(entry).toMatchObject({ imageHash: hash, format: 'png', width: 48, height: 32, provider: 'unknown' });
    expect(sha256Hex(await readFile(library.imagePath(entry!.id)))).toBe(hash);
  });

  it('keeps and shows entries a newer version wrote: a BOM, an unknown style, unknown fields', async () => {
    await addMany(2);
    await library.close();
    const lines = (await readFile(index, 'utf8')).split('\n').filter(Boolean);
    const newer = JSON.parse(lines[1]!) as { entry: Record<string, unknown> };
    newer.entry.style = 'retro-neon';
    newer.entry.project = 'Ava turns 5';
    newer.entry.attempts = [{ provider: 'local', model: 'procedural', outcome: 'success', durationMs: 5, errorCode: 'some_future_code' }];
    await writeFile(index, `\uFEFF${lines[0]}\n${JSON.stringify(newer)}\n{"op":"tag","id":"e0","tags":["blue"]}\n`);

    library = await Library.open(dir, { clock });
    expect(ids()).toEqual(['e1', 'e0']);
    expect(library.get('e1')!.style).toBe('retro-neon');
    expect(library.stats().corruptLines).toBe(1);
    await library.compact();
    const text = await readFile(index, 'utf8');
    expect(text).toContain('"project":"Ava turns 5"');
    expect(text).toContain('"style":"retro-neon"');
    expect(text).toContain('{"op":"tag","id":"e0","tags":["blue"]}\n');
    expect(await imageFiles()).toHaveLength(2);
  });

  it('sweeps orphan files into the trash, and only files Motif wrote', async () => {
    await addMany(1);
    const orphanBytes = await makePng(99);
    const orphan = sha256Hex(orphanBytes);
    await writeFile(join(dir, 'images', `${orphan}.png`), orphanBytes);
    const impostor = sha256Hex(Buffer.from('x'));
    await writeFile(join(dir, 'images', `${impostor}.png`), await makePng(98));
    await library.compact();
    expect(await imageFiles()).toEqual([`${library.get('e0')!.imageHash}.png`, `${impostor}.png`].sort());
    const [token] = await readdir(join(dir, 'trash'));
    expect(await readFile(join(dir, 'trash', token!, `${orphan}.png`))).toEqual(Buffer.from(orphanBytes));
    // A sweep is undoable like a delete.
    expect(await library.undoDelete(token!)).toEqual({ restored: 1 });
    expect(library.list({}).total).toBe(2);
  });

  it('never sweeps while some lines are unreadable (they may name the files)', async () => {
    await addMany(2);
    await library.close();
    await appendFile(index, '{"op":"put","entry":{"id":"x","imageHash":"\n');
    const stray = await makePng(50);
    await writeFile(join(dir, 'images', `${sha256Hex(stray)}.png`), stray);
    library = await Library.open(dir, { clock });
    await library.compact();
    expect(await imageFiles()).toHaveLength(3);
    expect((await stat(join(dir, 'trash'))).isDirectory()).toBe(true);
    expect(await readdir(join(dir, 'trash'))).toEqual([]);
  });
});
