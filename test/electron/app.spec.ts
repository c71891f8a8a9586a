/**
 * The packaged app end to end, in real Electron (run through `run.ts`):
 * empty profile → generate with the offline engine → see the image in the
 * gallery, plus the security settings and quit-drain that only Electron has.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';

const root = join(import.meta.dirname, '../..');

describe('Motif in Electron', () => {
  let app: ElectronApplication;
  let page: Page;
  const userData = mkdtempSync(join(tmpdir(), 'motif-electron-'));

  before(async () => {
    const executablePath = process.env.MOTIF_ELECTRON_BINARY;
    assert.ok(executablePath, 'run through test/electron/run.ts');
    app = await electron.launch({
      executablePath,
      // Chromium refuses to run as root with its OS sandbox; CI containers run as root.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
      env: { ...process.env, MOTIF_USER_DATA_DIR: userData, RUNWARE_API_KEY: '', OPENAI_API_KEY: '' },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('load');
  });

  after(async () => {
    await app?.close().catch(() => undefined);
    rmSync(userData, { recursive: true, force: true });
  });

  it('gives the page window.motif and no Node or Electron internals', async () => {
    const globals = await page.evaluate(() => ({
      motif: typeof window.motif,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
    }));
    assert.deepEqual(globals, { motif: 'object', require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });
  });

  it('loads the page from the app’s own scheme, not file://', async () => {
    assert.equal(page.url(), 'app://motif/index.html');
    // The CSP's 'self' is the app's scheme: a file on disk cannot be loaded as a script.
    const blocked = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const script = document.createElement('script');
          script.src = 'file:///etc/hostname';
          script.onload = () => resolve(false);
          script.onerror = () => resolve(true);
          document.head.append(script);
        }),
    );
    assert.equal(blocked, true);
  });

  it('refuses to navigate away from the app or open windows', async () => {
    const before = page.url();
    await page.evaluate(() => {
      window.open('https://example.com/', '_blank');
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    assert.equal(page.url(), before);
    assert.equal(app.windows().length, 1);
  });

  it('generates with the offline engine and shows the image in the gallery', async () => {
    await page.evaluate(() => window.motif.settings.update({ firstRunDone: true }));
    await page.reload();
    const job = await page.evaluate(() =>
      window.motif.jobs.submit({ prompt: 'gold balloons and confetti', size: '512x512', model: 'offline' }),
    );
    await page.waitForFunction(async (id) => (await window.motif.jobs.list()).find((each) => each.id === id)?.state === 'saved', job.id, {
      timeout: 60_000,
      polling: 250,
    });
    await page
      .getByRole('button', { name: /Gallery/ })
      .first()
      .click();
    const thumbnail = page.locator('img[src^="motif-media://thumb/"]').first();
    await thumbnail.waitFor({ state: 'visible', timeout: 20_000 });
    assert.ok(await thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0), 'the thumbnail decodes');
  });

  it('keeps keys out of the page and encrypted (or in memory) on disk', async () => {
    const key = 'rw-electron-e2e-9d8c7b6a5f4e';
    const view = await page.evaluate((value) => window.motif.settings.setKey('runware', value), key);
    assert.equal(view.secrets.runware, true);
    assert.ok(!(await page.content()).includes(key));
    const settingsFile = join(userData, 'settings.json');
    assert.ok(existsSync(settingsFile));
    for (const name of readdirSync(userData).filter((file) => file.endsWith('.json'))) {
      assert.ok(!readFileSync(join(userData, name), 'utf8').includes(key), `${name} must not hold the key in clear`);
    }
  });

  it('drains the engine and exits when asked to quit', async () => {
    const exited = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
    await exited;
  });
});
