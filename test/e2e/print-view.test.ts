import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { pdfImages, pdfInfo } from '../support/poppler.ts';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import {
  PAST_FIRST_RUN,
  expectCleanPage,
  goTo,
  poll,
  screenshot,
  startRunwareApp,
  waitForApp,
  type RunwareApp,
} from './renderer-e2e-helpers.ts';

/** Clicks Export, waits for the saved notice of export number `count`, and reads the file the shell host was asked for. */
async function exportAndRead(harness: RendererHarness, extension: string, count: number): Promise<Uint8Array> {
  const { page } = harness;
  await page.getByRole('region', { name: 'Print' }).getByRole('button', { name: 'Export' }).click();
  await poll(
    () => Promise.resolve(harness.shellCalls.filter((entry) => entry.kind === 'choose-print-target').length),
    (calls) => calls >= count,
  );
  const call = harness.shellCalls.filter((entry) => entry.kind === 'choose-print-target')[count - 1];
  expect(call).toMatchObject({ kind: 'choose-print-target', extension });
  const path = (call as { result: string }).result;
  const saved = await poll(
    () =>
      page
        .getByTestId('print-saved')
        .textContent()
        .catch(() => null),
    (text) => text !== null && text.startsWith(`Saved ${path}`),
  );
  expect(saved).toContain(path);
  expect((await stat(path)).size).toBeGreaterThan(10_000);
  return readFile(path);
}

/** A Runware app whose library holds one small Runware image: 512 px, with no vector original. */
async function startWithRunwareImage(apiKey: string, seed: number, imageSeed: number): Promise<RunwareApp> {
  const app = await startRunwareApp(apiKey, seed);
  await app.harness.service.generate({ prompt: 'balloons and confetti', size: '512x512', seed: imageSeed });
  return app;
}

/** Opens the Print view on the newest library entry from its details dialog; answers that entry and the view. */
async function printNewest(harness: RendererHarness) {
  const { page } = harness;
  const [original] = (await harness.service.listLibrary({ limit: 1 })).items;
  expect(original!.provider).toBe('runware');
  await goTo(page, 'Gallery');
  await page.locator('[data-testid=gallery-tile] .tile-open').first().click();
  await page.getByTestId('detail-dialog').getByRole('button', { name: 'Print' }).click();
  return { original: original!, view: page.getByRole('region', { name: 'Print' }) };
}

describe('the Print view', () => {
  let harness: RendererHarness;
  beforeAll(async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1360, height: 900 } });
    // A small design: 512 px cannot cover a 5×7 card at 300 ppi.
    await harness.service.generate({ prompt: 'balloons and confetti', style: 'birthday', size: '512x512', seed: 5 });
    await waitForApp(harness.page);
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('opens from the details dialog, keeps an offline design vector in a PDF, warns that it will look soft as a 5×7 PNG, and exports through the shell', async () => {
    const { page } = harness;
    await goTo(page, 'Gallery');
    await page.locator('[data-testid=gallery-tile] .tile-open').first().click();
    await page.getByTestId('detail-dialog').getByRole('button', { name: 'Print' }).click();
    const view = page.getByRole('region', { name: 'Print' });
    await view.waitFor();

    await view.getByLabel('Size', { exact: true }).selectOption('5x7');
    const verdict = page.getByTestId('print-verdict').first();
    // A PDF draws the offline engine's vector original as paths: nothing to be soft.
    await poll(
      () => verdict.textContent(),
      (text) => (text ?? '').includes('vector original: sharp at any size (drawn as paths in the PDF)'),
    );
    expect(await verdict.textContent()).toContain('Export will use: the vector original, drawn as PDF paths.');
    const vectorPdf = await exportAndRead(harness, 'pdf', 1);
    expect(await pdfImages(vectorPdf)).toEqual([]);
    const info = await pdfInfo(vectorPdf);
    expect(info.pages).toBe(1);
    expect(info.boxes.TrimBox[2] - info.boxes.TrimBox[0]).toBeCloseTo(360, 1);
    expect(info.boxes.TrimBox[3] - info.boxes.TrimBox[1]).toBeCloseTo(504, 1);

    // A PNG is pixels: 512 px over 7.3 in is soft.
    await view.getByRole('combobox', { name: /^File/ }).selectOption('png');
    await poll(
      () => verdict.textContent(),
      (text) => /512 px over 7\.3 in = 71 ppi: will look soft/.test(text ?? ''),
    );
    // The fixes are offered: the offline engine's vector original, and a labelled local resample.
    expect(await verdict.getByRole('button').allTextContents()).toEqual([
      'Re-render the vector original at 300 ppi',
      'Local resample to 300 ppi (smoother edges, no new detail)',
    ]);
    // The preview is the 5×7 page: 5.25 × 7.25 in with its 1/8 in bleed, plus 8 mm a side for the crop marks (on by default).
    const preview = page.getByTestId('print-preview');
    expect(await preview.getAttribute('viewBox')).toBe('0 0 149.35 200.15');
    expect(await preview.locator('.guide-trim').count()).toBe(1);
    expect(await preview.locator('.guide-safe').count()).toBe(1);
    await screenshot(page, 'print-view');

    await verdict.getByRole('button', { name: /^Re-render the vector original/ }).click();
    await poll(
      () => page.getByTestId('print-verdict').first().textContent(),
      (text) => (text ?? '').includes('Export will use: the vector original, re-rendered at 300 ppi'),
    );

    const png = await exportAndRead(harness, 'png', 2);
    // 5.25 × 7.25 in with bleed at 300 ppi, plus the crop marks' margin: re-rendered, not the 512 px original.
    const meta = await sharp(png).metadata();
    expect(meta.density).toBe(300);
    expect(meta.height).toBeGreaterThan(2175);

    // The choices are remembered: coming back shows 5×7 again.
    await goTo(page, 'Gallery');
    await page.locator('[data-testid=gallery-tile] .tile-select input').first().check();
    await page.getByRole('toolbar', { name: 'Selected designs' }).getByRole('button', { name: 'Print' }).click();
    expect(await page.getByRole('region', { name: 'Print' }).getByLabel('Size', { exact: true }).inputValue()).toBe('5x7');
    expect(await page.getByRole('region', { name: 'Print' }).getByRole('combobox', { name: /^File/ }).inputValue()).toBe('png');
    expectCleanPage(harness);
  }, 90_000);
});

describe('the Print view with a Runware image', () => {
  let app: RunwareApp;
  beforeAll(async () => {
    // A small provider image: 512 px cannot cover a 4×6 card at 300 ppi, and it has no vector original.
    app = await startWithRunwareImage('rw-e2e-print-3f9a1c', 12, 5);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('offers an upscale with the provider that made it, priced first, and prints the new entry it makes', async () => {
    const { harness } = app;
    const { page } = harness;
    const { original, view } = await printNewest(harness);
    await view.getByLabel('Size', { exact: true }).selectOption('4x6');
    const verdict = page.getByTestId('print-verdict').first();
    await poll(
      () => verdict.textContent(),
      (text) => /512 px over 6\.3 in = 82 ppi: will look soft/.test(text ?? ''),
    );
    const offers = await verdict.getByRole('button').allTextContents();
    expect(offers).toHaveLength(2);
    expect(offers[0]).toMatch(/^Upscale ×4 with Runware, which made it \(≈ \$0\.\d+\)$/);
    expect(offers[1]).toBe('Local resample to 300 ppi (smoother edges, no new detail)');
    const spentBefore = harness.service.telemetry().spend.todayUsd;

    await verdict.getByRole('button', { name: /^Upscale ×4/ }).click();
    await poll(
      () =>
        page
          .getByTestId('print-upscaled')
          .textContent()
          .catch(() => null),
      (text) => text !== null && text.includes(`made from ${original.id}`),
    );
    await poll(
      () => page.getByTestId('print-verdict').first().textContent(),
      (text) => (text ?? '').includes('2048 px over 6.3 in = 328 ppi: sharp'),
    );
    // A new library entry, made from the original by the upscale tool, with its cost in the ledger.
    const [upscaled] = (await harness.service.listLibrary({ limit: 1 })).items;
    expect(upscaled).toMatchObject({ parentId: original.id, task: 'upscale', provider: 'runware', width: 2048, height: 2048 });
    expect(harness.service.telemetry().spend.todayUsd).toBeGreaterThan(spentBefore);

    const pdf = await exportAndRead(harness, 'pdf', 1);
    const images = await pdfImages(pdf);
    expect(images.map((image) => [image.width, image.height])).toEqual([[2048, 2048]]);
    expectCleanPage(harness);
  }, 120_000);
});

describe('wrapping paper from a Runware image', () => {
  let app: RunwareApp;
  beforeAll(async () => {
    app = await startWithRunwareImage('rw-e2e-print-seam-7b2d', 14, 6);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('offers to repair the seam with Runware inpainting, priced first, runs it as a job and repeats the new tile', async () => {
    const { harness } = app;
    const { page } = harness;
    const { original, view } = await printNewest(harness);
    await view.getByRole('radiogroup', { name: 'Product' }).getByRole('radio', { name: 'Wrapping paper' }).click();
    const preflight = page.getByTestId('print-preflight');
    await poll(
      () => preflight.textContent(),
      (text) => (text ?? '').includes('seam blended locally') && (text ?? '').includes('Repair the seam'),
    );
    // The preview repeats the tile the export will make (here, blended), not the image as it is.
    const repeatedTile = () => page.getByTestId('print-preview').locator('#print-repeat image').getAttribute('href');
    const blendedTile = await repeatedTile();
    expect(blendedTile).toMatch(/^data:image\/png;base64,/);
    const verdict = page.getByTestId('print-verdict').first();
    const offer = verdict.getByRole('button', { name: /^Repair the seam/ });
    expect(await offer.textContent()).toMatch(/^Repair the seam with Runware inpainting, which made it \(≈ \$0\.\d+\)$/);
    const spentBefore = harness.service.telemetry().spend.todayUsd;

    await offer.click();
    await poll(
      () =>
        page
          .getByTestId('print-repaired')
          .textContent()
          .catch(() => null),
      (text) => text !== null && text.includes(`made from ${original.id}`),
    );
    await poll(
      () => preflight.textContent(),
      (text) => (text ?? '').includes('Seam: repaired by inpainting'),
    );
    expect(await verdict.getByRole('button', { name: /^Repair the seam/ }).count()).toBe(0);
    const repairedTile = await repeatedTile();
    expect(repairedTile).toMatch(/^data:image\/png;base64,/);
    expect(repairedTile).not.toBe(blendedTile);
    // A new library entry, made from the original by the seam repair, with its cost in the ledger.
    const [tile] = (await harness.service.listLibrary({ limit: 1 })).items;
    expect(tile).toMatchObject({ parentId: original.id, task: 'seamless', provider: 'runware', width: 512, height: 512 });
    expect(harness.service.telemetry().spend.todayUsd).toBeGreaterThan(spentBefore);
    expect(app.emulator.stats.tasks.imageInference).toBe(2);

    // The sheet repeats the repaired tile as it is, at its own pixels, at every repeat.
    const pdf = await exportAndRead(harness, 'pdf', 1);
    const placed = await pdfImages(pdf);
    expect(placed.length).toBeGreaterThan(1);
    expect(new Set(placed.map((image) => `${image.width}x${image.height}`))).toEqual(new Set(['512x512']));
    expectCleanPage(harness);
  }, 120_000);
});
