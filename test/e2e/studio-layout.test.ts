import { afterEach, describe, expect, it } from 'vitest';
import { offlineDesignReport } from '../../src/core/contract/offline-design.ts';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { PAST_FIRST_RUN, expectCleanPage, generate, newestJobState } from './renderer-e2e-helpers.ts';

describe('the studio’s Layout menu', () => {
  let harness: RendererHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('defaults to "From the prompt" and sends the layout chosen, which the offline engine draws', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1440, height: 900 } });
    const { page } = harness;
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const select = page.getByRole('combobox', { name: /Layout/ });
    expect(await select.inputValue()).toBe('from-prompt');
    expect(await select.locator('option:checked').textContent()).toBe('From the prompt');
    // Every layout of the offline engine is offered by its label.
    expect(await select.locator('option').allTextContents()).toEqual([
      'From the prompt',
      'Party scene',
      'Invitation card',
      'Poster',
      'Bunting (one letter per pennant)',
      'Sticker / cake topper',
      'Seamless pattern tile',
      'Table card',
    ]);
    // Chosen from the keyboard, as a designer without a mouse would.
    await select.focus();
    await select.selectOption({ label: 'Poster' });
    expect(await page.locator('#layout-hint').textContent()).toBe('AI models ignore it and say so.');

    await generate(page, '"Emma" dinosaur party', 1);
    await expect.poll(() => newestJobState(page), { timeout: 30_000 }).toBe('saved');
    const [job] = harness.service.jobs();
    expect(job?.request.layout).toBe('poster');
    const listed = await harness.service.listLibrary({});
    expect(listed.items).toHaveLength(1);
    // The prompt alone would have chosen the scene.
    expect(offlineDesignReport(listed.items[0]?.providerMetadata)?.layout).toBe('poster');

    // Back to "From the prompt": the next request names no layout.
    await select.selectOption({ label: 'From the prompt' });
    await generate(page, '"Emma" dinosaur party', 1);
    await expect.poll(() => harness!.service.jobs().length, { timeout: 30_000 }).toBe(2);
    expect(harness.service.jobs().find((j) => j.id !== job?.id)?.request).not.toHaveProperty('layout');
    expectCleanPage(harness);
  }, 120_000);
});
