import { open, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readEmbeddedSettings } from '../../src/core/library/metadata/index.ts';
import type { HistoryEntry } from '../../src/core/contract/history-entry.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

const temps: TempService[] = [];
afterEach(async () => {
  for (const temp of temps.splice(0)) await temp.cleanup();
});

async function fresh(settings?: unknown): Promise<TempService> {
  const temp = await startTempService(settings === undefined ? {} : { settings });
  temps.push(temp);
  return temp;
}

/** What "Reuse settings" takes from an entry to ask for the image again. */
const request = (entry: HistoryEntry) => ({
  prompt: entry.prompt,
  negativePrompt: entry.negativePrompt,
  style: entry.style,
  size: `${entry.width}x${entry.height}`,
  seed: entry.seed,
  model: entry.model,
  provider: entry.provider,
});

async function makeOne(temp: TempService): Promise<HistoryEntry> {
  const { entries } = await temp.service.generate({
    prompt: 'Gold balloons for Emma’s 5th',
    negativePrompt: 'text',
    style: 'birthday',
    size: '512x384',
    seed: 4242,
    model: 'offline',
  });
  return entries[0]!;
}

describe('files that carry their settings', () => {
  it('round trip: export embeds the settings, import reads them, reusing them makes the same image', async () => {
    const a = await fresh();
    const original = await makeOne(a);
    const project = await a.service.createProject("Emma's 5th");
    await a.service.addToProject(project.id, [original.id]);
    await a.service.setTags(original.id, ['gold', 'kids']);
    const out = join(a.dataDir, 'export');
    await a.service.exportEntries([original.id], { kind: 'folder', path: out });
    const png = (await readdir(out)).find((name) => name.endsWith('.png'))!;
    const bytes = new Uint8Array(await readFile(join(out, png)));
    expect(await readEmbeddedSettings(bytes, 'png')).toMatchObject({
      prompt: original.prompt,
      negativePrompt: 'text',
      style: 'birthday',
      seed: 4242,
      width: 512,
      height: 384,
      model: original.model,
      provider: 'local',
      motifVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });

    // The file alone (dropped onto another library) brings its settings.
    const b = await fresh();
    const dropped = await b.service.importImages([{ name: png, bytes }]);
    expect(dropped.failed).toEqual([]);
    const imported = dropped.imported[0]!;
    expect(request(imported)).toEqual(request(original));
    const again = await b.service.generate({
      prompt: imported.prompt,
      negativePrompt: imported.negativePrompt,
      style: 'birthday',
      size: `${imported.width}x${imported.height}`,
      seed: imported.seed,
      model: 'offline',
    });
    expect(again.entries[0]!.imageHash).toBe(original.imageHash);

    // The exported folder (file + sidecar) also brings tags and projects, by name.
    const c = await fresh();
    const fromFolder = await c.service.importImages([join(out, png)]);
    expect(fromFolder.imported[0]!.tags).toEqual(['gold', 'kids']);
    const projects = await c.service.listProjects();
    expect(projects.map((p) => [p.name, p.count])).toEqual([["Emma's 5th", 1]]);
  });

  it('strips the settings for clients: per export, or by the setting', async () => {
    const a = await fresh({ exports: { embedSettings: false } });
    const entry = await makeOne(a);
    const bySetting = join(a.dataDir, 'plain');
    await a.service.exportEntries([entry.id], { kind: 'folder', path: bySetting });
    const name = (await readdir(bySetting)).find((n) => n.endsWith('.png'))!;
    expect(await readEmbeddedSettings(new Uint8Array(await readFile(join(bySetting, name))), 'png')).toBeUndefined();
    await a.service.updateSettings({ exports: { embedSettings: true } });
    const perExport = join(a.dataDir, 'per-export');
    await a.service.exportEntries([entry.id], { kind: 'folder', path: perExport }, { embedSettings: false });
    expect(await readEmbeddedSettings(new Uint8Array(await readFile(join(perExport, name))), 'png')).toBeUndefined();
    const embedded = join(a.dataDir, 'embedded');
    await a.service.exportEntries([entry.id], { kind: 'folder', path: embedded });
    expect((await readEmbeddedSettings(new Uint8Array(await readFile(join(embedded, name))), 'png'))?.seed).toBe(4242);
  });

  it('imports any other image under its file name, and refuses hostile files by name without losing the rest', async () => {
    const a = await fresh();
    const entry = await makeOne(a);
    const good = (await a.service.readImage(entry.id)).bytes;
    const truncated = good.subarray(0, Math.floor(good.byteLength / 2));
    const hugeLength = Buffer.from(good);
    hugeLength.writeUInt32BE(0xfffffff0, 33);
    const huge = join(a.dataDir, 'huge.png');
    const handle = await open(huge, 'w');
    await handle.truncate(60 * 1024 * 1024);
    await handle.close();
    await writeFile(join(a.dataDir, 'notes.png'), 'this is text, not an image');

    const b = await fresh();
    const result = await b.service.importImages([
      { name: 'smith-wedding_banner.png', bytes: good },
      { name: 'torn.png', bytes: truncated },
      { name: 'liar.png', bytes: hugeLength },
      { name: 'empty.webp', bytes: new Uint8Array() },
    ]);
    expect(result.imported.map((e) => [e.prompt, e.provider, e.task])).toEqual([['smith wedding banner', 'import', 'upload']]);
    expect(result.failed.map((f) => [f.name, f.code])).toEqual([
      ['torn.png', 'invalid_image'],
      ['liar.png', 'invalid_image'],
      ['empty.webp', 'invalid_image'],
    ]);
    expect(result.failed[0]!.message).toMatch(/torn\.png: .*truncated/);
    const byPath = await b.service.importImages([huge, join(a.dataDir, 'notes.png'), join(a.dataDir, 'missing.png')]);
    // Files that cannot be read from disk are reported first, then those whose content is refused.
    expect(byPath.failed.map((f) => [f.name, f.code])).toEqual([
      ['huge.png', 'invalid_image'],
      ['missing.png', 'library_io'],
      ['notes.png', 'invalid_image'],
    ]);
    expect((await b.service.listLibrary({})).total).toBe(1);
  });
});
