import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RendererHarness } from './harness/index.ts';
import { openSeededGallery, poll } from './renderer-e2e-helpers.ts';

describe('projects and tags in the gallery', () => {
  let harness: RendererHarness;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ harness, close } = await openSeededGallery(3));
  }, 120_000);
  afterAll(async () => {
    await close?.();
  });

  it('creates a project, files an image and tags it from the details view, then filters by project and tag with cover and count', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('Project name').fill('Smith wedding');
    await page.getByRole('button', { name: 'Create' }).click();
    await poll(
      async () => (await page.getByTestId('project-current').textContent()) ?? '',
      (text) => text.includes('0 designs'),
    );
    await page.getByLabel('Project', { exact: true }).selectOption('');

    const first = page.locator('[data-testid=gallery-tile]').first();
    const id = await first.getAttribute('data-entry-id');
    await first.locator('.tile-open').click();
    const dialog = page.locator('dialog.detail-dialog');
    // The box follows the library: it ticks once main has filed the image.
    const box = dialog.getByRole('checkbox', { name: 'Smith wedding' });
    await box.click();
    await poll(() => box.isChecked(), Boolean);
    await dialog.getByLabel('Add a tag').fill('Gold');
    await dialog.getByRole('button', { name: 'Add tag' }).click();
    await poll(
      async () => (await dialog.getByRole('list', { name: 'Tags' }).textContent()) ?? '',
      (text) => text.includes('gold'),
    );
    await page.keyboard.press('Escape');

    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Smith wedding (1)' });
    await poll(
      () => page.locator('[data-testid=gallery-tile]').count(),
      (n) => n === 1,
    );
    expect(await page.locator('[data-testid=gallery-tile]').first().getAttribute('data-entry-id')).toBe(id);
    expect(await page.getByTestId('project-current').textContent()).toContain('1 design');
    expect(await page.getByRole('img', { name: 'Cover of Smith wedding' }).getAttribute('src')).toContain(id!);

    await page.getByLabel('Project', { exact: true }).selectOption('');
    await page.getByLabel('Filter by tag').fill('gold');
    await page.getByLabel('Filter by tag').press('Enter');
    await poll(
      () => page.locator('[data-testid=gallery-tile]').count(),
      (n) => n === 1,
    );
  }, 60_000);
});
