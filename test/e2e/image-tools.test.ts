import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { checkContrast, findUnnamedControls } from './a11y-audit.ts';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import {
  PAST_FIRST_RUN,
  expectCleanPage,
  generate,
  goTo,
  newestJobState,
  poll,
  screenshot,
  startRunwareApp,
  waitForApp,
  type RunwareApp,
} from './renderer-e2e-helpers.ts';

const KEY = 'rw-e2e-tools-5c2e81d0aa';

const cards = (page: Page): Locator => page.locator('[data-testid=job-card]');
const dialog = (page: Page): Locator => page.getByTestId('detail-dialog');

/** Waits until the newest job is saved and returns its card. */
async function newJobSaved(page: Page, before: number): Promise<Locator> {
  await poll(
    () => cards(page).count(),
    (n) => n > before,
  );
  await expect.poll(() => newestJobState(page), { timeout: 60_000 }).toBe('saved');
  return cards(page).first();
}

/** Generates one image and opens it in the details dialog. */
async function openFreshImage(page: Page, prompt: string): Promise<void> {
  const card = await (async () => {
    const before = await cards(page).count();
    await generate(page, prompt, 1);
    return newJobSaved(page, before);
  })();
  await card.locator('[data-testid=job-image]').first().click();
  await dialog(page).waitFor();
}

/** Picks a tool in `scope` (the details dialog or a card) and waits for its cost estimate on `provider`. */
async function pickTool(scope: Locator, name: string, provider: string): Promise<Locator> {
  await scope.getByRole('toolbar', { name: 'Image tools' }).getByRole('button', { name, exact: true }).click();
  const panel = scope.getByTestId('tool-panel');
  await estimateOn(panel, provider);
  return panel;
}

async function estimateOn(panel: Locator, provider: string): Promise<string> {
  return (await poll(
    () => panel.getByTestId('tool-estimate').textContent(),
    (text) => text !== null && text.includes(` on ${provider}`),
  ))!;
}

/** Runs the open tool from the details dialog and waits for its job to be saved; returns the job's card. */
async function runFromDetails(page: Page, panel: Locator): Promise<Locator> {
  const before = await cards(page).count();
  await panel.getByTestId('tool-run').click();
  // The details dialog closes and the studio shows the new job on top of the queue.
  await poll(
    () => dialog(page).isVisible(),
    (visible) => !visible,
  );
  return newJobSaved(page, before);
}

/** The newest library entry. */
async function newestEntry(harness: RendererHarness) {
  return (await harness.service.listLibrary({ limit: 1 })).items[0]!;
}

/**
 * The image tools with no key: the offline engine redraws its own designs
 * (remove background, upscale, vectorize) for free, and says so before it runs.
 */
describe('image tools (offline engine)', () => {
  let harness: RendererHarness;
  beforeAll(async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1440, height: 900 } });
    await waitForApp(harness.page);
  }, 90_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('removes a background, then opens the result: transparent corners, and its lineage shows', async () => {
    const { page } = harness;
    // A fixed seed: the offline redraw without a backdrop keeps its parts where the design had them, and
    // with some random seeds a part reaches a corner. Seed 1 is a design whose corners are all backdrop.
    await goTo(page, 'Studio');
    await page.locator('#seed-input').fill('1');
    if ((await page.getByTestId('seed-lock').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('seed-lock').click();
    await openFreshImage(page, 'a teddy bear holding a red balloon');
    const parentPrompt = await dialog(page).locator('.detail-prompt').textContent();
    const panel = await pickTool(dialog(page), 'Remove background', 'Offline engine');
    // The cost shows before anything runs: the offline engine is free.
    expect(await panel.getByTestId('tool-estimate').textContent()).toMatch(/^free on Offline engine/);
    expect((await panel.getByTestId('tool-run').textContent())?.trim()).toBe('Remove background · free');
    await screenshot(page, 'details-tools');
    const card = await runFromDetails(page, panel);
    expect(await card.getByTestId('job-task').textContent()).toContain('Remove background · made from');

    await card.locator('[data-testid=job-image]').first().click();
    await dialog(page).waitFor();
    const lineage = dialog(page).getByTestId('lineage');
    await poll(
      () => lineage.textContent(),
      (text) => text !== null && text.includes('Remove background · made from'),
    );
    // The chain: the original, then this image.
    expect(await lineage.locator('.lineage-step').count()).toBe(2);
    await screenshot(page, 'lineage-offline');

    const result = await newestEntry(harness);
    expect(result.task).toBe('remove-background');
    expect(result.format).toBe('png');
    const parent = await harness.service.getEntry(result.parentId!);
    expect(parent.prompt).toBe(parentPrompt);
    const { data, info } = await sharp(Buffer.from((await harness.service.readImage(result.id)).bytes))
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const alphaAt = (x: number, y: number): number => data[(y * info.width + x) * info.channels + 3]!;
    const corners = [alphaAt(0, 0), alphaAt(info.width - 1, 0), alphaAt(0, info.height - 1), alphaAt(info.width - 1, info.height - 1)];
    expect(corners).toEqual([0, 0, 0, 0]);

    // "made from …" opens the parent, which is an original: no lineage there.
    await lineage.getByTestId('lineage-parent').click();
    await poll(
      () => dialog(page).locator('.detail-prompt').textContent(),
      (text) => text === parentPrompt,
    );
    expect(await dialog(page).getByTestId('lineage').count()).toBe(0);
    await page.keyboard.press('Escape');
    expectCleanPage(harness);
  }, 120_000);

  it('upscales from a queue card: ×2 makes an image twice the size, free offline', async () => {
    const { page } = harness;
    await goTo(page, 'Studio');
    const before = await cards(page).count();
    await generate(page, 'gold stars on a midnight blue banner', 1);
    const source = await newJobSaved(page, before);
    const parent = await newestEntry(harness);
    await source.getByRole('button', { name: 'Use a tool…' }).click();
    const panel = await pickTool(source, 'Upscale', 'Offline engine');
    expect((await panel.getByTestId('tool-run').textContent())?.trim()).toBe('Upscale ×2 · free');
    const count = await cards(page).count();
    await panel.getByTestId('tool-run').click();
    const card = await newJobSaved(page, count);
    expect(await card.getByTestId('job-task').textContent()).toContain('Upscale ×2 · made from');
    const result = await newestEntry(harness);
    expect(result.parentId).toBe(parent.id);
    expect({ width: result.width, height: result.height }).toEqual({ width: parent.width * 2, height: parent.height * 2 });
    expectCleanPage(harness);
  }, 120_000);

  it('starts from an image file dropped onto the studio', async () => {
    const { page } = harness;
    await goTo(page, 'Studio');
    const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#f4c542' } })
      .png()
      .toBuffer();
    const drop = await page.evaluateHandle((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'sunflower-banner.png', { type: 'image/png' }));
      return transfer;
    }, png.toString('base64'));
    const zone = page.getByTestId('image-drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer: drop });
    await zone.dispatchEvent('drop', { dataTransfer: drop });
    const start = page.getByTestId('start-image');
    await start.waitFor({ timeout: 30_000 });
    expect(await start.textContent()).toContain('320×200');
    const imported = await newestEntry(harness);
    expect({ width: imported.width, height: imported.height, task: imported.task }).toEqual({ width: 320, height: 200, task: 'upload' });
    // The import's job finishes at once; the sidebar must not go on saying it is running.
    await poll(
      () => page.locator('.nav-badge').count(),
      (running) => running === 0,
    );
    // The tool row is right there; offline, a tool that needs a provider says why before anything runs.
    await start.getByRole('toolbar', { name: 'Image tools' }).getByRole('button', { name: 'Vary', exact: true }).click();
    await poll(
      () => start.getByTestId('tool-estimate').textContent(),
      (text) => text !== null && text.startsWith('No provider can use this tool now.'),
    );
    expect(await start.getByTestId('tool-run').isDisabled()).toBe(true);

    // A file that is not an image is refused in words, and nothing is imported.
    const total = (await harness.service.listLibrary({})).total;
    const text = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
      return transfer;
    });
    await zone.dispatchEvent('drop', { dataTransfer: text });
    await poll(
      () => page.getByTestId('toast').allTextContents(),
      (toasts) => toasts.some((toast) => toast.includes('notes.txt is not a PNG, JPEG or WebP image.')),
    );
    expect((await harness.service.listLibrary({})).total).toBe(total);
    expectCleanPage(harness);
  }, 120_000);

  it.each(['light', 'dark'] as const)(
    'names every tool control and meets contrast in the %s theme',
    async (theme) => {
      const { page } = harness;
      await page.evaluate((value) => (document.documentElement.dataset.theme = value), theme);
      await openFreshImage(page, `confetti and streamers, ${theme}`);
      const problems: string[] = [];
      for (const tool of ['Vary', 'Extend', 'Edit area', 'Upscale', 'Remove background', 'Vectorize', 'Make seamless']) {
        await dialog(page).getByRole('toolbar', { name: 'Image tools' }).getByRole('button', { name: tool, exact: true }).click();
        const panel = dialog(page).getByTestId('tool-panel');
        await panel.waitFor();
        // Audit once the estimate has settled, so nothing re-renders under the audit.
        await poll(
          () => panel.getByTestId('tool-estimate').textContent(),
          (text) => text !== null && text !== '' && !text.startsWith('Estimating'),
        );
        problems.push(...(await findUnnamedControls(page)).map((failure) => `${tool}: ${failure}`));
        problems.push(...(await checkContrast(page)).failures.map((failure) => `${tool}: ${failure}`));
      }
      if (theme === 'dark') await screenshot(page, 'details-tools-dark');
      expect(problems).toEqual([]);
      // Escape closes the tool first, then the dialog.
      await page.keyboard.press('Escape');
      expect(await dialog(page).getByTestId('tool-panel').count()).toBe(0);
      expect(await dialog(page).isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      expectCleanPage(harness);
    },
    60_000,
  );
});

/**
 * The tools that need a provider, as a designer with a Runware key uses
 * them against the Runware emulator: vary and edit area, each with its cost
 * before it runs, landing in the queue, results linked to their parent.
 */
describe('image tools (Runware emulator)', () => {
  let app: RunwareApp;
  let harness: RendererHarness;
  beforeAll(async () => {
    app = await startRunwareApp(KEY, 13);
    harness = app.harness;
  }, 90_000);
  afterAll(() => app?.close());

  /** Runs the open tool: one inference on Runware, and a queue card that says what it was; answers the new entry. */
  async function runOnce(panel: Locator, label: string) {
    const inferenceBefore = app.emulator.stats.tasks.imageInference ?? 0;
    const card = await runFromDetails(harness.page, panel);
    expect((app.emulator.stats.tasks.imageInference ?? 0) - inferenceBefore).toBe(1);
    expect(await card.getByTestId('job-task').textContent()).toContain(`${label} · made from`);
    return newestEntry(harness);
  }

  it('varies an image from the details dialog, showing the cost before it runs; the results link back to it', async () => {
    const { page } = harness;
    await openFreshImage(page, 'gold balloons and confetti over a navy sky');
    const original = await dialog(page).locator('.detail-prompt').textContent();

    const panel = await pickTool(dialog(page), 'Vary', 'Runware');
    await panel.getByRole('radio', { name: /^Strong/ }).check({ force: true });
    // The estimate and the run button both say what it will cost before anything is sent.
    const estimate = await estimateOn(panel, 'Runware');
    expect(estimate).toMatch(/^≈ \$0\.\d{4} on Runware · \d+×\d+$/);
    expect((await panel.getByTestId('tool-run').textContent())?.trim()).toMatch(/^Vary 2 · ≈ \$0\.\d{4}$/);
    const inferenceBefore = app.emulator.stats.tasks.imageInference ?? 0;

    const card = await runFromDetails(page, panel);
    expect((app.emulator.stats.tasks.imageInference ?? 0) - inferenceBefore).toBeGreaterThanOrEqual(1);
    expect(await card.getByTestId('job-task').textContent()).toContain('Vary · made from');
    await expect.poll(() => card.locator('[data-testid=job-image]').count()).toBe(2);

    await card.locator('[data-testid=job-image]').first().click();
    await dialog(page).waitFor();
    const lineage = dialog(page).getByTestId('lineage');
    await poll(
      () => lineage.textContent(),
      (text) => text !== null && text.includes('Vary · made from') && text.includes(original!.slice(0, 20)),
    );
    await screenshot(page, 'lineage');
    await lineage.getByTestId('lineage-parent').click();
    await poll(
      () => dialog(page).locator('.detail-prompt').textContent(),
      (text) => text === original,
    );
    await page.keyboard.press('Escape');
    expectCleanPage(harness);
  }, 120_000);

  it('edits an area: nothing runs until an area is painted; then the edit runs on Runware with the new words, and the result keeps the parent’s size and lineage', async () => {
    const { page } = harness;
    await openFreshImage(page, 'wedding arch with white roses');
    const parent = await newestEntry(harness);
    await dialog(page).getByRole('toolbar', { name: 'Image tools' }).getByRole('button', { name: 'Edit area', exact: true }).click();
    const panel = dialog(page).getByTestId('tool-panel');
    await poll(
      () => panel.getByTestId('tool-estimate').textContent(),
      (text) => text !== null && text.includes('Paint over the area to repaint.'),
    );
    expect(await panel.getByTestId('tool-run').isDisabled()).toBe(true);

    // A stroke across the middle of the picture with the pointer.
    const canvas = panel.getByTestId('mask-canvas');
    const area = (await canvas.boundingBox())!;
    await page.mouse.move(area.x + area.width * 0.3, area.y + area.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(area.x + area.width * 0.7, area.y + area.height * 0.5, { steps: 8 });
    await page.mouse.up();
    const painted = await canvas.evaluate((el: HTMLCanvasElement) => {
      const pixels = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) count += 1;
      return count / (el.width * el.height);
    });
    expect(painted).toBeGreaterThan(0.01);
    expect(painted).toBeLessThan(0.5);
    await panel.getByLabel('What goes in the painted area').fill('a gold balloon');
    await estimateOn(panel, 'Runware');
    expect(await panel.getByTestId('tool-run').isDisabled()).toBe(false);

    const edited = await runOnce(panel, 'Edit area');
    expect(edited).toMatchObject({ task: 'inpaint', parentId: parent.id, provider: 'runware', width: parent.width, height: parent.height });
    expect(edited.prompt).toContain('a gold balloon');
    expectCleanPage(harness);
  }, 120_000);

  it('makes a seamless tile from the tool row: priced on Runware first, then a new image marked seamless, made from the original', async () => {
    const { page } = harness;
    await openFreshImage(page, 'striped party hats and streamers');
    const parent = await newestEntry(harness);
    const panel = await pickTool(dialog(page), 'Make seamless', 'Runware');
    expect(await estimateOn(panel, 'Runware')).toMatch(/^≈ \$0\.\d{4} on Runware · \d+×\d+$/);
    expect((await panel.getByTestId('tool-run').textContent())?.trim()).toMatch(/^Repair seam · ≈ \$0\.\d{4}$/);

    const tile = await runOnce(panel, 'Repair seam');
    expect(tile).toMatchObject({ task: 'seamless', parentId: parent.id, provider: 'runware', width: parent.width, height: parent.height });
    expectCleanPage(harness);
  }, 120_000);
});
