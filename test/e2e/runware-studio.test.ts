import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motifConfigSchema } from '../../src/core/config/motif-config.ts';
import type { RendererHarness } from './harness/index.ts';
import type { Locator, Page } from 'playwright-core';
import {
  expectCleanPage,
  generate,
  goTo,
  newestJobState,
  poll,
  screenshot,
  startRunwareApp,
  type RunwareApp,
} from './renderer-e2e-helpers.ts';

const KEY = 'rw-e2e-studio-4d1f7a2c9b';
/** Long enough that the open circuit's countdown can be read and seen to tick. */
const COOLDOWN_MS = 30_000;

/**
 * Generates from the studio and waits until the new job's card is on screen
 * and saved (not the previous job's card, which is first until then).
 */
async function generateSaved(page: Page, prompt: string, count: number): Promise<Locator> {
  const cards = page.locator('[data-testid=job-card]');
  const before = await cards.count();
  await generate(page, prompt, count);
  await poll(
    () => cards.count(),
    (n) => n > before,
  );
  await expect.poll(() => newestJobState(page), { timeout: 60_000 }).toBe('saved');
  return cards.first();
}

/**
 * The app against the Runware emulator, as a designer with a Runware key
 * would use it: the engine takes Runware's URLs from its environment and the
 * key from its key store, exactly as the desktop app does.
 */
describe('designing with Runware (emulator)', () => {
  let app: RunwareApp;
  let harness: RendererHarness;
  beforeAll(async () => {
    // The breaker's cooldown as a MOTIF_CONFIG file would set it.
    app = await startRunwareApp(KEY, 11, {
      serviceOptions: { config: motifConfigSchema.parse({ routing: { breaker: { cooldownMs: COOLDOWN_MS } } }) },
    });
    harness = app.harness;
  }, 90_000);
  afterAll(() => app?.close());

  const runwareCard = () => harness.page.locator('[data-testid=provider-card][data-provider=runware]');

  it('generates through Runware: the badge says so and the cost is what Runware charged', async () => {
    const { page } = harness;
    const card = await generateSaved(page, 'gold balloons and confetti over a navy sky', 2);
    await expect.poll(() => card.locator('[data-testid=job-image]').count()).toBe(2);
    expect(await card.getByTestId('served-by').textContent()).toBe('Served by Runware');
    expect(await card.getByTestId('served-by').getAttribute('class')).not.toContain('fallback');
    // 2 images at the emulator's $0.0013 each, as Runware reported it (not an estimate).
    expect(await card.locator('.job-cost').textContent()).toBe('$0.0026');
    expect(await card.locator('.job-cost').getAttribute('title')).toBe('Reported by the provider');
    expect(app.emulator.stats.imagesGenerated).toBe(2);
    await screenshot(page, 'studio-runware');

    await card.locator('[data-testid=job-image]').first().click();
    const dialog = page.getByTestId('detail-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('detail-provider').textContent()).toBe('Runware');
    expect(await dialog.getByTestId('detail-cost').textContent()).toBe('$0.0013');
    expect(await dialog.locator('.detail-facts').textContent()).toContain('runware:100@1');
    await screenshot(page, 'details-runware');
    await page.keyboard.press('Escape');
    await poll(
      () => dialog.isVisible(),
      (visible) => !visible,
    );
    expectCleanPage(harness);
  }, 90_000);

  it('shows the Runware connection pool on its Health card after a generation', async () => {
    const { page } = harness;
    await goTo(page, 'Health');
    const card = runwareCard();
    await card.waitFor();
    const pool = card.locator('.provider-pool');
    await poll(
      () => pool.textContent(),
      (text) => text !== null && /Tasks0 in flight/.test(text),
    );
    const facts = Object.fromEntries(
      await pool
        .locator('div')
        .evaluateAll((rows) => rows.map((row) => [row.querySelector('dt')?.textContent ?? '', row.querySelector('dd')?.textContent ?? ''])),
    ) as Record<string, string>;
    expect(facts.Transport).toBe('WebSocket');
    expect(Number(/^(\d+) open/.exec(facts.Sockets ?? '')?.[1])).toBeGreaterThanOrEqual(1);
    expect(facts.Reconnects).toBe('0');
    expect(facts.Tasks).toBe('0 in flight');
    expect(await card.getAttribute('data-status')).toBe('healthy');
    expect(await card.locator('.provider-stats').textContent()).toContain('$0.0026');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'health-runware');
    expectCleanPage(harness);
  }, 60_000);

  it("offers the versions Runware's promptEnhance returns, and picking one fills the prompt", async () => {
    const { page } = harness;
    await goTo(page, 'Studio');
    const before = app.emulator.stats.tasks.promptEnhance ?? 0;
    await page.getByLabel('Describe the design').fill('pastel bunting for a baby shower');
    await page.getByRole('button', { name: 'Enhance prompt' }).click();
    const panel = page.getByRole('region', { name: 'Prompt suggestions' });
    const suggestions = panel.locator('.suggestion');
    await poll(
      () => suggestions.count(),
      (count) => count === 3,
    );
    expect(app.emulator.stats.tasks.promptEnhance).toBe(before + 1);
    const texts = await suggestions.locator('span:first-child').allTextContents();
    // The emulator's versions: the prompt plus a fixed set of flourishes per version.
    for (const text of texts) expect(text).toMatch(/^pastel bunting for a baby shower, /);
    expect(new Set(texts).size).toBe(3);
    await screenshot(page, 'studio-enhance');
    await suggestions.nth(1).click();
    expect(await page.getByLabel('Describe the design').inputValue()).toBe(texts[1]);
    expect(await panel.count()).toBe(0);
    // Focus goes back to the prompt, ready to edit or generate.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('prompt-input');
    expectCleanPage(harness);
  }, 60_000);

  it('holds Runware open by hand: the card says so, and a generation goes to the offline engine with the reason in words', async () => {
    const { page } = harness;
    await goTo(page, 'Health');
    const card = runwareCard();
    await card.getByText('Advanced', { exact: true }).click();
    await card.getByText('Force open', { exact: true }).click();
    await poll(
      () => card.getAttribute('data-status'),
      (status) => status === 'open',
    );
    expect(await card.locator('.provider-status-text').textContent()).toContain('Paused by hand');
    await screenshot(page, 'health-runware-forced-open');

    const tasksBefore = app.emulator.stats.tasks.imageInference ?? 0;
    const job = await generateSaved(page, 'snowflakes and red ornaments on deep green', 1);
    const servedBy = (await job.getByTestId('served-by').textContent()) ?? '';
    expect(servedBy).toBe('Served by Offline engine — fallback: Runware was paused (circuit held open by hand)');
    await job.locator('.attempt-trail summary').click();
    const trail = await job.locator('.attempt-trail li').allTextContents();
    expect(trail.find((line) => line.startsWith('Runware'))).toMatch(/^Runware was skipped: circuit held open by hand\. Moved on to /);
    expect(trail.at(-1)).toMatch(/^Offline engine succeeded/);
    expect(app.emulator.stats.tasks.imageInference ?? 0).toBe(tasksBefore);
    await screenshot(page, 'studio-runware-held-open');

    await goTo(page, 'Health');
    await card.getByText('Automatic', { exact: true }).click();
    await poll(
      () => card.getAttribute('data-status'),
      (status) => status !== 'open',
    );
    expectCleanPage(harness);
  }, 90_000);

  it("opens Runware's circuit after repeated failures: a live countdown, and each fallback explained", async () => {
    const { page } = harness;
    const card = runwareCard();
    const job = page.locator('[data-testid=job-card]').first();
    const served = (): Promise<string | null> => job.getByTestId('served-by').textContent();
    app.emulator.faults.set({ errorRate: 1, errorFaults: [{ kind: 'status', status: 500 }] });
    try {
      // Three tries per job (two retries): the fifth failure in a row opens the circuit, during the second job.
      for (const prompt of ['minimal geometric dots in coral and teal', 'birthday cake with candles and streamers']) {
        await generateSaved(page, prompt, 1);
        expect(await served()).toBe('Served by Offline engine — fallback after Runware failed');
      }
    } finally {
      app.emulator.faults.clear();
    }
    await job.locator('.attempt-trail summary').click();
    expect(await job.locator('.attempt-trail li').allTextContents()).toContainEqual(
      expect.stringMatching(/^Runware failed after .*Runware failed \(internalServerError: .*\)\. (Tried again|Moved on to .*)\.$/),
    );

    await goTo(page, 'Health');
    await poll(
      () => card.getAttribute('data-status'),
      (status) => status === 'open',
    );
    expect(await card.locator('.provider-status').textContent()).toBe('Paused');
    const countdown = card.getByTestId('retry-countdown');
    const seconds = async (): Promise<number> => Number(/next try in (\d+) s/.exec((await countdown.textContent()) ?? '')?.[1] ?? NaN);
    const first = await seconds();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(COOLDOWN_MS / 1000);
    // Live: it counts down on screen with no new snapshot from the engine.
    await poll(seconds, (value) => value < first, 5_000);
    expect(await card.locator('.provider-last-error').textContent()).toContain('internalServerError');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'health-runware-open');

    await generateSaved(page, 'elegant ivory florals with gold rings', 1);
    expect(await served()).toBe('Served by Offline engine — fallback: Runware was paused (circuit open)');
    expectCleanPage(harness);
  }, 180_000);
});
