import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_APP_VERSION } from './harness/renderer-harness.ts';
import { startRendererHarness, warmRendererHarness, type RendererHarness } from './harness/index.ts';
import { PAST_FIRST_RUN } from './renderer-e2e-helpers.ts';

/** About: version, where data lives, and the bundled art and fonts with their licences, in Chromium against a real engine. */
describe('the About dialog', () => {
  let harness: RendererHarness | undefined;
  beforeAll(() => warmRendererHarness(), 180_000);
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  }, 60_000);

  it('shows the version, the data and library folders, and every bundled asset’s licence', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN });
    const { page } = harness;
    const libraryDir = (await harness.service.getSettings()).libraryDir;
    const about = await page.evaluate(() => window.motif.app.about());

    await page.getByRole('button', { name: 'About Motif' }).click();
    const dialog = page.getByRole('dialog', { name: 'About Motif' });
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain(`Version ${HARNESS_APP_VERSION}`);
    const text = (await dialog.textContent()) ?? '';
    expect(about.dataDir).toBe(harness.dataDir);
    expect(text).toContain(about.dataDir);
    expect(text).toContain(libraryDir);
    expect(text).toContain('Bundled art and fonts');
    // Whatever this build bundles is listed with the licence its package declares; an empty list says so.
    if (about.credits.length === 0) expect(text).toContain('This build bundles no third-party art or fonts.');
    for (const credit of about.credits) {
      expect(text).toContain(credit.title);
      expect(text).toContain(credit.licence);
    }
    expect(harness.cspViolations).toEqual([]);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
  }, 60_000);
});
