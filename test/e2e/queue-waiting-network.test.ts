import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRendererHarness, type RendererHarness } from './harness/index.ts';
import { PAST_FIRST_RUN, expectCleanPage, goTo, newestJobState, poll, screenshot, waitForApp } from './renderer-e2e-helpers.ts';

/** A loopback port with nothing listening: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A designer picks a Runware model while Runware cannot be reached (its
 * WebSocket and REST URLs point at a closed loopback port): the only route has
 * no connection, so the job waits for the network instead of failing.
 */
describe('generation queue: waiting for the network', () => {
  let harness: RendererHarness;
  beforeAll(async () => {
    const port = await closedPort();
    harness = await startRendererHarness({
      settings: PAST_FIRST_RUN,
      secrets: { runware: 'rw-e2e-offline-8c2e5a' },
      serviceOptions: { env: { RUNWARE_WS_URL: `ws://127.0.0.1:${port}/v1`, RUNWARE_API_URL: `http://127.0.0.1:${port}/v1` } },
      viewport: { width: 1440, height: 900 },
    });
    await waitForApp(harness.page);
  }, 90_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('shows "Waiting for network" with the engine\'s notice, and cancels from there', async () => {
    const { page } = harness;
    await goTo(page, 'Studio');
    await page.getByLabel('Model').selectOption({ label: 'FLUX.1 schnell (Runware)' });
    await page.getByLabel('Describe the design').fill('gold balloons and confetti over a navy sky');
    await page.getByRole('button', { name: /^Generate \d images?/ }).click();

    const card = page.locator('[data-testid=job-card]').first();
    await expect.poll(() => newestJobState(page), { timeout: 30_000 }).toBe('waiting-network');
    expect(await card.locator('.job-state').textContent()).toBe('Waiting for network');
    expect(await card.getByTestId('served-by').textContent()).toBe('Will use Runware');
    expect(await card.locator('.job-explanation').textContent()).toBe(
      'Waiting for the network to come back. The job starts by itself when it does.',
    );
    expect(await card.locator('.job-notice').textContent()).toMatch(
      /^\s*Waiting for the network: no provider is reachable\. Trying again in \d+ s\.$/,
    );
    // Still active: counted in the navigation badge, and cancellable.
    expect(await page.locator('.nav-badge').textContent()).toBe('1');
    const trail = await card.locator('.attempt-trail li').allTextContents();
    expect(trail.some((line) => /^Runware failed after .+\. (Tried again|No other provider was left to try)\.$/.test(line))).toBe(true);
    await screenshot(page, 'studio-waiting-network');

    await card.getByRole('button', { name: 'Cancel' }).click();
    await poll(
      () => newestJobState(page),
      (state) => state === 'cancelled',
    );
    expect(await card.locator('.job-state').textContent()).toBe('Cancelled');
    expect(await card.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
    expect(await page.locator('.nav-badge').count()).toBe(0);
    const jobs = await page.evaluate(() => window.motif.jobs.list());
    expect(jobs.map((job) => job.state)).toEqual(['cancelled']);
    expect((await harness.service.listLibrary({})).total).toBe(0);
    expectCleanPage(harness);
  }, 90_000);
});
