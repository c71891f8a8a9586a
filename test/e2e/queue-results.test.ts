import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { PAST_FIRST_RUN, expectCleanPage, generate, newestJobState, poll, waitForApp } from './renderer-e2e-helpers.ts';

/** Elements in the card a Tab key stops at. */
const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, summary, [tabindex]';

describe('results in the queue: big, keyboard-friendly, draggable; toasts above the viewer', { timeout: 90_000 }, () => {
  let harness: RendererHarness;
  beforeAll(async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1440, height: 900 } });
    await waitForApp(harness.page);
    await generate(harness.page, 'gold balloons and confetti over a navy sky', 4);
    await poll(
      () => newestJobState(harness.page),
      (state) => state === 'saved',
    );
    await poll(
      () => harness.page.locator('[data-testid=job-image]').count(),
      (count) => count === 4,
    );
  }, 120_000);
  afterAll(async () => harness?.close());

  it('shows each result at a size that can be judged (finding 1: ~130 px thumbnails in ~700 px cards)', async () => {
    const card = harness.page.locator('[data-testid=job-card]').first();
    const cardBox = (await card.boundingBox())!;
    const boxes = await card.locator('[data-testid=job-image] img').evaluateAll((images) =>
      images.map((image) => {
        const rect = image.getBoundingClientRect();
        return { width: rect.width, height: rect.height };
      }),
    );
    expect(boxes).toHaveLength(4);
    for (const box of boxes) {
      // Two across: each image close to half the card, not a fifth of it.
      expect(box.width).toBeGreaterThan(cardBox.width * 0.4);
      expect(box.width).toBeGreaterThan(250);
    }
  });

  it('draws the focus ring of a queue image unclipped (finding 8)', async () => {
    const { page } = harness;
    const first = page.locator('[data-testid=job-image]').first();
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    const clipped = await page.evaluate(() => {
      const button = document.activeElement as HTMLElement;
      if (!button.matches('[data-testid=job-image]')) return 'focus is not on a queue image';
      const style = getComputedStyle(button);
      const ring = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
      if (style.outlineStyle === 'none' || ring <= 0) return 'no focus ring';
      const rect = button.getBoundingClientRect();
      const outer = { left: rect.left - ring, top: rect.top - ring, right: rect.right + ring, bottom: rect.bottom + ring };
      for (let parent = button.parentElement; parent; parent = parent.parentElement) {
        const parentStyle = getComputedStyle(parent);
        if (parentStyle.overflowX === 'visible' && parentStyle.overflowY === 'visible') continue;
        const box = parent.getBoundingClientRect();
        if (outer.left < box.left || outer.top < box.top || outer.right > box.right || outer.bottom > box.bottom)
          return `clipped by ${parent.tagName.toLowerCase()}.${parent.className}`;
        break;
      }
      return 'visible';
    });
    expect(clipped).toBe('visible');
  });

  it('keeps a finished card to a few tab stops, the images being one (finding 8: 6–8 per card)', async () => {
    const card = harness.page.locator('[data-testid=job-card]').first();
    const stops = await card.evaluate(
      (element, selector) =>
        [...element.querySelectorAll<HTMLElement>(selector)].filter((node) => node.tabIndex >= 0 && node.getClientRects().length > 0)
          .length,
      TABBABLE,
    );
    const imageStops = await card.evaluate(
      (element, selector) =>
        [...element.querySelectorAll<HTMLElement>(selector)].filter((node) => node.tabIndex >= 0 && node.matches('[data-testid=job-image]'))
          .length,
      TABBABLE,
    );
    // Four images are one stop; the card's own controls (hide, how it was served, more like this,
    // variations, the tools button) make the rest.
    expect(imageStops).toBe(1);
    expect(stops).toBeLessThanOrEqual(6);
    // Arrow keys still reach every image.
    const { page } = harness;
    await card.locator('[data-testid=job-image]').first().focus();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Open image 4 of 4');
  });

  it('drags a result out of the queue as its file', async () => {
    const { page } = harness;
    const image = page.locator('[data-testid=job-image]').nth(1);
    await image.dispatchEvent('dragstart');
    const drag = await poll(
      async () => harness.shellCalls.filter((call) => call.kind === 'start-drag'),
      (calls) => calls.length === 1,
    );
    const entries = await harness.service.listLibrary({});
    const paths = await Promise.all(entries.items.map((entry) => harness.service.imagePath(entry.id)));
    expect(drag[0]).toEqual({ kind: 'start-drag', files: [expect.any(String)] });
    expect(paths).toContain((drag[0] as { files: readonly string[] }).files[0]);
  });

  it('shows toasts above the viewer’s backdrop, with the export named and "Show in folder" (finding 4)', async () => {
    const { page } = harness;
    await page.locator('[data-testid=job-image]').first().click();
    const dialog = page.getByTestId('detail-dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Export' }).click();
    const toast = page.getByTestId('toast').filter({ hasText: /^Exported 1 design to / });
    await toast.waitFor();
    const text = (await toast.locator('.toast-message').textContent()) ?? '';
    expect(text).toMatch(/^Exported 1 design to motif-export-\d+$/);
    expect(text).not.toContain('/');
    // What is on top where the toast is drawn is the toast itself, not the dialog's backdrop.
    const box = (await toast.boundingBox())!;
    const onTop = await page.evaluate(
      ([x, y]) => Boolean(document.elementFromPoint(x!, y!)?.closest('[data-testid=toast]')),
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(onTop).toBe(true);
    await toast.getByRole('button', { name: 'Show in folder' }).click();
    const exported = harness.shellCalls.find((call) => call.kind === 'choose-export-target');
    await poll(
      async () => harness.shellCalls.filter((call) => call.kind === 'show-item'),
      (calls) => calls.length === 1,
    );
    expect(harness.shellCalls.find((call) => call.kind === 'show-item')).toEqual({
      kind: 'show-item',
      path: (exported as { result: string }).result,
    });
    // The same message twice does not stack a copy.
    await dialog.getByRole('button', { name: 'Copy prompt' }).click();
    await dialog.getByRole('button', { name: 'Copy prompt' }).click();
    await page.waitForTimeout(100);
    const texts = await page.getByTestId('toast').allTextContents();
    expect(new Set(texts).size).toBe(texts.length);
    await page.keyboard.press('Escape');
    expectCleanPage(harness);
  });

  it('closes the prompt suggestions with Escape (finding 8)', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Enhance prompt' }).click();
    const panel = page.getByRole('region', { name: 'Prompt suggestions' });
    await panel.waitFor();
    await page.getByLabel('Describe the design').focus();
    await page.keyboard.press('Escape');
    await poll(
      () => panel.count(),
      (count) => count === 0,
    );
  });
});
