import { join } from 'node:path';
import { app, clipboard, dialog, session, type BrowserWindow } from 'electron';
import { createMotifService } from '../core/service/create-motif-service.ts';
import { startServer } from '../server/index.ts';
import { installAppMenu } from './app-menu.ts';
import { createElectronShellHost } from './electron-shell-host.ts';
import { EventRelay, relayServiceEvents } from './ipc/event-relay.ts';
import { createIpcDispatcher } from './ipc/ipc-dispatcher.ts';
import { createIpcHandlers } from './ipc/ipc-handlers.ts';
import { registerIpc } from './ipc/register-ipc.ts';
import { LocalServerController } from './local-server-controller.ts';
import { createMainWindow } from './main-window.ts';
import { APP_INDEX_URL } from './app-protocol/app-asset.ts';
import { handleAppProtocol } from './app-protocol/app-protocol.ts';
import { handleMediaProtocol } from './media/media-protocol.ts';
import type { AppEntry } from './security/app-entry.ts';
import { developmentCsp, PRODUCTION_CSP } from './security/content-security-policy.ts';
import { hardenSession } from './security/harden-session.ts';
import { openAppStores } from './stores/open-app-stores.ts';

/** The running shell: what quitting has to drain. */
export interface RunningShell {
  /** Re-opens the window (macOS dock click) if there is none. */
  showWindow(): void;
  /** Stops events and the local API, then lets the engine finish or interrupt its jobs. */
  close(graceMs: number): Promise<void>;
}

/** Where the page comes from: the app's own scheme, or the dev server (honoured only in an unpackaged build). */
function resolveAppEntry(outDir: string): { entry: AppEntry; rendererDir: string } {
  const rendererDir = join(outDir, '../renderer');
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl && !app.isPackaged) return { entry: { kind: 'dev-server', origin: new URL(devUrl).origin }, rendererDir };
  return { entry: { kind: 'app-protocol', indexUrl: APP_INDEX_URL }, rendererDir };
}

/**
 * Builds the app around the engine once Electron is ready: stores, engine,
 * session policy, media scheme, IPC, events, the local API, the menu and the window.
 */
export async function startShell(outDir: string): Promise<RunningShell> {
  const { entry, rendererDir } = resolveAppEntry(outDir);
  const userData = app.getPath('userData');
  const { settingsStore, secretStore } = openAppStores(userData);
  const service = await createMotifService({ dataDir: userData, settingsStore, secretStore, appVersion: app.getVersion() });

  hardenSession(session.defaultSession, { entry, csp: entry.kind === 'dev-server' ? developmentCsp(entry.origin) : PRODUCTION_CSP });
  if (entry.kind === 'app-protocol') handleAppProtocol(session.defaultSession, { rendererDir, csp: PRODUCTION_CSP });
  handleMediaProtocol(session.defaultSession, service);

  let window: BrowserWindow | undefined;
  const server = new LocalServerController({ service, secrets: secretStore, startServer, log: (line) => console.log(line) });
  const relay = new EventRelay({
    send: (event, payload) => {
      if (window && !window.isDestroyed()) window.webContents.send(event, payload);
    },
  });
  const stopEvents = relayServiceEvents(service, relay);
  const host = createElectronShellHost({
    window: () => window,
    settingsChanged: (view) => void server.sync(view.settings.server),
    dataDir: userData,
  });
  const unregisterIpc = registerIpc(createIpcDispatcher(createIpcHandlers({ service, host })), () => ({
    webContentsId: window && !window.isDestroyed() ? window.webContents.id : undefined,
    entry,
  }));

  const openWindow = (): void => {
    const created = createMainWindow({ preloadPath: join(outDir, '../preload/index.cjs'), entry });
    const contents = created.webContents;
    contents.on('did-start-loading', () => relay.pageLoading());
    contents.on('did-finish-load', () => relay.pageReady());
    contents.on('render-process-gone', (_event, details) => {
      relay.pageLoading();
      console.error(`The window's renderer stopped (${details.reason}); reloading`);
      if (details.reason !== 'clean-exit' && !created.isDestroyed()) created.reload();
    });
    created.on('closed', () => {
      relay.pageLoading();
      if (window === created) window = undefined;
    });
    window = created;
  };

  installAppMenu({
    developerTools: !app.isPackaged,
    openLibraryFolder: () => {
      void host
        .openFolder(service.getSettings().libraryDir)
        .catch((error: unknown) => dialog.showErrorBox('Motif', error instanceof Error ? error.message : String(error)));
    },
    copyServerToken: () => {
      const token = secretStore.get('server-token');
      if (token) clipboard.writeText(token);
      else dialog.showErrorBox('Motif', 'The local API has no token yet. Turn the local API on in Settings first.');
    },
  });
  openWindow();
  void server.sync(service.getSettings().settings.server);

  return {
    showWindow() {
      if (window) window.focus();
      else openWindow();
    },
    async close(graceMs) {
      stopEvents();
      relay.dispose();
      await server.close();
      await service.close({ graceMs });
      unregisterIpc();
    },
  };
}
