import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RendererHarness } from './harness/index.ts';
import { expectCleanPage, openSeededGallery, poll, screenshot } from './renderer-e2e-helpers.ts';

const TOTAL = 10_000;

describe('gallery over a library of ten thousand designs', () => {
  let harness: RendererHarness;
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    ({ harness, close } = await openSeededGallery(TOTAL));
  }, 120_000);
  afterAll(() => close());

  const tiles = (): Promise<number> => harness.page.locator('[data-testid=gallery-tile]').count();
  const cells = (): Promise<number> => harness.page.locator('.grid-cell').count();

  it('scrolls to the end of 10,000 designs with a small DOM and a bounded page window', async () => {
    const { page } = harness;
    expect(await page.getByTestId('gallery-count').textContent()).toBe('10,000 designs');
    expect(await cells()).toBeLessThan(200);
    await screenshot(page, 'gallery');

    const scroller = page.getByTestId('gallery-scroll');
    // Scroll in steps, as a wheel would, then jump to the very end.
    for (const fraction of [0.1, 0.25, 0.5, 0.75, 0.9]) {
      await scroller.evaluate((element, f) => element.scrollTo({ top: element.scrollHeight * f }), fraction);
      await page.waitForTimeout(60);
      expect(await cells()).toBeLessThan(200);
    }
    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    const last = page.locator(`[data-entry-id="seed-${TOTAL - 1}"]`);
    await last.waitFor({ timeout: 15_000 });
    expect(await last.locator('.tile-prompt').textContent()).toMatch(new RegExp(`#${TOTAL - 1}$`));
    expect(await cells()).toBeLessThan(200);
    expect(await tiles()).toBeGreaterThan(0);
    // Thumbnails only, never the full image, in the grid.
    const sources = await page
      .locator('[data-testid=gallery-tile] img')
      .evaluateAll((images) => images.map((image) => (image as HTMLImageElement).src));
    expect(sources.every((src) => src.includes('/thumb/'))).toBe(true);

    // Keyboard: Home goes back to the first design, and focus follows it.
    const before = harness.traffic.length;
    await page.locator('[data-testid=gallery-tile] .tile-open').first().focus();
    await page.keyboard.press('Home');
    await page.locator('[data-entry-id="seed-0"]').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.activeElement?.closest('[data-index]')?.getAttribute('data-index'))).toBe('0');
    // The first page was evicted while we were at the end (only a window of pages is kept), so it is read again.
    const refetched = harness.traffic
      .slice(before)
      .some((frame) => frame.direction === 'to-engine' && frame.text.includes('"library:list"') && frame.text.includes('"offset":0'));
    expect(refetched).toBe(true);
  }, 90_000);

  it('searches by prompt, debounced, and filters by favourites', async () => {
    const { page } = harness;
    const search = page.getByLabel('Search designs by prompt');
    await search.fill('#4242');
    await poll(
      () => page.getByTestId('gallery-count').textContent(),
      (text) => text === '1 design',
    );
    await poll(tiles, (count) => count === 1);
    expect(await page.locator('[data-testid=gallery-tile] .tile-prompt').textContent()).toMatch(/#4242$/);

    await search.fill('bunting');
    await poll(
      () => page.getByTestId('gallery-count').textContent(),
      (text) => text === `${(TOTAL / 6) | 0 || 0} designs` || /^1,66[67] designs$/.test(text ?? ''),
    );
    await search.fill('');
    await page.getByRole('button', { name: 'Favourites', exact: true }).click();
    const favourites = Math.ceil(TOTAL / 97);
    await poll(
      () => page.getByTestId('gallery-count').textContent(),
      (text) => text === `${favourites} designs`,
    );
    await page.getByRole('button', { name: 'Favourites', exact: true }).click();
    await poll(
      () => page.getByTestId('gallery-count').textContent(),
      (text) => text === '10,000 designs',
    );
    expectCleanPage(harness);
  }, 60_000);

  it('opens the details of a design with everything about it', async () => {
    const { page } = harness;
    await page.getByLabel('Search designs by prompt').fill('#7');
    await poll(
      () => page.getByTestId('gallery-count').textContent(),
      (text) => text !== '10,000 designs',
    );
    await page.getByLabel('Search designs by prompt').fill('');
    await poll(
      () => page.getByTestId('gallery-count').textContent(),
      (text) => text === '10,000 designs',
    );
    await page.locator('[data-entry-id="seed-2"] .tile-open').click();
    const dialog = page.getByTestId('detail-dialog');
    await dialog.waitFor();
    expect(await dialog.locator('.detail-prompt').textContent()).toMatch(/#2$/);
    expect(await dialog.getByTestId('detail-provider').textContent()).toContain('Offline engine');
    expect(await dialog.getByTestId('detail-cost').textContent()).toMatch(/^(\$0\.00|unknown)$/);
    const facts = await dialog.locator('.detail-facts').textContent();
    for (const label of ['Style', 'Size', 'Seed', 'Model', 'Latency', 'Created']) expect(facts).toContain(label);
    expect(await dialog.locator('.zoom-image').getAttribute('src')).toContain('/image/');
    await screenshot(page, 'details');

    // → moves to the next (older) design; Escape closes.
    await page.keyboard.press('ArrowRight');
    await poll(
      () => dialog.locator('.detail-prompt').textContent(),
      (text) => /#3$/.test(text ?? ''),
    );
    await page.keyboard.press('Escape');
    await poll(
      () => dialog.isVisible(),
      (visible) => !visible,
    );
    expectCleanPage(harness);
  }, 60_000);

  it('deletes with undo, and exports a multi-selection', async () => {
    const { page } = harness;
    await page.locator('[data-entry-id="seed-0"] .tile-select input').check();
    await page.locator('[data-entry-id="seed-1"] .tile-select input').check();
    expect(await page.locator('.selection-count').textContent()).toBe('2 selected');

    await page.getByRole('button', { name: 'Export ZIP' }).click();
    await poll(
      () => page.getByTestId('toast').allTextContents(),
      (texts) => texts.some((text) => text.startsWith('Exported 2 designs')),
    );
    expect(harness.shellCalls.some((call) => call.kind === 'choose-export-target' && call.exportKind === 'zip')).toBe(true);

    await page.getByRole('toolbar', { name: 'Selected designs' }).getByRole('button', { name: 'Delete' }).click();
    await poll(
      () => page.getByTestId('gallery-count').textContent(),
      (text) => text === '9,998 designs',
    );
    expect((await harness.service.listLibrary({ limit: 1 })).total).toBe(TOTAL - 2);
    await page.getByTestId('toast').filter({ hasText: 'Deleted 2 designs' }).getByRole('button', { name: 'Undo' }).click();
    await poll(
      () => page.getByTestId('gallery-count').textContent(),
      (text) => text === '10,000 designs',
    );
    expect((await harness.service.listLibrary({ limit: 1 })).total).toBe(TOTAL);
    expectCleanPage(harness);
  }, 60_000);
});
