import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/core/library/library.ts';
import { entryInput, makePng } from '../integration/fixtures/library-fixtures.ts';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { goTo, poll, waitForApp } from './renderer-e2e-helpers.ts';

/** Issue 15: the window tells the designer what was reset and offers the library repair. */
describe('data notices and the library repair in the window', () => {
  let harness: RendererHarness;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'motif-e2e-repair-'));
    const library = await Library.open(join(dataDir, 'library'));
    for (let i = 0; i < 3; i++)
      await library.add({
        bytes: await makePng(i),
        entry: entryInput({ id: `e${i}`, prompt: `garland ${i}`, createdAt: 1_700_000_000_000 + i }),
      });
    await library.close();
    const index = join(dataDir, 'library', 'index.jsonl');
    const lines = (await readFile(index, 'utf8')).split('\n').filter(Boolean);
    lines[1] = lines[1]!.slice(0, 80);
    await writeFile(index, `${lines.join('\n')}\n`);
    // An unknown theme: the theme is reset, the rest kept, and the window must say so.
    harness = await startRendererHarness({
      settings: { firstRunDone: true, theme: 'sepia', budget: { dailyCapUsd: 5 } },
      serviceOptions: { dataDir },
    });
    await waitForApp(harness.page);
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows what was reset in a banner', async () => {
    const banner = harness.page.getByRole('status', { name: "Problems found with Motif's files" });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/settings\.json.*reset to defaults: theme/);
  });

  it('offers the repair in the gallery, and the lost image comes back', async () => {
    const { page } = harness;
    await goTo(page, 'Gallery');
    const notice = page.getByRole('status').filter({ hasText: 'could not be read (kept, not lost)' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/1 image\(s\) are in the library folder but not in the gallery/);
    expect(await page.locator('[data-testid=gallery-tile]').count()).toBe(2);
    await notice.getByRole('button', { name: 'Repair' }).click();
    await poll(
      () => page.locator('[data-testid=gallery-tile]').count(),
      (n) => n === 3,
    );
    await notice.waitFor({ state: 'detached' });
    expect(await page.locator('[data-entry-id="e1"] .tile-prompt').textContent()).toMatch(/garland 1/);
  });
});
