import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfInfo } from '../support/poppler.ts';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { PAST_FIRST_RUN, expectCleanPage, goTo, poll, screenshot, waitForApp } from './renderer-e2e-helpers.ts';

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

  it('opens from the details dialog, warns that a small design will look soft on a 5×7 card, and exports the PDF through the shell', async () => {
    const { page } = harness;
    await goTo(page, 'Gallery');
    await page.locator('[data-testid=gallery-tile] .tile-open').first().click();
    await page.getByTestId('detail-dialog').getByRole('button', { name: 'Print' }).click();
    const view = page.getByRole('region', { name: 'Print' });
    await view.waitFor();

    await view.getByLabel('Size', { exact: true }).selectOption('5x7');
    const verdict = page.getByTestId('print-verdict').first();
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

    await view.getByRole('button', { name: 'Export' }).click();
    const saved = await poll(
      () =>
        page
          .getByTestId('print-saved')
          .textContent()
          .catch(() => null),
      (text) => text !== null && text.startsWith('Saved '),
    );
    const call = harness.shellCalls.find((entry) => entry.kind === 'choose-print-target');
    expect(call).toMatchObject({ kind: 'choose-print-target', extension: 'pdf' });
    const path = (call as { result: string }).result;
    expect(saved).toContain(path);
    expect((await stat(path)).size).toBeGreaterThan(10_000);
    const info = await pdfInfo(await readFile(path));
    expect(info.pages).toBe(1);
    expect(info.boxes.TrimBox[2] - info.boxes.TrimBox[0]).toBeCloseTo(360, 1);
    expect(info.boxes.TrimBox[3] - info.boxes.TrimBox[1]).toBeCloseTo(504, 1);

    // The choices are remembered: coming back shows 5×7 again.
    await goTo(page, 'Gallery');
    await page.locator('[data-testid=gallery-tile] .tile-select input').first().check();
    await page.getByRole('toolbar', { name: 'Selected designs' }).getByRole('button', { name: 'Print' }).click();
    expect(await page.getByRole('region', { name: 'Print' }).getByLabel('Size', { exact: true }).inputValue()).toBe('5x7');
    expectCleanPage(harness);
  }, 90_000);
});
