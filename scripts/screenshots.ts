/**
 * Takes the README's screenshots from the production renderer build.
 *
 *   npm run screenshots                              # builds, then writes docs/screenshots/
 *   node scripts/screenshots.ts --data-dir=/home/sam/Motif --only=gallery,settings
 *
 * It serves `out/renderer` (what `npm run build` makes and the app loads) in
 * Debian's Chromium through the browser-test harness, with `window.motif`
 * bridged to a real engine on `--data-dir` (default `~/Motif`; the Settings
 * page shows its path, so it should read like a designer's folder). That
 * folder must not exist yet, or must be one this script made: it is removed
 * at the end unless `--keep`. The library is filled with real offline-engine
 * designs (scripts/showcase-library.ts); Runware is the loopback emulator
 * with a key set, so nothing reaches the internet. Each screen is written at
 * 1440×900 as an optimised PNG; the print pages are rasterised from the
 * exported PDF with pdftoppm (poppler-utils).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { PrintRequest } from '../src/core/contract/print-request.ts';
import { createMotifService } from '../src/core/service/create-motif-service.ts';
import type { MotifApi } from '../src/core/service/motif-api.ts';
import { MemorySecretStore, MemorySettingsStore } from '../src/core/settings/settings-store.ts';
import { startRendererHarness, type RendererHarness } from '../test/e2e/harness/index.ts';
import { goTo, newestJobState, poll, waitForApp } from '../test/e2e/renderer-e2e-helpers.ts';
import { startRunwareEmulator } from '../test/emulators/runware/index.ts';
import { makeShowcaseLibrary, type ShowcaseLibrary } from './showcase-library.ts';

const root = join(import.meta.dirname, '..');
const RENDERER_DIR = join(root, 'out/renderer');
const OUT_DIR = join(root, 'docs/screenshots');
const VIEWPORT = { width: 1440, height: 900 } as const;
/** Marks a data dir this script made, so a second run may reuse or remove it. */
const MARKER = '.motif-screenshots';
const RUNWARE_KEY = 'rw-3f9a1c07d2b84e6aa51c';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: join(homedir(), 'Motif') },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const dataDir = values['data-dir'];
const only = values.only?.split(',');

/** Stands in for the app's safeStorage key file: keys persist there, so Settings shows no "held in memory" notice. */
class KeychainStandIn extends MemorySecretStore {
  override describe(): { persistent: boolean; reason: string | undefined } {
    return { persistent: true, reason: undefined };
  }
}

async function prepareDataDir(): Promise<boolean> {
  if (!existsSync(dataDir)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, MARKER), '');
    return false;
  }
  if (!existsSync(join(dataDir, MARKER)))
    throw new Error(`${dataDir} exists and was not made by this script; choose another with --data-dir`);
  return (await readdir(dataDir)).includes('library');
}

/** Writes a screenshot as a palette PNG (libimagequant through sharp): a third of the size, no visible loss at 1440 px. */
async function save(page: Page, name: string): Promise<void> {
  const raw = await page.screenshot();
  await writeFile(join(OUT_DIR, `${name}.png`), await sharp(raw).png({ palette: true, quality: 92, effort: 8 }).toBuffer());
  process.stdout.write(`  ${name}.png\n`);
}

const wanted = (name: string): boolean => only === undefined || only.includes(name);

/**
 * Searches the gallery for `query` and opens the first design found (the
 * gallery is windowed: a design far down is not on the page). Without
 * `search`, the design must be on screen already.
 */
async function openDesign(page: Page, query: string, { search = true } = {}): Promise<void> {
  await goTo(page, 'Gallery');
  if (search) await page.getByLabel('Search designs by prompt').fill(query);
  const tile = page.locator('[data-testid=gallery-tile]').filter({ hasText: query }).first();
  await tile.locator('.tile-open').click();
  await page.getByTestId('detail-dialog').waitFor();
}

/** Closes the details dialog and clears the gallery search `openDesign` typed. */
async function closeDialogs(page: Page): Promise<void> {
  for (let i = 0; i < 3 && (await page.getByTestId('detail-dialog').isVisible()); i += 1) await page.keyboard.press('Escape');
  await goTo(page, 'Gallery');
  await page.getByLabel('Search designs by prompt').fill('');
}

/** Waits for every image on the page to have loaded (thumbnails come over HTTP). */
async function imagesLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.images].every((image) => image.complete && image.naturalWidth > 0));
}

/**
 * Waits until every job card in the queue shows all its images: a job can say
 * "saved" a moment before its last image reaches the card (a placeholder then
 * stands in for it), so the job's state alone is not enough for a screenshot.
 */
async function queueImagesShown(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid=job-card]')].every((card) => {
      if (card.querySelector('.job-image-pending') !== null) return false;
      const buttons = [...card.querySelectorAll<HTMLElement>('[data-testid=job-image]')];
      const expected = Number(/ of (\d+)$/.exec(buttons[0]?.getAttribute('aria-label') ?? '')?.[1] ?? buttons.length);
      return buttons.length === expected;
    }),
  );
  await imagesLoaded(page);
}

async function setTheme(harness: RendererHarness, theme: 'light' | 'dark'): Promise<void> {
  await harness.service.updateSettings({ theme });
  await harness.page.reload({ waitUntil: 'load' });
  await waitForApp(harness.page);
}

async function firstRun(): Promise<void> {
  const freshDir = await mkdtemp(join(tmpdir(), 'motif-first-run-'));
  const harness = await startRendererHarness({
    rendererDir: RENDERER_DIR,
    settings: { theme: 'light' },
    serviceOptions: { dataDir: freshDir },
    viewport: VIEWPORT,
  });
  try {
    await harness.page.getByTestId('first-run').waitFor();
    await imagesLoaded(harness.page);
    await save(harness.page, 'first-run');
  } finally {
    await harness.close();
    await rm(freshDir, { recursive: true, force: true });
  }
}

async function studio(harness: RendererHarness): Promise<void> {
  const { page } = harness;
  await goTo(page, 'Studio');
  const cards = page.locator('[data-testid=job-card]');
  const submit = async (prompt: string, style: string): Promise<void> => {
    await page.getByLabel('Describe the design').fill(prompt);
    await page.locator('.style-option .style-name').getByText(style, { exact: true }).click();
    await page.getByLabel('Describe the design').press('Control+Enter');
  };
  await submit('"Happy 30th Maya" gold balloons and confetti poster', 'Party');
  await poll(
    () => newestJobState(page),
    (state) => state === 'saved',
    60_000,
  );
  await submit('"Welcome Baby Noah" baby shower ducks invitation', 'Baby shower');
  await poll(
    () => cards.count(),
    (n) => n === 2,
  );
  await poll(
    () => newestJobState(page),
    (state) => state === 'saved',
    60_000,
  );
  await submit('"Sweet Sixteen" pink and gold party banner', 'Birthday');
  await poll(
    () => cards.count(),
    (n) => n === 3,
  );
  await poll(
    () => newestJobState(page),
    (state) => state === 'waiting' || state === 'receiving',
  );
  if (wanted('studio-generating')) await save(page, 'studio-generating');
  await poll(
    () => newestJobState(page),
    (state) => state === 'saved',
    60_000,
  );
  await page.getByLabel('Describe the design').fill('"Emma\'s tea party" teapots and roses table card');
  await queueImagesShown(page);
  if (wanted('studio')) await save(page, 'studio');
}

async function gallery(harness: RendererHarness, name: string): Promise<void> {
  const { page } = harness;
  await goTo(page, 'Gallery');
  await page.getByLabel('Group designs').selectOption({ label: 'By day' });
  // A notch smaller than the default, so three days of work fit on the screen.
  await page.getByLabel('Thumbnail size').fill('160');
  await page.locator('[data-testid=gallery-tile]').first().waitFor();
  await page.locator('[data-testid=gallery-tile]').nth(3).hover();
  await imagesLoaded(page);
  await save(page, name);
}

/** Filters the gallery to one project (or back to all images with undefined). */
async function showProject(page: Page, name: string | undefined): Promise<void> {
  await goTo(page, 'Gallery');
  const project = page.getByLabel('Project', { exact: true });
  if (name === undefined) return void (await project.selectOption(''));
  const label = (await project.locator('option').allTextContents()).find((text) => text.startsWith(name));
  await project.selectOption({ label: label! });
  await poll(
    async () => (await page.getByTestId('project-current').textContent()) ?? '',
    (text) => text.includes('design'),
  );
}

async function projects(harness: RendererHarness): Promise<void> {
  const { page } = harness;
  await showProject(page, "Emma's 5th");
  await imagesLoaded(page);
  await save(page, 'projects');
  await showProject(page, undefined);
}

async function viewer(harness: RendererHarness): Promise<void> {
  const { page } = harness;
  // In the wedding project, so Compare 4 shows the wedding set side by side.
  await showProject(page, 'Smith wedding');
  await openDesign(page, 'Anna & Ben" wedding rings and doves invitation', { search: false });
  await imagesLoaded(page);
  await save(page, 'viewer');
  await page.getByRole('button', { name: 'Compare 4' }).click();
  await poll(
    () => page.locator('[data-testid=compare-view] .compare-pane').count(),
    (n) => n === 4,
  );
  await page.mouse.move(0, 0);
  await imagesLoaded(page);
  await save(page, 'compare');
  await closeDialogs(page);
  await showProject(page, undefined);
}

async function detailsWithTools(harness: RendererHarness): Promise<void> {
  const { page } = harness;
  await openDesign(page, 'Oh Baby" baby shower ducks cupcake topper');
  const dialog = page.getByTestId('detail-dialog');
  await dialog.getByRole('toolbar', { name: 'Image tools' }).getByRole('button', { name: 'Remove background', exact: true }).click();
  const panel = dialog.getByTestId('tool-panel');
  await poll(
    async () => (await panel.getByTestId('tool-estimate').textContent()) ?? '',
    (text) => text.length > 0,
  );
  await imagesLoaded(page);
  await save(page, 'details-tools');

  // Run it, then open the result: its details show what it was made from.
  const cards = page.locator('[data-testid=job-card]');
  const before = await cards.count();
  await panel.getByTestId('tool-run').click();
  await closeDialogs(page);
  await goTo(page, 'Studio');
  await poll(
    () => cards.count(),
    (n) => n > before,
  );
  await poll(
    () => newestJobState(page),
    (state) => state === 'saved',
    60_000,
  );
  await cards.first().locator('[data-testid=job-image]').first().click();
  await page.getByTestId('detail-dialog').getByTestId('lineage').waitFor();
  await imagesLoaded(page);
  await save(page, 'lineage');
  await closeDialogs(page);
}

async function settings(harness: RendererHarness, name: string): Promise<void> {
  const { page } = harness;
  await goTo(page, 'Settings');
  const runware = page.locator('[data-testid=provider-settings][data-provider=runware]');
  await poll(
    async () => (await runware.getByTestId('key-status-runware').textContent()) ?? '',
    (text) => /valid|set/i.test(text),
  );
  await save(page, name);
}

async function health(harness: RendererHarness): Promise<void> {
  await goTo(harness.page, 'Health');
  await harness.page.locator('[data-testid=provider-card][data-provider=runware]').waitFor();
  await save(harness.page, 'health');
}

async function print(harness: RendererHarness): Promise<void> {
  const { page } = harness;
  await openDesign(page, 'Anna & Ben" wedding rings and doves invitation');
  await page.getByTestId('detail-dialog').getByRole('button', { name: 'Print' }).click();
  const view = page.getByRole('region', { name: 'Print' });
  await view.waitFor();
  await view.getByLabel('Size', { exact: true }).selectOption('5x7');
  // As a PNG the design is pixels, so preflight has a verdict and fixes to show (a PDF draws its vector original).
  await view.getByRole('combobox', { name: /^File/ }).selectOption('png');
  await poll(
    async () => (await page.getByTestId('print-verdict').first().textContent()) ?? '',
    (text) => /ppi/.test(text),
  );
  await imagesLoaded(page);
  await save(page, 'print-view');
}

/** Exports a card and a bunting as PDFs through the engine and rasterises their first pages. */
async function printedPages(service: MotifApi, showcase: ShowcaseLibrary): Promise<void> {
  const exec = promisify(execFile);
  const card = showcase.entries.find((entry) => entry.prompt.includes('Anna & Ben') && entry.prompt.includes('invitation'))!;
  const pattern = showcase.entries.find((entry) => entry.prompt.includes('Happy 5th') && entry.prompt.includes('wrapping paper'))!;
  const work = await mkdtemp(join(tmpdir(), 'motif-print-pages-'));
  try {
    for (const [name, request] of [
      ['print-card-page', { product: 'print', ids: [card.id], layout: { size: { preset: '5x7' }, marks: true, enhance: 'vector' } }],
      ['print-bunting-page', { product: 'bunting', phrase: 'Happy Birthday Emma', designId: pattern.id }],
    ] satisfies (readonly [string, PrintRequest])[]) {
      const pdf = join(work, `${name}.pdf`);
      await service.printExport(request, pdf);
      await exec('pdftoppm', [
        '-png',
        '-r',
        name === 'print-card-page' ? '96' : '72',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        pdf,
        join(work, name),
      ]);
      await sharp(join(work, `${name}.png`))
        .png({ palette: true, quality: 92, effort: 8 })
        .toFile(join(OUT_DIR, `${name}.png`));
      process.stdout.write(`  ${name}.png\n`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function modelCatalogue(harness: RendererHarness): Promise<void> {
  const { page } = harness;
  await goTo(page, 'Studio');
  await page.locator('#model-select').selectOption({ label: 'More models…' });
  const dialog = page.getByTestId('catalogue-dialog');
  await dialog.getByRole('heading', { name: 'More models' }).waitFor();
  await dialog.getByLabel('Search models').fill('party');
  await poll(
    () => dialog.locator('.catalogue-row').count(),
    (n) => n > 0,
  );
  await imagesLoaded(page);
  await save(page, 'model-catalogue');
  await dialog.getByRole('button', { name: 'Close' }).click();
}

async function main(): Promise<void> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first');
  await mkdir(OUT_DIR, { recursive: true });
  const seeded = await prepareDataDir();
  const emulator = await startRunwareEmulator({ apiKey: RUNWARE_KEY, seed: 7, latency: { kind: 'uniform', minMs: 700, maxMs: 1_600 } });
  let showcase: ShowcaseLibrary | undefined;
  try {
    if (wanted('first-run')) await firstRun();
    if (!seeded) {
      process.stdout.write(`filling ${dataDir} with showcase designs…\n`);
      showcase = await makeShowcaseLibrary(dataDir);
    }
    const service = await createMotifService({
      dataDir,
      settingsStore: new MemorySettingsStore({ firstRunDone: true, theme: 'light', budget: { dailyCapUsd: 2 } }),
      secretStore: new KeychainStandIn(),
      env: { RUNWARE_WS_URL: emulator.wsUrl, RUNWARE_API_URL: emulator.restUrl, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    try {
      await service.setSecret('runware', RUNWARE_KEY);
      showcase ??= { entries: (await service.listLibrary({ limit: 200 })).items, projects: new Map() };
      const harness = await startRendererHarness({
        service,
        rendererDir: RENDERER_DIR,
        viewport: VIEWPORT,
        shell: { choosePrintTarget: (name, extension) => join(dataDir, 'Exports', `${name}.${extension}`) },
      });
      try {
        await waitForApp(harness.page);
        if (wanted('studio') || wanted('studio-generating')) await studio(harness);
        if (wanted('gallery')) await gallery(harness, 'gallery');
        if (wanted('projects')) await projects(harness);
        if (wanted('viewer')) await viewer(harness);
        if (wanted('details-tools')) await detailsWithTools(harness);
        if (wanted('model-catalogue')) await modelCatalogue(harness);
        if (wanted('print-view')) await print(harness);
        if (wanted('settings')) await settings(harness, 'settings');
        if (wanted('health')) await health(harness);
        if (wanted('dark')) {
          await setTheme(harness, 'dark');
          await gallery(harness, 'gallery-dark');
          await settings(harness, 'settings-dark');
          await setTheme(harness, 'light');
        }
      } finally {
        await harness.close();
      }
      if (wanted('print-pages')) await printedPages(service, showcase);
    } finally {
      await service.close({ graceMs: 0 });
    }
  } finally {
    await emulator.close();
    if (!values.keep) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
