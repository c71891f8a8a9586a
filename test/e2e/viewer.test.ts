import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RendererHarness } from './harness/index.ts';
import { expectCleanPage, openSeededGallery, poll, screenshot } from './renderer-e2e-helpers.ts';

const TOTAL = 40;
/** Entry i is square, wide or tall by i % 3. */
const SIZES = ['512x512', '768x384', '384x768'] as const;

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(page: Page, selector: string): Promise<Box> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return box;
}

/** Where the viewer's frame and its fixed controls are. */
async function geometry(page: Page): Promise<Record<string, Box>> {
  const names = {
    dialog: '[data-testid=detail-dialog]',
    previous: '[aria-label="Previous design"]',
    next: '[aria-label="Next design"]',
    close: '[aria-label="Close details"]',
    stage: '[data-testid=zoom-stage]',
    actions: '.detail-actions',
  };
  const result: Record<string, Box> = {};
  for (const [name, selector] of Object.entries(names)) result[name] = await boxOf(page, selector);
  return result;
}

describe('the viewer', { timeout: 90_000 }, () => {
  let harness: RendererHarness;
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    ({ harness, close } = await openSeededGallery(TOTAL, SIZES));
  }, 120_000);
  afterAll(() => close());

  const open = async (id: string): Promise<void> => {
    // A failed test may have left the viewer open.
    for (let i = 0; i < 2 && (await harness.page.getByTestId('detail-dialog').isVisible()); i += 1)
      await harness.page.keyboard.press('Escape');
    // A pointer click aims where the tile was measured; a gallery re-layout in between (after the
    // previous test's delete) can land it on a neighbour, so a wrong design is closed and clicked again.
    for (let attempt = 1; ; attempt += 1) {
      await harness.page.locator(`[data-entry-id="${id}"] .tile-open`).click();
      await harness.page.getByTestId('detail-dialog').waitFor();
      try {
        await poll(
          () => harness.page.locator('.detail-prompt').textContent(),
          (text) => text?.endsWith(`#${id.slice(5)}`) ?? false,
        );
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        await harness.page.keyboard.press('Escape');
      }
    }
  };
  const closeViewer = async (): Promise<void> => {
    await harness.page.keyboard.press('Escape');
    await poll(
      () => harness.page.getByTestId('detail-dialog').isVisible(),
      (visible) => !visible,
    );
  };
  const imageBox = (): Promise<Box> => boxOf(harness.page, '.zoom-image');

  it('shows the image as large as the stage allows, at 100 %, zoomed and panned (finding 1)', async () => {
    const { page } = harness;
    await open('seed-1'); // 768 × 384
    const stage = await boxOf(page, '[data-testid=zoom-stage]');
    let image = await imageBox();
    // Fit: the limiting side fills the stage (the old dialog showed a 1024 px image at 638 px and could not zoom).
    expect(Math.max(image.width / stage.width, image.height / stage.height)).toBeGreaterThan(0.99);
    expect(image.width / image.height).toBeCloseTo(2, 2);
    await screenshot(page, 'viewer');

    await page.getByRole('button', { name: '100 %' }).click();
    image = await imageBox();
    expect(image.width).toBeCloseTo(768, 0);
    expect(image.height).toBeCloseTo(384, 0);
    expect(await page.getByTestId('zoom-level').textContent()).toBe('100 %');

    for (let i = 0; i < 4; i += 1) await page.keyboard.press('+');
    image = await imageBox();
    expect(image.width).toBeGreaterThan(stage.width + 240);
    expect(await page.getByTestId('zoom-level').textContent()).toBe('244 %');

    // Dragging a zoomed image pans it, never beyond its edge.
    const before = image.x;
    await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
    await page.mouse.down();
    await page.mouse.move(stage.x + stage.width / 2 + 120, stage.y + stage.height / 2, { steps: 4 });
    await page.mouse.up();
    image = await imageBox();
    expect(image.x).toBeCloseTo(before + 120, 0);
    await page.mouse.move(stage.x + 10, stage.y + 10);
    await page.mouse.down();
    await page.mouse.move(stage.x + stage.width - 10, stage.y + 10, { steps: 4 });
    await page.mouse.up();
    image = await imageBox();
    expect(image.x).toBeCloseTo(stage.x, 0);

    // The wheel zooms about the cursor; 0 fits again.
    await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
    await page.mouse.wheel(0, -300);
    await poll(
      () => page.getByTestId('zoom-level').textContent(),
      (text) => Number.parseInt(text ?? '0', 10) > 244,
    );
    await page.keyboard.press('0');
    image = await imageBox();
    expect(Math.max(image.width / stage.width, image.height / stage.height)).toBeGreaterThan(0.99);
    await closeViewer();
    expectCleanPage(harness);
  });

  it('keeps its frame and controls in place whatever the image’s shape (finding 6)', async () => {
    const { page } = harness;
    await open('seed-3'); // square
    const square = await geometry(page);
    await page.keyboard.press('ArrowRight'); // seed-4: wide
    await poll(
      () => page.locator('.detail-prompt').textContent(),
      (text) => text?.endsWith('#4') ?? false,
    );
    const wide = await geometry(page);
    await page.keyboard.press('ArrowRight'); // seed-5: tall
    await poll(
      () => page.locator('.detail-prompt').textContent(),
      (text) => text?.endsWith('#5') ?? false,
    );
    const tall = await geometry(page);
    expect(wide).toEqual(square);
    expect(tall).toEqual(square);

    // Toggling Favourite (F) does not re-wrap the button row.
    const buttons = async (): Promise<Box[]> =>
      page.locator('.detail-actions > button').evaluateAll((nodes) =>
        nodes.map((node) => {
          const rect = node.getBoundingClientRect();
          return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
        }),
      );
    const before = await buttons();
    await page.keyboard.press('f');
    await poll(
      () => page.getByTestId('detail-dialog').getByRole('button', { name: 'Favourite', exact: true }).getAttribute('aria-pressed'),
      (pressed) => pressed === 'true',
    );
    expect((await harness.service.getEntry('seed-5')).favourite).toBe(true);
    expect(await buttons()).toEqual(before);
    await page.keyboard.press('f');
    await poll(
      () => harness.service.getEntry('seed-5').then((entry) => entry.favourite),
      (favourite) => !favourite,
    );
    await closeViewer();
  });

  it('moves on to the next design after Delete, with Undo reachable above the backdrop (finding 6)', async () => {
    const { page } = harness;
    await open('seed-6');
    await page.keyboard.press('Delete');
    await poll(
      () => page.locator('.detail-prompt').textContent(),
      (text) => text?.endsWith('#7') ?? false,
    );
    expect(await page.getByTestId('detail-dialog').isVisible()).toBe(true);
    expect((await harness.service.listLibrary({ limit: 1 })).total).toBe(TOTAL - 1);
    const undo = page.getByTestId('toast').filter({ hasText: 'Deleted 1 design' }).getByRole('button', { name: 'Undo' });
    const box = (await undo.boundingBox())!;
    const onTop = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.textContent,
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(onTop).toBe('Undo');
    await undo.click();
    await poll(
      () => harness.service.listLibrary({ limit: 1 }).then((page) => page.total),
      (total) => total === TOTAL,
    );
    await closeViewer();
  });

  it('compares two or four side by side; Escape leaves compare, then closes', async () => {
    const { page } = harness;
    await open('seed-9');
    await page.keyboard.press('c');
    const panes = page.locator('[data-testid=compare-view] .compare-pane');
    /** Each image is drawn inside its own pane, not over its neighbours. */
    const imagesInsidePanes = (): Promise<boolean> =>
      panes.evaluateAll((nodes) =>
        nodes.every((pane) => {
          const box = pane.getBoundingClientRect();
          const image = pane.querySelector('img')!.getBoundingClientRect();
          return (
            image.top >= box.top - 0.5 && image.bottom <= box.bottom + 0.5 && image.left >= box.left - 0.5 && image.right <= box.right + 0.5
          );
        }),
      );
    await poll(
      () => panes.count(),
      (count) => count === 2,
    );
    expect(await panes.allTextContents()).toEqual([expect.stringMatching(/#9 · seed 9$/), expect.stringMatching(/#10 · seed 10$/)]);
    const [left, right] = [await panes.nth(0).boundingBox(), await panes.nth(1).boundingBox()];
    expect(left!.y).toBeCloseTo(right!.y, 0);
    expect(left!.width).toBeCloseTo(right!.width, 0);
    expect(await imagesInsidePanes()).toBe(true);
    await page.getByRole('button', { name: 'Compare 4' }).click();
    await poll(
      () => panes.count(),
      (count) => count === 4,
    );
    expect(await imagesInsidePanes()).toBe(true);
    await screenshot(page, 'viewer-compare');
    await page.keyboard.press('Escape');
    await page.getByTestId('zoom-stage').waitFor();
    expect(await page.getByTestId('detail-dialog').isVisible()).toBe(true);
    // Choosing a pane shows it alone.
    await page.keyboard.press('c');
    await panes.nth(1).getByRole('button').click();
    await poll(
      () => page.locator('.detail-prompt').textContent(),
      (text) => text?.endsWith('#10') ?? false,
    );
    await closeViewer();
  });

  it('copies the image through main’s clipboard and drags it out', async () => {
    const { page } = harness;
    await open('seed-12');
    await page.getByRole('button', { name: 'Copy image' }).click();
    await page.getByTestId('toast').filter({ hasText: 'Image copied.' }).waitFor();
    const path = await harness.service.imagePath('seed-12');
    expect(harness.shellCalls.filter((call) => call.kind === 'copy-image')).toEqual([{ kind: 'copy-image', file: path }]);
    await page.keyboard.press('Control+c');
    await poll(
      async () => harness.shellCalls.filter((call) => call.kind === 'copy-image').length,
      (count) => count === 2,
    );

    const drags = harness.shellCalls.filter((call) => call.kind === 'start-drag').length;
    await page.locator('.zoom-image').dispatchEvent('dragstart');
    await poll(
      async () => harness.shellCalls.filter((call) => call.kind === 'start-drag'),
      (calls) => calls.length === drags + 1,
    );
    expect(harness.shellCalls.filter((call) => call.kind === 'start-drag').at(-1)).toEqual({ kind: 'start-drag', files: [path] });
    await closeViewer();
    expectCleanPage(harness);
  });
});
