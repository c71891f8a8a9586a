import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfSettingsStore } from './conf-settings-store.ts';
import { SettingsService } from './settings-service.ts';
import { MemorySecretStore, MemorySettingsStore } from './settings-store.ts';
import { DEFAULT_SETTINGS } from './settings-schema.ts';

/** Issue 15, M2/L2: settings are never silently reset. */
describe('Settings are never silently reset', () => {
  let dir: string;
  const file = (): string => join(dir, 'settings.json');
  const open = (): SettingsService =>
    new SettingsService(new ConfSettingsStore(dir, () => Date.UTC(2026, 11, 3, 12)), new MemorySecretStore());
  const asideFiles = async (): Promise<string[]> => (await readdir(dir)).filter((name) => name.startsWith('settings.json.unreadable-'));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motif-settings-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const saved = {
    schemaVersion: 2,
    providerOrder: ['openai', 'local'],
    routing: { hedging: true, deadlineMs: 30_000 },
    budget: { dailyCapUsd: 5 },
  };

  it('an unknown theme resets the theme only, keeps the cap and provider order, keeps the old file, and says so', async () => {
    await writeFile(file(), JSON.stringify({ ...saved, theme: 'sepia' }));
    const settings = open();
    expect(settings.get()).toMatchObject({
      theme: 'system',
      providerOrder: ['openai', 'local'],
      budget: { dailyCapUsd: 5 },
      routing: { hedging: true },
    });
    expect(settings.notices).toHaveLength(1);
    expect(settings.notices[0]!.message).toMatch(/theme/);
    const [aside] = await asideFiles();
    expect(JSON.parse(await readFile(join(dir, aside!), 'utf8'))).toMatchObject({ theme: 'sepia' });
    expect(settings.notices[0]!.message).toContain(aside);
  });

  for (const [name, content] of [
    ['garbage', 'not json at all {'],
    ['truncation', JSON.stringify(saved).slice(0, 40)],
    ['an empty file', ''],
    ['a binary file', '\u0000\u0001\u0002\u00ff'],
    ['an array', '[1,2,3]'],
  ] as const) {
    it(`${name} is moved aside, never overwritten, and the user is told`, async () => {
      await writeFile(file(), content);
      const settings = open();
      expect(settings.get()).toEqual(DEFAULT_SETTINGS);
      expect(settings.notices).toHaveLength(1);
      expect(settings.notices[0]!.message).toMatch(/defaults/);
      const [aside] = await asideFiles();
      expect(await readFile(join(dir, aside!), 'utf8')).toBe(content);
    });
  }

  it('a newer schemaVersion opens read-only: kept fields are used, nothing is written, updates are refused by name', async () => {
    const newer = JSON.stringify({ ...saved, schemaVersion: 9, theme: 'dark', hologram: { on: true } });
    await writeFile(file(), newer);
    const settings = open();
    expect(settings.get()).toMatchObject({ theme: 'dark', budget: { dailyCapUsd: 5 }, schemaVersion: 2 });
    expect(settings.readOnly).toBe(true);
    expect(settings.notices[0]!.message).toMatch(/newer/);
    expect(() => settings.update({ theme: 'light' })).toThrow(expect.objectContaining({ code: 'settings_read_only' }));
    expect(await readFile(file(), 'utf8')).toBe(newer);
  });

  it('a store that hands back something other than settings (an array) is reported, not silently reset', () => {
    const settings = new SettingsService(new MemorySettingsStore([1, 2, 3]), new MemorySecretStore());
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(settings.notices[0]!.message).toMatch(/did not hold settings.*defaults/);
  });

  it('settings.json as a directory does not stop the engine', async () => {
    await mkdir(file());
    await writeFile(join(file(), 'keep.txt'), 'mine');
    const settings = open();
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(settings.notices[0]!.message).toMatch(/could not be read/);
    const [aside] = await asideFiles();
    expect(await readFile(join(dir, aside!, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('a data folder that cannot be written opens read-only with a notice instead of failing', () => {
    // Tests run as root here, where chmod cannot make a folder read-only: the store fails the way EROFS does.
    const store = new MemorySettingsStore({ ...saved, theme: 'sepia' });
    store.write = () => {
      throw Object.assign(new Error('EROFS: read-only file system, open settings.json'), { code: 'EROFS' });
    };
    const settings = new SettingsService(store, new MemorySecretStore());
    expect(settings.get()).toMatchObject({ budget: { dailyCapUsd: 5 }, theme: 'system' });
    expect(settings.readOnly).toBe(true);
    expect(settings.notices.map((n) => n.message).join(' ')).toMatch(/could not be saved/);
    expect(() => settings.update({ theme: 'dark' })).toThrow(expect.objectContaining({ code: 'settings_read_only' }));
  });
});
