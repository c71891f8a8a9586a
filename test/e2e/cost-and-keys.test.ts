import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { PAST_FIRST_RUN, expectCleanPage, generate, goTo, newestJobState, poll, screenshot, waitForApp } from './renderer-e2e-helpers.ts';

/**
 * Issue 14, findings 2, 3, 7, 9 and 10, and "cost and key state up front",
 * as a designer meets them in the window: each test would have caught its
 * finding on the old renderer.
 */

const KEY = 'rw-e2e-cost-keys-7c21e9';
let harness: RendererHarness | undefined;
let emulator: RunwareEmulator | undefined;
afterEach(async () => {
  await harness?.close();
  await emulator?.close();
  harness = undefined;
  emulator = undefined;
});

type Box = { x: number; y: number; width: number; height: number };
const box = async (locator: Locator): Promise<Box> => {
  const found = await locator.boundingBox();
  if (!found) throw new Error('element is not displayed');
  return found;
};
/** True when the element's text is cut (ellipsis or overflow). */
const overflows = (locator: Locator): Promise<boolean> => locator.evaluate((el) => el.scrollWidth > el.clientWidth + 1);

async function withRunware(
  page: { settings?: unknown; secrets?: Record<string, string>; viewport?: { width: number; height: number } } = {},
): Promise<RendererHarness> {
  emulator = await startRunwareEmulator({ apiKey: KEY, seed: 21 });
  harness = await startRendererHarness({
    settings: page.settings ?? PAST_FIRST_RUN,
    ...(page.secrets ? { secrets: page.secrets } : {}),
    serviceOptions: { env: { RUNWARE_WS_URL: emulator.wsUrl, RUNWARE_API_URL: emulator.restUrl } },
    viewport: page.viewport ?? { width: 1440, height: 900 },
  });
  await waitForApp(harness.page);
  return harness;
}

const generateButton = (page: Page): Locator => page.getByTestId('generate-button');

describe('finding 7: studio proportions', () => {
  it('at 1440×900 the whole form, negative prompt included, sits above the pinned Generate bar', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1440, height: 900 } });
    const { page } = harness;
    await waitForApp(page);
    // Scrolled to the end, the last field clears the pinned bar instead of sitting under it.
    await page.locator('.studio-compose').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const bar = await box(page.locator('.generate-row'));
    const negative = await box(page.getByLabel(/Leave out/));
    expect(negative.y + negative.height).toBeLessThanOrEqual(bar.y);
    // The form column is no longer ~380 px.
    expect((await box(page.locator('.prompt-studio'))).width).toBeGreaterThanOrEqual(440);
    expectCleanPage(harness);
  }, 60_000);

  it('at 1024×700 style, size, count and seed are all in view above Generate, not only prompt and styles', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1024, height: 700 } });
    const { page } = harness;
    await waitForApp(page);
    const bar = await box(page.locator('.generate-row'));
    for (const part of [
      page.getByRole('radiogroup', { name: /Size/ }),
      page.locator('.stepper'),
      page.getByLabel('Seed', { exact: true }),
    ]) {
      const b = await box(part);
      expect(b.y + b.height).toBeLessThanOrEqual(bar.y);
    }
    // The seed row fits the form: the lock and the shuffle button are not pushed past its edge.
    const form = await box(page.locator('.prompt-studio'));
    for (const control of [page.getByTestId('seed-lock'), page.getByRole('button', { name: 'New random seed' })]) {
      const b = await box(control);
      expect(b.x + b.width).toBeLessThanOrEqual(form.x + form.width);
    }
    await screenshot(page, 'studio-1024x700');
  }, 60_000);

  it('shows a 10-digit seed whole, and says in words whether the seed is locked', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1024, height: 700 } });
    const { page } = harness;
    await waitForApp(page);
    const lock = page.getByTestId('seed-lock');
    expect(await lock.textContent()).toContain('New each time');
    const unlockedColour = await lock.evaluate((el) => getComputedStyle(el).backgroundColor);
    const seed = page.getByLabel('Seed', { exact: true });
    await seed.fill('4294967295');
    expect(await seed.inputValue()).toBe('4294967295');
    expect(await overflows(seed)).toBe(false);
    expect(await lock.textContent()).toContain('Locked');
    expect(await lock.getAttribute('aria-pressed')).toBe('true');
    expect(await lock.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(unlockedColour);
  }, 60_000);

  it('prompt suggestions float over the options instead of pushing them down', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1440, height: 900 } });
    const { page } = harness;
    await waitForApp(page);
    await page.getByLabel('Describe the design').fill('balloons');
    const before = await box(page.getByRole('radiogroup', { name: /Size/ }));
    await page.getByRole('button', { name: 'Enhance prompt' }).click();
    await page.getByRole('region', { name: 'Prompt suggestions' }).waitFor();
    const after = await box(page.getByRole('radiogroup', { name: /Size/ }));
    expect(after.y).toBe(before.y);
    // ...and below the prompt, never over it.
    const prompt = await box(page.getByLabel('Describe the design'));
    expect((await box(page.getByRole('region', { name: 'Prompt suggestions' }))).y).toBeGreaterThanOrEqual(prompt.y + prompt.height);
  }, 60_000);

  it('Settings shows every style name whole at 1024×700 (no "Baby sho…")', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1024, height: 700 } });
    const { page } = harness;
    await waitForApp(page);
    await goTo(page, 'Settings');
    const names = page.locator('.settings-view .style-name');
    await names.first().waitFor();
    expect(await names.allTextContents()).toContain('Baby shower');
    for (const name of await names.all()) expect(await overflows(name)).toBe(false);
  }, 60_000);

  it('Health at 1024 px: the connection pool\'s "0 in flight" fits its column', async () => {
    const { page } = await withRunware({ secrets: { runware: KEY }, viewport: { width: 1024, height: 700 } });
    await goTo(page, 'Health');
    const card = page.locator('[data-testid=provider-card][data-provider=runware]');
    // The connection test opens Runware's socket pool, whose numbers Advanced shows.
    await card.getByRole('button', { name: 'Test connection to Runware' }).click();
    await card.getByText('Advanced', { exact: true }).click();
    const pool = card.getByLabel('Connection pool');
    await pool.waitFor({ timeout: 20_000 });
    expect(await pool.textContent()).toContain('in flight');
    for (const value of await pool.locator('dd').all()) expect(await overflows(value)).toBe(false);
  }, 90_000);
});

describe('finding 10: the placeholder is an example, not typed text', () => {
  it('reads "e.g. …" in lighter italics, so a disabled Generate makes sense', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1440, height: 900 } });
    const { page } = harness;
    await waitForApp(page);
    const prompt = page.getByLabel('Describe the design');
    expect(await prompt.getAttribute('placeholder')).toMatch(/^e\.g\. /);
    const style = await prompt.evaluate((el) => {
      const placeholder = getComputedStyle(el, '::placeholder');
      return { fontStyle: placeholder.fontStyle, placeholderColour: placeholder.color, textColour: getComputedStyle(el).color };
    });
    expect(style.fontStyle).toBe('italic');
    expect(style.placeholderColour).not.toBe(style.textColour);
    expect(await generateButton(page).getAttribute('aria-disabled')).toBe('true');
    expect(await page.locator('#generate-hint').textContent()).toBe('Describe the design first.');
  }, 60_000);
});

describe('finding 9: plain words first, plumbing behind "Advanced"', () => {
  it('an offline result with no keys reads as normal, with no list of skipped providers', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1440, height: 900 } });
    const { page } = harness;
    await waitForApp(page);
    await generate(page, 'pastel bunting with tiny stars', 1);
    await expect.poll(() => newestJobState(page), { timeout: 30_000 }).toBe('saved');
    const card = page.locator('[data-testid=job-card]').first();
    expect(await card.getByTestId('served-by').textContent()).toBe('Made offline, on this computer');
    expect(await card.locator('.attempt-trail').count()).toBe(0);
    expect(await card.textContent()).not.toMatch(/Served by|attempts|skipped/);
  }, 60_000);

  it('Health speaks plainly; breaker controls and cache hit rates wait behind Advanced', async () => {
    harness = await startRendererHarness({ settings: PAST_FIRST_RUN, viewport: { width: 1440, height: 900 } });
    const { page } = harness;
    await waitForApp(page);
    await goTo(page, 'Health');
    await page.locator('[data-testid=provider-card]').first().waitFor();
    const visible = await page.locator('.health-view').evaluate((el) => (el as HTMLElement).innerText);
    expect(visible).not.toMatch(/Circuit|Force open|Force closed|hits/);
    await page.getByTestId('health-advanced').getByText('Advanced: caches').click();
    expect(await page.getByTestId('health-advanced').textContent()).toMatch(/hits/);
  }, 60_000);
});

describe('finding 2: a wrong key looks wrong, everywhere, until it changes', () => {
  it('Settings, the sidebar and Health say "Key rejected"; a job says it went past the key; a good key clears it', async () => {
    const { page } = await withRunware();
    await goTo(page, 'Settings');
    const runware = page.locator('[data-testid=provider-settings][data-provider=runware]');
    await runware.getByLabel('Runware API key').fill('rw-wrong-key-000000');
    await runware.getByRole('button', { name: 'Save key' }).click();
    const status = runware.getByTestId('key-status-runware');
    await poll(
      () => status.textContent(),
      (text) => text?.includes('Key rejected') === true,
    );
    expect(await status.getAttribute('class')).toContain('rejected');
    expect(await runware.textContent()).not.toContain('Key set');
    // Checked with the authentication call, never a paid task.
    expect(emulator!.stats.tasks.imageInference ?? 0).toBe(0);

    const sidebar = page.getByRole('navigation', { name: 'Main' }).locator('.mini-row', { hasText: 'Runware' });
    await poll(
      () => sidebar.textContent(),
      (text) => text?.includes('Key rejected') === true,
    );
    expect(await sidebar.getAttribute('class')).toContain('tone-danger');

    await goTo(page, 'Health');
    const card = page.locator('[data-testid=provider-card][data-provider=runware]');
    await poll(
      () => card.getAttribute('data-status'),
      (value) => value === 'key-rejected',
    );
    expect(await card.locator('.provider-status').textContent()).toBe('Key rejected');
    expect(await card.textContent()).not.toMatch(/Idle|Ready/);

    await generate(page, 'gold balloons', 1);
    await expect.poll(() => newestJobState(page), { timeout: 30_000 }).toBe('saved');
    const job = page.locator('[data-testid=job-card]').first();
    expect(await job.getByTestId('rejected-key').textContent()).toMatch(
      /Runware rejected its API key, so Offline engine made these instead/,
    );
    await screenshot(page, 'key-rejected-queue');

    await goTo(page, 'Settings');
    await runware.getByLabel('Runware API key').fill(KEY);
    await runware.getByRole('button', { name: 'Save key' }).click();
    await poll(
      () => status.textContent(),
      (text) => text?.includes('Key set · works') === true,
    );
    expectCleanPage(harness!);
  }, 120_000);
});

describe('finding 3: cost up front, and the cap before anything runs', () => {
  it('the Generate button shows the estimate as options change, and "free" offline', async () => {
    const { page } = await withRunware({ secrets: { runware: KEY } });
    await page.getByLabel('Describe the design').fill('gold balloons');
    const quote = await harness!.service.estimateCost({ count: 2 });
    expect(quote.estimatedCostUsd).toBeGreaterThan(0);
    await poll(
      () => generateButton(page).textContent(),
      (text) => text?.includes(`Generate 2 images · ≈ $${quote.estimatedCostUsd!.toFixed(4)}`) === true,
    );
    await page.getByRole('button', { name: 'More images' }).click();
    const three = await harness!.service.estimateCost({ count: 3 });
    await poll(
      () => generateButton(page).textContent(),
      (text) => text?.includes(`Generate 3 images · ≈ $${three.estimatedCostUsd!.toFixed(4)}`) === true,
    );
    await page.getByLabel('Model').selectOption('offline');
    await poll(
      () => generateButton(page).textContent(),
      (text) => text?.includes('Generate 3 images · free') === true,
    );
  }, 90_000);

  it('under a $0.001 cap a $0.0026 job is refused before it starts, with "Run offline instead" and "Raise the cap"', async () => {
    const { page } = await withRunware({ secrets: { runware: KEY }, settings: { ...PAST_FIRST_RUN, budget: { dailyCapUsd: 0.001 } } });
    await page.getByLabel('Describe the design').fill('gold balloons');
    const refusal = page.getByTestId('cap-refusal');
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.textContent()).toMatch(/past the daily cap/);
    expect(await generateButton(page).getAttribute('aria-disabled')).toBe('true');
    // Ctrl+Enter does not start it either, and no toast covers the button.
    await page.getByLabel('Describe the design').press('Control+Enter');
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid=job-card]').count()).toBe(0);
    expect(emulator!.stats.tasks.imageInference ?? 0).toBe(0);
    await screenshot(page, 'cap-refusal');

    await refusal.getByRole('button', { name: 'Run offline instead' }).click();
    await expect.poll(() => newestJobState(page), { timeout: 30_000 }).toBe('saved');
    expect(await page.getByLabel('Model').inputValue()).toBe('offline');
    expect(emulator!.stats.tasks.imageInference ?? 0).toBe(0);

    await page.getByLabel('Model').selectOption('default');
    await refusal.waitFor();
    await refusal.getByRole('button', { name: 'Raise the cap' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await poll(
      () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.closest('section')?.getAttribute('aria-labelledby')),
      (section) => section === 'budget-title',
    );
  }, 120_000);
});
