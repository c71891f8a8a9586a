import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { expectCleanPage, goTo, poll, screenshot } from './renderer-e2e-helpers.ts';

const SECRET = 'rw-test-key-5f1c9e0a7d3b42c8b6e1';

describe('first run and settings', () => {
  let harness: RendererHarness;
  beforeAll(async () => {
    harness = await startRendererHarness({ settings: { theme: 'light' }, viewport: { width: 1440, height: 900 } });
  }, 90_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('welcomes a new designer and leads to adding a key', async () => {
    const { page } = harness;
    const welcome = page.getByTestId('first-run');
    await welcome.waitFor();
    expect(await welcome.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Motif');
    expect(await welcome.textContent()).toContain('offline engine');
    await screenshot(page, 'first-run');

    await welcome.getByRole('button', { name: 'Add a Runware key' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await poll(
      async () => (await harness.service.getSettings()).settings.firstRunDone,
      (done) => done === true,
    );
  }, 60_000);

  it('takes a key write-only: shows "Key set" and never the key', async () => {
    const { page } = harness;
    const runware = page.locator('[data-testid=provider-settings][data-provider=runware]');
    expect(await runware.getByTestId('key-status-runware').textContent()).toContain('No key');
    const field = runware.getByLabel('Runware API key');
    expect(await field.getAttribute('type')).toBe('password');
    await field.fill(SECRET);
    await runware.getByRole('button', { name: 'Save key' }).click();
    await poll(
      () => runware.getByTestId('key-status-runware').textContent(),
      (text) => text?.includes('Key set') === true,
    );
    expect((await harness.service.getSettings()).secrets.runware).toBe(true);

    // The key is nowhere in the page, and no bridge frame ever carried it back (or in the clear).
    expect(await page.content()).not.toContain(SECRET);
    expect(
      await page.evaluate(
        (secret) => document.documentElement.outerHTML.includes(secret) || JSON.stringify(localStorage).includes(secret),
        SECRET,
      ),
    ).toBe(false);
    expect(harness.traffic.length).toBeGreaterThan(0);
    expect(harness.traffic.filter((frame) => frame.text.includes(SECRET))).toEqual([]);
    const settings = await page.evaluate(() => window.motif.settings.get());
    expect(JSON.stringify(settings)).not.toContain(SECRET);
    await screenshot(page, 'settings');

    // Replace shows an empty field again; Clear removes the key.
    await runware.getByRole('button', { name: 'Replace the Runware key' }).click();
    expect(await runware.getByLabel('Runware API key').inputValue()).toBe('');
    await runware.getByRole('button', { name: 'Cancel' }).click();
    await runware.getByRole('button', { name: 'Clear the Runware key' }).click();
    await poll(
      () => runware.getByTestId('key-status-runware').textContent(),
      (text) => text?.includes('No key') === true,
    );
    expect((await harness.service.getSettings()).secrets.runware).toBe(false);
    expectCleanPage(harness);
  }, 60_000);

  it('applies changes at once: theme, budget, provider order, defaults', async () => {
    const { page } = harness;
    await page.getByRole('radiogroup', { name: 'Theme' }).getByText('Dark').click();
    await poll(
      () => page.evaluate(() => document.documentElement.dataset.theme),
      (theme) => theme === 'dark',
    );
    expect((await harness.service.getSettings()).settings.theme).toBe('dark');
    await screenshot(page, 'settings-dark');
    await page.getByRole('radiogroup', { name: 'Theme' }).getByText('Light').click();

    const cap = page.getByLabel('Daily cap (USD)');
    await cap.fill('5');
    await cap.press('Enter');
    await poll(
      async () => (await harness.service.getSettings()).settings.budget.dailyCapUsd,
      (value) => value === 5,
    );

    // The offline engine starts last; one click moves it above the provider listed just before it.
    const shown = await page
      .locator('[data-testid="provider-settings"]')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.provider ?? ''));
    const above = shown[shown.indexOf('local') - 1]!;
    await page.getByRole('button', { name: 'Move Offline engine up' }).click();
    await poll(
      async () => (await harness.service.getSettings()).settings.providerOrder,
      (order) => order.indexOf('local') < order.indexOf(above),
    );

    await page.getByLabel('Images per generation').selectOption('4');
    await poll(
      async () => (await harness.service.getSettings()).settings.defaults.count,
      (count) => count === 4,
    );
    expectCleanPage(harness);
  }, 60_000);

  it('explains in words when prompt enhancement is unavailable or offers versions to pick', async () => {
    const { page } = harness;
    await goTo(page, 'Studio');
    await page.getByLabel('Describe the design').fill('gold confetti for a 30th birthday');
    await page.getByRole('button', { name: 'Enhance prompt' }).click();
    const panel = page.getByRole('region', { name: 'Prompt suggestions' });
    await poll(
      () => panel.textContent(),
      (text) => text !== null && !text.includes('Writing richer versions'),
    );
    const suggestions = panel.locator('.suggestion');
    if ((await suggestions.count()) > 0) {
      const first = (await suggestions.first().locator('span').first().textContent()) ?? '';
      await suggestions.first().click();
      expect(await page.getByLabel('Describe the design').inputValue()).toBe(first);
    } else {
      const message = (await panel.getByRole('alert').textContent()) ?? '';
      expect(message.length).toBeGreaterThan(10);
      expect(message).not.toMatch(/at .*\.ts:\d+|Error:/);
    }
    expectCleanPage(harness);
  }, 60_000);
});
