import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEmbeddedSettings } from '../../src/core/library/metadata/index.ts';
import { startTempService } from '../support/temp-service.ts';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { goTo, PAST_FIRST_RUN, poll, startRunwareApp, waitForApp, type RunwareApp } from './renderer-e2e-helpers.ts';
import { redSquarePicture } from '../support/image-pixels.ts';

/** A design exported from another Motif (offline, fixed seed): a PNG that carries its settings. */
async function exportedDesign(): Promise<Buffer> {
  const other = await startTempService();
  try {
    const { entries } = await other.service.generate({
      prompt: 'Gold balloons for Emma’s 5th',
      negativePrompt: 'text',
      style: 'birthday',
      size: '512x384',
      seed: 4242,
      model: 'offline',
    });
    return Buffer.from(await other.service.exportedImage(entries[0]!.id));
  } finally {
    await other.cleanup();
  }
}

describe('files that carry their settings, in the app', () => {
  let harness: RendererHarness;
  let design: Buffer;
  beforeAll(async () => {
    design = await exportedDesign();
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1440, height: 900 } });
    await waitForApp(harness.page);
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('imports an exported PNG with its settings; Reuse settings fills the studio with them', async () => {
    const { page } = harness;
    await goTo(page, 'Gallery');
    await page.getByTestId('import-files').setInputFiles({ name: 'emma-balloons.png', mimeType: 'image/png', buffer: design });

    const tile = page.locator('[data-testid=gallery-tile]').first();
    await tile.waitFor({ timeout: 30_000 });
    await tile.locator('.tile-open').click();
    const dialog = page.locator('dialog.detail-dialog');
    await poll(
      async () => (await dialog.locator('.detail-prompt').textContent()) ?? '',
      (text) => text === 'Gold balloons for Emma’s 5th',
    );
    const facts = (await dialog.locator('.detail-facts').textContent()) ?? '';
    expect(facts).toContain('Birthday');
    expect(facts).toContain('4242');
    expect(await dialog.locator('.detail-negative').textContent()).toBe('text');

    await dialog.getByRole('button', { name: 'Reuse settings' }).click();
    await page.getByLabel('Describe the design').waitFor();
    expect(await page.getByLabel('Describe the design').inputValue()).toBe('Gold balloons for Emma’s 5th');
    expect(await page.locator('input[name=style][value=birthday]').isChecked()).toBe(true);
    expect(await page.locator('#seed-input').inputValue()).toBe('4242');
    expect(await page.getByTestId('seed-lock').getAttribute('aria-pressed')).toBe('true');
  }, 60_000);

  it('Settings has an "Embed prompt and settings in exported files" switch that exported files follow; main refuses a bad value', async () => {
    const { page, service } = harness;
    const [entry] = (await service.listLibrary({ limit: 1 })).items;
    await goTo(page, 'Settings');
    const toggle = page.getByRole('switch', { name: 'Embed prompt and settings in exported files' });
    // The input is drawn as a switch track; a designer clicks its words.
    const flip = (): Promise<void> => page.locator('label.switch').filter({ hasText: 'Embed prompt and settings' }).click();
    expect(await toggle.isChecked()).toBe(true);
    expect(await readEmbeddedSettings(await service.exportedImage(entry!.id), 'png')).toMatchObject({ seed: 4242 });

    await flip();
    await poll(
      () => toggle.isChecked(),
      (checked) => !checked,
    );
    expect(service.getSettings().settings.exports.embedSettings).toBe(false);
    expect(await readEmbeddedSettings(await service.exportedImage(entry!.id), 'png')).toBeUndefined();

    // The page is untrusted: main validates the patch and names the bad field.
    const refused = await page.evaluate(() =>
      window.motif.settings
        .update({ exports: { embedSettings: 'no' as unknown as boolean } })
        .then(() => undefined)
        .catch((error: { code?: string; param?: string }) => ({ code: error.code, param: error.param })),
    );
    expect(refused?.code).toBe('invalid_request');
    expect(refused?.param).toMatch(/embedSettings/);
    expect(service.getSettings().settings.exports.embedSettings).toBe(false);

    await flip();
    await poll(() => toggle.isChecked(), Boolean);
    expect(service.getSettings().settings.exports.embedSettings).toBe(true);
  }, 60_000);
});

describe('an imported image without settings, in the app with a Runware key', () => {
  let app: RunwareApp;
  beforeAll(async () => {
    app = await startRunwareApp('e2e-caption-key', 11);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('comes in under its file name, then its tile and details show the caption Runware wrote, marked as a caption with its cost', async () => {
    const { page } = app.harness;
    await goTo(page, 'Gallery');
    const photo = Buffer.from(await redSquarePicture());
    await page.getByTestId('import-files').setInputFiles({ name: 'IMG_2041.png', mimeType: 'image/png', buffer: photo });

    const tile = page.locator('[data-testid=gallery-tile]').first();
    // The caption replaces the file name in place: the entry-updated event, no reload.
    await poll(
      async () => (await tile.locator('.tile-prompt').textContent()) ?? '',
      (text) => /mostly white/.test(text),
      30_000,
    );
    await tile.locator('.tile-open').click();
    const dialog = page.locator('dialog.detail-dialog');
    await dialog.getByTestId('detail-caption-note').waitFor();
    expect(await dialog.getByTestId('detail-caption-note').textContent()).toMatch(
      /Described by Runware from the imported image \(\$0\.0\d+\)/,
    );
    expect(await dialog.locator('.detail-prompt').textContent()).toMatch(/landscape 64x48 image, mostly white/);
    await page.keyboard.press('Escape');
  }, 60_000);
});
