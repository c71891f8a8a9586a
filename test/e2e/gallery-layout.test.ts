import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RendererHarness } from './harness/index.ts';
import { expectCleanPage, goTo, openSeededGallery, poll, screenshot } from './renderer-e2e-helpers.ts';

const TOTAL = 120;
/** Entry i is square, wide or tall by i % 3; four entries in a row share a job. */
const SIZES = ['512x512', '768x384', '384x768'] as const;
const ASPECTS = [1, 2, 0.5] as const;

interface TileBox {
  readonly id: string;
  readonly top: number;
  readonly left: number;
  readonly right: number;
  readonly height: number;
  readonly imageAspect: number;
}

describe('the gallery: justified rows, groups, quick actions, filters', () => {
  let harness: RendererHarness;
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    ({ harness, close } = await openSeededGallery(TOTAL, SIZES, 4));
  }, 120_000);
  afterAll(() => close());

  const tiles = (): Promise<TileBox[]> =>
    harness.page.locator('[data-testid=gallery-tile]').evaluateAll((nodes) =>
      nodes.map((node) => {
        const box = node.getBoundingClientRect();
        const image = node.querySelector('.tile-thumb img')!.getBoundingClientRect();
        return {
          id: node.getAttribute('data-entry-id')!,
          top: Math.round(box.top),
          left: box.left,
          right: box.right,
          height: box.height,
          imageAspect: image.width / image.height,
        };
      }),
    );
  const contentBox = () => harness.page.locator('.virtual-grid-content').boundingBox();
  const setSelect = (label: string, value: string) => harness.page.getByLabel(label, { exact: true }).selectOption(value);

  it('lays designs out in justified rows at their own aspect ratio, never cropped (findings 1 and 5)', async () => {
    await setSelect('Group designs', 'none');
    await poll(
      () => harness.page.locator('.grid-group-header').count(),
      (count) => count === 0,
    );
    const content = (await contentBox())!;
    const all = await tiles();
    for (const tile of all) {
      const i = Number(tile.id.slice(5));
      expect(tile.imageAspect).toBeCloseTo(ASPECTS[i % 3]!, 1);
    }
    // Tiles sharing a top form a row; every full row ends flush with the right edge and has one height.
    const rows = new Map<number, TileBox[]>();
    for (const tile of all) rows.set(tile.top, [...(rows.get(tile.top) ?? []), tile]);
    const ordered = [...rows.values()].sort((a, b) => a[0]!.top - b[0]!.top).slice(0, -1);
    expect(ordered.length).toBeGreaterThan(2);
    for (const row of ordered) {
      expect(Math.max(...row.map((tile) => tile.right))).toBeCloseTo(content.x + content.width, 0);
      expect(new Set(row.map((tile) => Math.round(tile.height))).size).toBe(1);
    }
    await screenshot(harness.page, 'gallery-justified');
  });

  it('makes images bigger or smaller with the size slider', async () => {
    const { page } = harness;
    const heightOfFirst = async (): Promise<number> => (await tiles())[0]!.height;
    const before = await heightOfFirst();
    await page.getByLabel('Thumbnail size').fill('360');
    await poll(heightOfFirst, (height) => height > before + 60);
    await page.getByLabel('Thumbnail size').fill('120');
    await poll(heightOfFirst, (height) => height < before - 40);
    await page.getByLabel('Thumbnail size').fill('200');
  });

  it('groups by generation and by day, with a heading per group', async () => {
    const { page } = harness;
    await setSelect('Group designs', 'job');
    await poll(
      () => page.locator('.grid-group-header').count(),
      (count) => count > 2,
    );
    // Every generation's images start a new row under their own heading.
    const headerTops = await page
      .locator('.grid-group-header')
      .evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().bottom));
    const jobFirsts = (await tiles()).filter((tile) => Number(tile.id.slice(5)) % 4 === 0).slice(0, 3);
    for (const tile of jobFirsts) expect(headerTops.some((bottom) => Math.abs(bottom + 0 - tile.top) < 2)).toBe(true);
    expect(await page.locator('.group-prompt').first().textContent()).toMatch(/#0$/);
    await screenshot(page, 'gallery-by-job');

    await setSelect('Group designs', 'day');
    const newest = await harness.service.getEntry('seed-0');
    const heading = await page.locator('.group-title').first().textContent();
    expect(heading).toBe(
      new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(newest.createdAt),
    );
    // Within a day the tiles tell designs apart by time, not one repeated date.
    const metas = await page.locator('.tile-meta').allTextContents();
    expect(new Set(metas.slice(0, 8)).size).toBe(8);
  });

  it('shows the full prompt on hover and offers favourite, vary, print and delete there', async () => {
    const { page } = harness;
    const tile = page.locator('[data-entry-id="seed-1"]');
    const entry = await harness.service.getEntry('seed-1');
    expect(await tile.locator('.tile-open').getAttribute('title')).toBe(entry.prompt);
    await tile.hover();
    await poll(
      () => tile.locator('.tile-actions').evaluate((node) => getComputedStyle(node).opacity),
      (opacity) => opacity === '1',
    );
    expect(await tile.locator('.tile-full-prompt').textContent()).toBe(entry.prompt);

    await tile.getByRole('button', { name: 'Add to favourites' }).click();
    await poll(
      () => harness.service.getEntry('seed-1').then((e) => e.favourite),
      (favourite) => favourite,
    );

    // Vary asks the image tools for a job; whether a provider can take it here is the engine's answer, shown either way.
    await tile.getByRole('button', { name: 'Make variations' }).click();
    const answer = await poll(
      () => page.getByTestId('toast').allTextContents(),
      (texts) => texts.some((text) => /Making 4 variations\.|No provider can use this tool/.test(text)),
    );
    expect(
      harness.traffic.some(
        (frame) => frame.direction === 'to-engine' && frame.text.includes('"tasks:submit"') && frame.text.includes('"entryId":"seed-1"'),
      ),
    ).toBe(true);
    if (answer.some((text) => text.startsWith('Making 4 variations.')))
      await poll(
        async () => harness.service.jobs().filter((job) => job.task?.kind === 'vary' && job.task.sourceEntryId === 'seed-1').length,
        (count) => count === 1,
      );

    await page.locator('[data-entry-id="seed-2"]').hover();
    await page.locator('[data-entry-id="seed-2"]').getByRole('button', { name: 'Delete' }).click();
    await poll(
      () =>
        harness.service.getEntry('seed-2').then(
          () => 'still there',
          () => 'gone',
        ),
      (state) => state === 'gone',
    );
    await page.getByTestId('toast').filter({ hasText: 'Deleted 1 design' }).getByRole('button', { name: 'Undo' }).click();
    await poll(
      () =>
        harness.service.getEntry('seed-2').then(
          () => 'back',
          () => 'gone',
        ),
      (state) => state === 'back',
    );

    await page.locator('[data-entry-id="seed-3"]').hover();
    await page.locator('[data-entry-id="seed-3"]').getByRole('button', { name: 'Print' }).click();
    await page.getByRole('heading', { name: /print/i }).first().waitFor();
    await goTo(page, 'Gallery');
  });

  it('keeps each tile to two tab stops, drags a tile out, and Escape lets go of a selection (finding 8)', async () => {
    const { page } = harness;
    const stops = await page
      .locator('[data-entry-id="seed-4"]')
      .evaluate(
        (tile) => [...tile.querySelectorAll<HTMLElement>('button, input, a[href], [tabindex]')].filter((node) => node.tabIndex >= 0).length,
      );
    expect(stops).toBe(2);

    await page.locator('[data-entry-id="seed-5"] .tile-open').dispatchEvent('dragstart');
    await poll(
      async () => harness.shellCalls.filter((call) => call.kind === 'start-drag'),
      (calls) => calls.length === 1,
    );
    expect(harness.shellCalls.find((call) => call.kind === 'start-drag')).toEqual({
      kind: 'start-drag',
      files: [await harness.service.imagePath('seed-5')],
    });

    await page.locator('[data-entry-id="seed-4"] .tile-select input').check();
    await page.locator('[data-entry-id="seed-5"] .tile-select input').check();
    expect(await page.locator('.selection-count').textContent()).toBe('2 selected');
    await page.keyboard.press('Escape');
    await poll(
      () => page.locator('.selection-count').count(),
      (count) => count === 0,
    );
  });

  it('fits the toolbar on one line at 1440 px and names an active filter, with "Clear filters" (finding 5)', async () => {
    const { page } = harness;
    const toolbar = (await page.locator('.gallery-toolbar').boundingBox())!;
    expect(toolbar.height).toBeLessThan(48);
    const folder = (await page.getByRole('button', { name: 'Open library folder' }).boundingBox())!;
    expect(folder.height).toBeLessThan(40);
    expect(await page.locator('input[type=date]').count()).toBe(0);

    await setSelect('Filter by style', 'wedding');
    await page.getByTestId('clear-filters').waitFor();
    await page.getByLabel('Search designs by prompt').fill('no design says this');
    await poll(
      () => page.getByTestId('active-filters').textContent(),
      (text) => text === 'Showing “no design says this”, style Wedding. Nothing matches all of them.',
    );
    await screenshot(page, 'gallery-no-results');
    await page.locator('.empty-state').getByRole('button', { name: 'Clear filters' }).click();
    await poll(
      () => page.getByTestId('gallery-count').textContent(),
      (text) => text === `${TOTAL} designs`,
    );
    expect(await page.getByLabel('Filter by style', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('Search designs by prompt').inputValue()).toBe('');
    expect(await page.getByTestId('clear-filters').count()).toBe(0);
    expectCleanPage(harness);
  });
});
