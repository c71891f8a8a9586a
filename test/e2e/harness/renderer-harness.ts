import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createMotifService, type MotifServiceOptions } from '../../../src/core/service/create-motif-service.ts';
import type { SettingsView } from '../../../src/core/contract/settings-view.ts';
import type { MotifApi } from '../../../src/core/service/motif-api.ts';
import { MemorySecretStore, MemorySettingsStore } from '../../../src/core/settings/settings-store.ts';
import { createIpcDispatcher } from '../../../src/main/ipc/ipc-dispatcher.ts';
import { createIpcHandlers } from '../../../src/main/ipc/ipc-handlers.ts';
import type { ShellHost } from '../../../src/main/ipc/shell-host.ts';
import { PRODUCTION_CSP } from '../../../src/main/security/content-security-policy.ts';
import { PAGE_CONFIG_GLOBAL, type PageBridgeConfig } from './bridge-protocol.ts';
import { startBridgeServer, type BridgeFrame } from './bridge-server.ts';
import { builtRenderer, pageBridgeScript } from './harness-builds.ts';

/** Provider endpoints on a closed loopback port (9, discard): a key check there "couldn't check", never reaching the internet. */
const NOWHERE: NodeJS.ProcessEnv = {
  RUNWARE_WS_URL: 'ws://127.0.0.1:9/v1',
  RUNWARE_API_URL: 'http://127.0.0.1:9/v1',
  OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
  FAL_QUEUE_URL: 'http://127.0.0.1:9',
};

/**
 * Browser tests of the renderer against a real engine through the real IPC contract.
 *
 *   const harness = await startRendererHarness();
 *   try {
 *     await harness.page.getByRole('button', { name: 'Generate' }).click();
 *     await expect.poll(() => harness.service.listLibrary({}).then((page) => page.total)).toBe(1);
 *   } finally {
 *     await harness.close();
 *   }
 *
 * What it does: builds `src/renderer` with the app's Vite config (cached by
 * source hash), serves it from 127.0.0.1 with the production CSP as a header,
 * opens it in Debian's Chromium (playwright-core, headless), and installs a
 * test `window.motif` before the page's scripts run. That `window.motif` is
 * the preload's own `createBridge`; its calls travel over a loopback
 * WebSocket into `createIpcDispatcher(createIpcHandlers(...))` — the handler
 * table and zod validation main registers on `ipcMain` — and on into a real
 * MotifService on a fresh temp data dir (memory settings and keys, no
 * environment keys, so the offline engine serves `default`). Job events and
 * telemetry come back through main's EventRelay, held until the page's
 * `load`. `media.thumbnailUrl(id)` is an http URL on the same origin.
 *
 * Native dialogs are stand-ins: exports go to `<dataDir>/exports/…`, "move
 * library" picks `<dataDir>/moved-library`; override them with `shell`, and
 * read what the page asked for in `shellCalls`.
 */
export interface RendererHarnessOptions {
  /** Drive this engine instead of creating one; the harness will not close it. */
  readonly service?: MotifApi;
  /** Options for the engine the harness creates (e.g. `providers`, `clock`). */
  readonly serviceOptions?: Partial<MotifServiceOptions>;
  /** Initial settings of the engine the harness creates (e.g. `{ firstRunDone: true }`). */
  readonly settings?: unknown;
  /** Initial keys of the engine the harness creates. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Replace the dialog stand-ins. Return undefined to act as "cancelled". */
  readonly shell?: {
    readonly chooseExportTarget?: (kind: 'folder' | 'zip') => string | undefined;
    readonly chooseLibraryFolder?: (currentDir: string) => string | undefined;
    readonly choosePrintTarget?: (suggestedName: string, extension: string) => string | undefined;
    /** The answer to main's "turn on the local API?" dialog; yes unless given. */
    readonly confirmLocalServer?: (port: number) => boolean;
  };
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Open the app at once (default true); false leaves `page` blank so a test can add init scripts first, then call `open()`. */
  readonly open?: boolean;
  /** Minimum ms between telemetry snapshots (the engine's throttle), 250 by default. */
  readonly telemetryIntervalMs?: number;
  /**
   * Serve this built renderer instead of the harness's own build (e.g.
   * `out/renderer` from `npm run build`, for screenshots and the scroll bench).
   */
  readonly rendererDir?: string;
}

/** A call the page made to the desktop shell. */
type ShellCall =
  | { readonly kind: 'choose-export-target'; readonly exportKind: 'folder' | 'zip'; readonly result: string | undefined }
  | { readonly kind: 'choose-library-folder'; readonly result: string | undefined }
  | {
      readonly kind: 'choose-print-target';
      readonly suggestedName: string;
      readonly extension: string;
      readonly result: string | undefined;
    }
  | { readonly kind: 'confirm-local-server'; readonly port: number; readonly result: boolean }
  | { readonly kind: 'open-folder'; readonly dir: string }
  | { readonly kind: 'start-drag'; readonly files: readonly string[] }
  | { readonly kind: 'copy-image'; readonly file: string }
  | { readonly kind: 'show-item'; readonly path: string }
  | { readonly kind: 'settings-changed'; readonly view: SettingsView };

export interface RendererHarness {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly service: MotifApi;
  /** The engine's temp data dir (removed on close when the harness created it). */
  readonly dataDir: string;
  /** The app's URL. */
  readonly url: string;
  /** Every bridge frame in order (a set-key value redacted). */
  readonly traffic: readonly BridgeFrame[];
  readonly shellCalls: readonly ShellCall[];
  /** Uncaught page errors and console errors, as text. */
  readonly pageErrors: readonly string[];
  /** CSP violations the page reported (`directive blocked-uri`). */
  readonly cspViolations: readonly string[];
  /** Navigates to the app (done already unless `open: false`) and waits for `load`. */
  open(path?: string): Promise<void>;
  close(): Promise<void>;
}

/** The version the harness's app reports in About (the page cannot tell it from a real one). */
export const HARNESS_APP_VERSION = '0.0.0-harness';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

let browser: Promise<Browser> | undefined;
let users = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** One Chromium per test process, closed a moment after its last harness. */
async function acquireBrowser(): Promise<Browser> {
  clearTimeout(idleTimer);
  users += 1;
  browser ??= chromium.launch({ executablePath: process.env.MOTIF_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    return await browser;
  } catch (error) {
    browser = undefined;
    users -= 1;
    throw error;
  }
}

function releaseBrowser(): void {
  users -= 1;
  if (users > 0) return;
  idleTimer = setTimeout(() => {
    const closing = browser;
    browser = undefined;
    void closing?.then((instance) => instance.close()).catch(() => undefined);
  }, 1_000);
}

const CSP_PROBE = `addEventListener('securitypolicyviolation', (event) => console.error('[csp] ' + event.violatedDirective + ' ' + event.blockedURI));`;

/**
 * Builds the renderer and the page bridge and launches Chromium ahead of the
 * first test (call it in `beforeAll` with a long timeout); cached per process.
 */
export async function warmRendererHarness(): Promise<void> {
  await Promise.all([builtRenderer(), pageBridgeScript(), acquireBrowser().then(() => releaseBrowser())]);
}

/** Starts the app's renderer in Chromium against a real engine. See the comment above. */
export async function startRendererHarness(options: RendererHarnessOptions = {}): Promise<RendererHarness> {
  const [rendererDir, bridgeScript] = await Promise.all([options.rendererDir ?? builtRenderer(), pageBridgeScript()]);
  const ownsService = options.service === undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'motif-e2e-'));
  const cleanups: Array<() => Promise<void>> = [() => rm(dataDir, { recursive: true, force: true })];
  const run = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse())
      await cleanup().catch((error: unknown) => console.error('motif harness: cleanup failed', error));
  };

  try {
    const service =
      options.service ??
      (await createMotifService({
        dataDir,
        settingsStore: new MemorySettingsStore(options.settings ?? {}),
        secretStore: new MemorySecretStore(options.secrets ?? {}, 'Browser tests keep keys in memory.'),
        // Every provider points at a closed loopback port unless a test names an emulator: saving a key checks it, and no test reaches the internet.
        ...(options.telemetryIntervalMs === undefined ? {} : { telemetryIntervalMs: options.telemetryIntervalMs }),
        ...options.serviceOptions,
        env: { ...NOWHERE, ...options.serviceOptions?.env },
      }));
    if (ownsService) cleanups.push(() => service.close({ graceMs: 0 }));

    const shellCalls: ShellCall[] = [];
    const host: ShellHost = {
      async chooseExportTarget(kind) {
        const result = options.shell?.chooseExportTarget
          ? options.shell.chooseExportTarget(kind)
          : join(dataDir, 'exports', kind === 'zip' ? `motif-export-${shellCalls.length}.zip` : `motif-export-${shellCalls.length}`);
        if (result !== undefined) await mkdir(kind === 'zip' ? join(result, '..') : result, { recursive: true });
        shellCalls.push({ kind: 'choose-export-target', exportKind: kind, result });
        return result;
      },
      async choosePrintTarget(suggestedName, extension) {
        const result = options.shell?.choosePrintTarget
          ? options.shell.choosePrintTarget(suggestedName, extension)
          : join(dataDir, 'exports', `${suggestedName}.${extension}`);
        if (result !== undefined) await mkdir(join(result, '..'), { recursive: true });
        shellCalls.push({ kind: 'choose-print-target', suggestedName, extension, result });
        return result;
      },
      async chooseLibraryFolder(currentDir) {
        const result = options.shell?.chooseLibraryFolder ? options.shell.chooseLibraryFolder(currentDir) : join(dataDir, 'moved-library');
        shellCalls.push({ kind: 'choose-library-folder', result });
        return result;
      },
      async confirmLocalServer(port) {
        const result = options.shell?.confirmLocalServer ? options.shell.confirmLocalServer(port) : true;
        shellCalls.push({ kind: 'confirm-local-server', port, result });
        return result;
      },
      async openFolder(dir) {
        shellCalls.push({ kind: 'open-folder', dir });
      },
      showItemInFolder(path) {
        shellCalls.push({ kind: 'show-item', path });
      },
      async copyImage(file) {
        shellCalls.push({ kind: 'copy-image', file });
      },
      startDrag(files) {
        shellCalls.push({ kind: 'start-drag', files: [...files] });
      },
      settingsChanged(view) {
        shellCalls.push({ kind: 'settings-changed', view });
      },
      appIdentity: () => ({ version: HARNESS_APP_VERSION, dataDir }),
    };

    const traffic: BridgeFrame[] = [];
    const server = await startBridgeServer({
      service,
      dispatcher: createIpcDispatcher(createIpcHandlers({ service, host })),
      rendererDir,
      csp: PRODUCTION_CSP,
      record: (frame) => traffic.push(frame),
    });
    cleanups.push(() => server.close());

    const chromiumBrowser = await acquireBrowser();
    cleanups.push(async () => releaseBrowser());
    const context = await chromiumBrowser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    cleanups.push(() => context.close());
    const config: PageBridgeConfig = { origin: server.origin, socketUrl: server.socketUrl, mediaBase: server.mediaBase };
    await context.addInitScript({
      content: `globalThis.${PAGE_CONFIG_GLOBAL} = ${JSON.stringify(config)};\n${CSP_PROBE}\n${bridgeScript}`,
    });

    const page = await context.newPage();
    const pageErrors: string[] = [];
    const cspViolations: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (message.text().startsWith('[csp] ')) cspViolations.push(message.text().slice(6));
      else pageErrors.push(message.text());
    });

    const harness: RendererHarness = {
      page,
      context,
      service,
      dataDir,
      url: `${server.origin}/`,
      traffic,
      shellCalls,
      pageErrors,
      cspViolations,
      async open(path = '/') {
        await page.goto(new URL(path, server.origin).href, { waitUntil: 'load' });
      },
      close: run,
    };
    if (options.open !== false) await harness.open();
    return harness;
  } catch (error) {
    await run();
    throw error;
  }
}
