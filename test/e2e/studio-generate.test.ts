import { afterEach, describe, expect, it } from 'vitest';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { PAST_FIRST_RUN, expectCleanPage, generate, goTo, newestJobState, screenshot, waitForApp } from './renderer-e2e-helpers.ts';

describe('studio → queue → gallery', () => {
  let harness: RendererHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('generates two images that arrive in the queue and then show in the gallery', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1440, height: 900 } });
    const { page } = harness;
    await waitForApp(page);

    await generate(page, 'gold balloons and confetti over a navy sky', 2);
    const card = page.locator('[data-testid=job-card]').first();
    await card.waitFor();
    await expect.poll(() => newestJobState(page), { timeout: 20_000 }).toBe('saved');
    await expect.poll(() => card.locator('[data-testid=job-image]').count()).toBe(2);
    expect(await card.getByTestId('served-by').textContent()).toBe('Made offline, on this computer');
    expect(await card.locator('.job-state').textContent()).toBe('Saved');
    await screenshot(page, 'studio');

    await goTo(page, 'Gallery');
    await expect.poll(() => page.locator('[data-testid=gallery-tile]').count()).toBe(2);
    expect(await page.getByTestId('gallery-count').textContent()).toBe('2 designs');
    const listed = await harness.service.listLibrary({});
    expect(listed.total).toBe(2);
    expect(listed.items.every((entry) => entry.prompt === 'gold balloons and confetti over a navy sky')).toBe(true);
    await screenshot(page, 'gallery-two');

    // The details say what the offline engine drew and which words it did not know.
    await page.locator('[data-testid=gallery-tile] .tile-open').first().click();
    const drew = await page.getByTestId('detail-dialog').getByTestId('detail-drew').textContent();
    expect(drew).toMatch(/Drew: .+ \(scene\)/);
    expect(drew).toContain('Did not know:');
    await page.keyboard.press('Escape');
    expectCleanPage(harness);
  }, 120_000);
});
