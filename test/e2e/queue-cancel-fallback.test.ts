import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedProvider } from '../support/scripted-provider.ts';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { PAST_FIRST_RUN, expectCleanPage, generate, goTo, newestJobState, screenshot, waitForApp } from './renderer-e2e-helpers.ts';

/**
 * Two cloud providers stand in front of the offline engine: "Backup cloud"
 * always fails, "Slow cloud" hangs on its first call and then fails. The
 * default route tries both before falling back to the offline engine.
 */
describe('generation queue: cancel and fallback', () => {
  let harness: RendererHarness;
  beforeAll(async () => {
    const flaky = new ScriptedProvider({
      id: 'backup',
      label: 'Backup cloud',
      fallbackStep: { kind: 'fail', code: 'upstream_unavailable' },
    });
    const slow = new ScriptedProvider({
      id: 'slow',
      label: 'Slow cloud',
      fallbackStep: { kind: 'fail', code: 'insufficient_credits' },
    }).script({ kind: 'hang' });
    harness = await startRendererHarness({
      settings: PAST_FIRST_RUN,
      serviceOptions: { providers: [flaky, slow] },
      viewport: { width: 1440, height: 900 },
    });
    await waitForApp(harness.page);
  }, 90_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('shows a running job in words with its provider, and cancels it', async () => {
    const { page } = harness;
    await generate(page, 'pastel bunting with tiny stars for a baby shower', 2);
    const card = page.locator('[data-testid=job-card]').first();
    // What the app is doing about the failure, in words, while the job runs.
    await expect
      .poll(() => card.locator('.job-notice').textContent(), { timeout: 30_000 })
      .toMatch(/Backup cloud failed.*trying Slow cloud/);
    expect(await newestJobState(page)).toMatch(/^(queued|sending|waiting)$/);
    expect(await card.locator('.job-state').textContent()).toMatch(/^(Queued|Sending|Waiting for provider)$/);
    expect(await page.locator('.nav-badge').textContent()).toBe('1');
    await screenshot(page, 'studio-generating');

    await card.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => newestJobState(page)).toBe('cancelled');
    expect(await card.locator('.job-state').textContent()).toBe('Cancelled');
    expect(await card.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
    expect(await card.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    expect((await harness.service.listLibrary({})).total).toBe(0);
  }, 90_000);

  it('explains a provider failure and the fallback in words', async () => {
    const { page } = harness;
    await generate(page, 'snowflakes and red ornaments on deep green', 1);
    const card = page.locator('[data-testid=job-card]').first();
    await expect.poll(() => newestJobState(page), { timeout: 60_000 }).toBe('saved');
    const servedBy = await card.getByTestId('served-by').textContent();
    expect(servedBy).toMatch(/^Served by Offline engine — fallback after .*Backup cloud/);
    expect(await card.getByTestId('served-by').getAttribute('class')).toContain('fallback');

    await card.locator('.attempt-trail summary').click();
    const trail = await card.locator('.attempt-trail li').allTextContents();
    expect(trail.some((line) => line.startsWith('Backup cloud failed') && /Moved on to|Tried again/.test(line))).toBe(true);
    expect(trail.at(-1)).toMatch(/^Offline engine succeeded/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'studio-fallback');

    // The detail view tells the same story for the saved image.
    await card.locator('[data-testid=job-image]').first().click();
    const dialog = page.getByTestId('detail-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('detail-provider').textContent()).toContain('fallback');
    await page.keyboard.press('Escape');
    expectCleanPage(harness);
  }, 120_000);

  it('forces a provider breaker open from its health card and back to automatic', async () => {
    const { page } = harness;
    await goTo(page, 'Health');
    const card = page.locator('[data-testid=provider-card][data-provider=local]');
    await card.waitFor();
    await card.getByText('Advanced', { exact: true }).click();
    await card.getByText('Force open', { exact: true }).click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('open');
    expect(await card.locator('.provider-status').textContent()).toBe('Paused');
    expect(await card.getByRole('radio', { name: 'Force open' }).isChecked()).toBe(true);
    expect((await harness.service.telemetry()).providers.find((p) => p.id === 'local')?.breakerMode).toBe('forced-open');
    await screenshot(page, 'health-forced-open');

    await card.getByText('Automatic', { exact: true }).click();
    await expect.poll(() => card.getAttribute('data-status')).not.toBe('open');

    await card.getByRole('button', { name: 'Test connection to Offline engine' }).click();
    await expect.poll(() => card.getByTestId('test-result').textContent()).toMatch(/^Connected in /);
    await screenshot(page, 'health');
    expectCleanPage(harness);
  }, 60_000);
});
