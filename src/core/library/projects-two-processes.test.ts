import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LibraryExternalChange } from './library.ts';
import { Library } from './library.ts';
import { importIntoLibrary } from './library-import.ts';
import { entryInput, LIBRARY_TEST_START, makePng, tempDir } from '../../../test/integration/fixtures/library-fixtures.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';

/** Two Library instances on one folder stand for the app and the CLI: they share the write lock and read each other's lines. */
describe('projects.jsonl shared by two processes', () => {
  let dir: string;
  let app: Library;
  let cli: Library;
  let cliChanges: LibraryExternalChange[];

  beforeEach(async () => {
    dir = await tempDir('motif-projects-two-');
    const clock = new FakeClock(LIBRARY_TEST_START);
    cliChanges = [];
    app = await Library.open(dir, { clock });
    cli = await Library.open(dir, { clock, onExternalChange: (change) => cliChanges.push(change) });
    for (const i of [1, 2]) await app.add({ bytes: await makePng(i), entry: entryInput({ id: `e${i}`, prompt: `design ${i}` }) });
    await cli.refresh();
  });

  afterEach(async () => {
    await Promise.all([app.close(), cli.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it("sees the other process's projects, filings and tags after a refresh, and is told the library changed", async () => {
    const emma = await app.projects.create("Emma's 5th");
    await app.projects.add(emma.id, ['e1', 'e2']);
    await app.projects.setTags('e1', ['gold']);
    cliChanges.length = 0;

    expect(await cli.refresh()).toBeDefined();
    expect(cliChanges.length).toBeGreaterThan(0);
    expect(cli.projects.list().map((p) => [p.name, p.count])).toEqual([["Emma's 5th", 2]]);
    expect(cli.get('e1')?.tags).toEqual(['gold']);
    expect(cli.list({ project: emma.id }).total).toBe(2);
  });

  it("checks a change against the other process's lines first: a project name it took is refused", async () => {
    await app.projects.create('Smith wedding');
    // No refresh in between: the change itself reads what the other process wrote, under the lock.
    await expect(cli.projects.create('smith WEDDING')).rejects.toMatchObject({ code: 'invalid_request' });
    const other = await cli.projects.create('Garden party');
    await app.projects.add(other.id, ['e2']);
    expect(app.projects.get(other.id).count).toBe(1);
  });

  it('files an import into the project of that name the other process just made, instead of dropping it', async () => {
    const emma = await app.projects.create("Emma's 5th");
    const sidecar = JSON.stringify({ prompt: 'gold balloons', style: 'party', projects: ["emma's 5th"] });
    const { imported } = await importIntoLibrary(cli, [{ name: 'gold.png', bytes: await makePng(9), sidecar }]);
    expect(imported[0]?.projectIds).toEqual([emma.id]);
    expect(cli.projects.list()).toHaveLength(1);
  });

  it('loses no line when both write at once', async () => {
    await Promise.all([
      ...Array.from({ length: 10 }, (_, n) => app.projects.create(`app ${n}`)),
      ...Array.from({ length: 10 }, (_, n) => cli.projects.create(`cli ${n}`)),
    ]);
    await Promise.all([app.refresh(), cli.refresh()]);
    expect(app.projects.list()).toHaveLength(20);
    expect(cli.projects.list().map((p) => p.id)).toEqual(app.projects.list().map((p) => p.id));
    const lines = (await readFile(join(dir, 'projects.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(20);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
