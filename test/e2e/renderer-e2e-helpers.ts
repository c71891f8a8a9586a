import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { startRendererHarness, type RendererHarness, type RendererHarnessOptions } from './harness/index.ts';

/** Where browser tests leave screenshots of each screen (gitignored). */
const SCREENSHOT_DIR = join(import.meta.dirname, '../../test-results/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Settings that skip the first-run screen. */
export const PAST_FIRST_RUN = { firstRunDone: true, theme: 'light' } as const;

/** The app and the Runware emulator its Runware provider talks to. */
export interface RunwareApp {
  readonly harness: RendererHarness;
  readonly emulator: RunwareEmulator;
  close(): Promise<void>;
}

/**
 * The app past first run at 1440×900 with a Runware key, Runware pointed at a
 * fresh emulator that accepts only that key; `options` changes any of it.
 */
export async function startRunwareApp(apiKey: string, seed: number, options: RendererHarnessOptions = {}): Promise<RunwareApp> {
  const emulator = await startRunwareEmulator({ apiKey, seed });
  const harness = await startRendererHarness({
    settings: PAST_FIRST_RUN,
    secrets: { runware: apiKey },
    viewport: { width: 1440, height: 900 },
    ...options,
    serviceOptions: {
      ...options.serviceOptions,
      env: { RUNWARE_WS_URL: emulator.wsUrl, RUNWARE_API_URL: emulator.restUrl, ...options.serviceOptions?.env },
    },
  });
  await waitForApp(harness.page);
  return {
    harness,
    emulator,
    async close() {
      await harness.close();
      await emulator.close();
    },
  };
}

/** Waits until the app has loaded its settings and shows the main navigation. */
export async function waitForApp(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export async function goTo(page: Page, view: 'Studio' | 'Gallery' | 'Health' | 'Settings'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view, exact: true }).click();
}

/** Types a prompt in the studio and generates with the keyboard shortcut. */
export async function generate(page: Page, prompt: string, count?: number): Promise<void> {
  await goTo(page, 'Studio');
  const field = page.getByLabel('Describe the design');
  await field.fill(prompt);
  if (count !== undefined) {
    const output = page.locator('.stepper output');
    for (let guard = 0; guard < 10 && Number(await output.textContent()) !== count; guard += 1) {
      const current = Number(await output.textContent());
      await page.getByRole('button', { name: current < count ? 'More images' : 'Fewer images' }).click();
    }
  }
  await field.press('Control+Enter');
}

/** The newest job card's state attribute. */
export function newestJobState(page: Page): Promise<string | null> {
  return page.locator('[data-testid=job-card]').first().getAttribute('data-state');
}

/**
 * The harness's page bridge sometimes logs a failed first socket before the
 * one the app uses connects; that is the test transport, not the app.
 */
const HARNESS_NOISE = [/__motif\/bridge.*Connection closed before receiving a handshake response/, /^Error: The test bridge socket failed/];

/** Fails the test if the page threw, logged an error, or broke its CSP. */
export function expectCleanPage(harness: RendererHarness): void {
  expect(harness.pageErrors.filter((text) => !HARNESS_NOISE.some((noise) => noise.test(text)))).toEqual([]);
  expect(harness.cspViolations).toEqual([]);
}

export async function poll<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

const SEED_PROMPTS = [
  'gold balloons and confetti over a navy sky',
  'pastel bunting with tiny stars',
  'elegant ivory florals with gold rings',
  'snowflakes and red ornaments on deep green',
  'minimal geometric dots in coral and teal',
  'birthday cake with candles and streamers',
] as const;

/**
 * Fills a data dir's library with `total` entries before the app starts: a few
 * real images from the offline engine (one per style), then index records
 * that reuse their files, so ten thousand entries cost seconds, not minutes.
 * Entry `i` (0 = newest) has the prompt `<one of SEED_PROMPTS> #<i>`. The
 * real images are made at `sizes` in turn (one size unless given), so entry
 * `i` has the shape of `sizes[(i % styles) % sizes.length]`; `perJob` entries in a row share a job.
 */
async function seedLibrary(dataDir: string, total: number, sizes: readonly string[] = ['512x512'], perJob = 1): Promise<void> {
  const { createMotifService } = await import('../../src/core/service/create-motif-service.ts');
  const { MemorySecretStore, MemorySettingsStore } = await import('../../src/core/settings/settings-store.ts');
  const { STYLE_IDS } = await import('../../src/core/contract/styles.ts');
  const { appendFile } = await import('node:fs/promises');
  const service = await createMotifService({
    dataDir,
    settingsStore: new MemorySettingsStore({}),
    secretStore: new MemorySecretStore({}),
    env: {},
  });
  const bases = [];
  try {
    for (const [i, style] of STYLE_IDS.entries()) {
      const outcome = await service.generate({
        prompt: SEED_PROMPTS[i % SEED_PROMPTS.length]!,
        style,
        count: 1,
        size: sizes[i % sizes.length]!,
        seed: 100 + i,
      });
      bases.push(outcome.entries[0]!);
    }
  } finally {
    await service.close({ graceMs: 0 });
  }
  const newest = Math.max(...bases.map((entry) => entry.createdAt));
  const lines: string[] = [];
  // Oldest first, as the log would have been written.
  for (let i = total - 1; i >= 0; i -= 1) {
    const base = bases[i % bases.length]!;
    const entry = {
      ...base,
      id: `seed-${i}`,
      jobId: `seed-job-${Math.floor(i / perJob)}`,
      prompt: `${SEED_PROMPTS[i % SEED_PROMPTS.length]} #${i}`,
      seed: i,
      createdAt: newest + 60_000 - i * 60_000,
      favourite: i % 97 === 0,
    };
    lines.push(`${JSON.stringify({ op: 'put', entry })}\n`);
  }
  // The real entries stay too (older than every seeded one would be confusing); drop them by id.
  lines.push(`${JSON.stringify({ op: 'del', ids: bases.map((entry) => entry.id), at: newest + 120_000 })}\n`);
  await appendFile(join(dataDir, 'library', 'index.jsonl'), lines.join(''));
}

/**
 * A harness on a seeded library (see `seedLibrary`), at 1440 × 900 on the
 * gallery with its first tile shown; `close` also removes the data dir.
 */
export async function openSeededGallery(
  total: number,
  sizes?: readonly string[],
  perJob?: number,
): Promise<{ harness: RendererHarness; close(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motif-e2e-seeded-'));
  await seedLibrary(dataDir, total, sizes, perJob);
  const harness = await startRendererHarness({
    settings: PAST_FIRST_RUN,
    serviceOptions: { dataDir },
    viewport: { width: 1440, height: 900 },
  });
  await waitForApp(harness.page);
  await goTo(harness.page, 'Gallery');
  await harness.page.locator('[data-testid=gallery-tile]').first().waitFor({ timeout: 30_000 });
  return {
    harness,
    async close() {
      await harness.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
