import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RendererHarness } from './harness/index.ts';
import {
  expectCleanPage,
  generate,
  goTo,
  newestJobState,
  poll,
  screenshot,
  startRunwareApp,
  type RunwareApp,
} from './renderer-e2e-helpers.ts';

const KEY = 'rw-e2e-catalogue-5c2e91';
const POSTER = 'civitai:288584@324524';
const BALLOONS = 'civitai:652699@730219';

/**
 * The model catalogue as a designer uses it: "More models…" in the model
 * menu, search, preview, pin; the pinned checkpoint in the menu and a pinned
 * LoRA with a weight on the next generation, which reaches the (emulated)
 * Runware with that model id and LoRA.
 */
describe('the model catalogue (Runware emulator)', () => {
  let app: RunwareApp;
  let harness: RendererHarness;
  beforeAll(async () => {
    app = await startRunwareApp(KEY, 21);
    harness = app.harness;
  }, 90_000);
  afterAll(() => app?.close());

  it('searches, previews and pins; the pinned model and LoRA reach Runware from the studio', async () => {
    const { page } = harness;
    await goTo(page, 'Studio');
    const menu = page.locator('#model-select');
    await menu.selectOption({ label: 'More models…' });
    const dialog = page.getByTestId('catalogue-dialog');
    await dialog.getByRole('heading', { name: 'More models' }).waitFor();
    // The menu keeps the model it had.
    expect(await menu.inputValue()).toBe('default');

    await dialog.getByLabel('Search models').fill('paper decoration');
    const row = dialog.locator(`[data-air="${POSTER}"]`);
    await poll(
      () => dialog.locator('.catalogue-row').count(),
      (n) => n === 1,
    );
    expect(await row.locator('.catalogue-name').textContent()).toBe('Paper Craft XL');
    // The preview comes through main (motif-media: / the harness's media route), decoded by the page.
    const preview = row.locator('img.catalogue-preview');
    expect(await preview.getAttribute('src')).not.toMatch(/^https?:\/\/127\.0\.0\.1:\d+\/img/);
    await poll(
      () => preview.evaluate((img) => (img as HTMLImageElement).naturalWidth),
      (width) => width > 0,
    );
    await row.getByRole('button', { name: 'Pin Paper Craft XL' }).click();
    await row.getByRole('button', { name: 'Unpin Paper Craft XL' }).waitFor();

    await dialog.getByLabel('Category').selectOption('lora');
    await dialog.getByLabel('Search models').fill('balloon');
    const lora = dialog.locator(`[data-air="${BALLOONS}"]`);
    await poll(
      () => dialog.locator('.catalogue-row').count(),
      (n) => n === 1,
    );
    await lora.waitFor();
    await lora.getByRole('button', { name: 'Pin Balloon Arch' }).click();
    await lora.getByRole('button', { name: 'Unpin Balloon Arch' }).waitFor();
    await dialog.getByLabel('Search models').fill('');
    await poll(
      () => dialog.locator('.catalogue-row').count(),
      (n) => n > 1,
    );
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('img.catalogue-preview')].every((img) => img.complete && img.naturalWidth > 0),
    );
    await screenshot(page, 'model-catalogue');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The pinned checkpoint is in the model menu; the pinned LoRA in the picker.
    await menu.selectOption(POSTER);
    await page.getByLabel('Add a LoRA').selectOption(BALLOONS);
    const slider = page.locator('.lora-row input[type=range]');
    await slider.fill('0.5');
    expect(await page.locator('.lora-weight').textContent()).toBe('0.50');

    await generate(page, 'paper garland with balloons', 1);
    await expect.poll(() => newestJobState(page), { timeout: 60_000 }).toBe('saved');
    expect(app.emulator.stats.inferenceModels[POSTER]).toBe(1);
    expect(app.emulator.stats.loraWeights).toEqual({ [BALLOONS]: 0.5 });
    const entry = (await harness.service.listLibrary({ limit: 1 })).items[0];
    expect(entry).toMatchObject({ provider: 'runware', model: POSTER, loras: [{ model: BALLOONS, weight: 0.5 }] });
    expectCleanPage(harness);
  }, 120_000);
});
