import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedProvider } from '../support/scripted-provider.ts';
import { checkContrast, findUnnamedControls, tabTo } from './a11y-audit.ts';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { expectCleanPage, generate, goTo, newestJobState, poll, screenshot, waitForApp } from './renderer-e2e-helpers.ts';

/**
 * Every main screen, in the light and the dark theme, in the states a
 * designer meets (empty, working, a fallback explained, a selection, a toast,
 * a dialog, an open circuit): each control has an accessible name, all text
 * meets WCAG AA contrast against what is behind it, and the studio can be
 * worked through with Tab, with focus always visible, to Generate.
 */
describe.each(['light', 'dark'] as const)('accessibility in the %s theme', (theme) => {
  let harness: RendererHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('names every control, meets contrast on every screen, and shows keyboard focus through the studio', async () => {
    // A cloud that always fails, so the queue shows a fallback explained in words.
    const failing = new ScriptedProvider({
      id: 'backup',
      label: 'Backup cloud',
      fallbackStep: { kind: 'fail', code: 'upstream_unavailable' },
    });
    harness = await startRendererHarness({
      settings: { theme },
      serviceOptions: { providers: [failing] },
      viewport: { width: 1440, height: 900 },
    });
    const { page } = harness;
    // Settled styles: no fades or transitions half-way when colours are read.
    await page.emulateMedia({ reducedMotion: 'reduce' });

    const problems: string[] = [];
    let checked = 0;
    const audit = async (screen: string): Promise<void> => {
      for (const failure of await findUnnamedControls(page)) problems.push(`${screen}: ${failure}`);
      const contrast = await checkContrast(page);
      checked += contrast.checked;
      for (const failure of contrast.failures) problems.push(`${screen}: ${failure}`);
      for (const skipped of contrast.skipped) problems.push(`${screen}: text over an image or gradient, contrast unknown: ${skipped}`);
      // Only the views scroll: the window itself never does, or focus could push the sidebar off screen.
      const root = await page.evaluate(() => ({
        top: document.scrollingElement?.scrollTop ?? 0,
        overflow: document.documentElement.scrollHeight - innerHeight,
      }));
      if (root.top !== 0 || root.overflow > 0)
        problems.push(`${screen}: the window scrolls (top ${root.top}, ${root.overflow}px taller than the viewport)`);
      if (theme === 'dark') await screenshot(page, `a11y-${screen}-dark`);
    };

    await page.getByTestId('first-run').waitFor();
    await poll(
      () => page.evaluate(() => document.documentElement.dataset.theme),
      (applied) => applied === theme,
    );
    await audit('first-run');
    await page.getByRole('button', { name: 'Start designing' }).click();
    await waitForApp(page);
    await audit('studio-empty');

    await generate(page, 'gold balloons and confetti over a navy sky', 2);
    const card = page.locator('[data-testid=job-card]').first();
    await expect.poll(() => newestJobState(page), { timeout: 30_000 }).toBe('saved');
    await card.locator('.attempt-trail summary').click();
    await page.getByRole('button', { name: 'Enhance prompt' }).click();
    await page.getByRole('region', { name: 'Prompt suggestions' }).getByRole('alert').waitFor();
    await page.getByRole('button', { name: 'Recent' }).click();
    await page.getByRole('listbox', { name: 'Recent prompts' }).waitFor();
    await audit('studio-working');
    await page.keyboard.press('Escape');

    const walk = await tabTo(page, { from: '.brand', target: '.generate-button' });
    expect(walk.reached, walk.stops.map((stop) => stop.element).join('\n')).toBe(true);
    expect(walk.stops.length).toBeGreaterThan(8);
    for (const stop of walk.stops) {
      if (!stop.focusVisible || !stop.indicated)
        problems.push(`studio keyboard: focus not visible on ${stop.element}${stop.focusVisible ? '' : ' (no :focus-visible)'}`);
    }

    await goTo(page, 'Gallery');
    await poll(
      () => page.locator('[data-testid=gallery-tile]').count(),
      (count) => count === 2,
    );
    await page.locator('[data-testid=gallery-tile] .tile-select input').first().check();
    await page.getByRole('button', { name: 'Export ZIP' }).click();
    await poll(
      () => page.getByTestId('toast').count(),
      (count) => count > 0,
    );
    await audit('gallery');
    await page.getByRole('button', { name: 'Clear selection' }).click();

    await page.locator('[data-testid=gallery-tile] .tile-open').first().click();
    await page.getByTestId('detail-dialog').waitFor();
    await audit('details');
    await page.keyboard.press('Escape');

    await goTo(page, 'Health');
    const local = page.locator('[data-testid=provider-card][data-provider=local]');
    await local.getByRole('button', { name: 'Test connection to Offline engine' }).click();
    await poll(
      () => local.getByTestId('test-result').textContent(),
      (text) => /^Connected in /.test(text ?? ''),
    );
    const backup = page.locator('[data-testid=provider-card][data-provider=backup]');
    await backup.getByText('Advanced', { exact: true }).click();
    await backup.getByText('Force open', { exact: true }).click();
    await poll(
      () => backup.getAttribute('data-status'),
      (status) => status === 'open',
    );
    await audit('health');

    await goTo(page, 'Settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await audit('settings');

    expect(checked).toBeGreaterThan(200);
    expect(problems).toEqual([]);
    expectCleanPage(harness);
  }, 180_000);
});
