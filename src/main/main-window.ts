import { BrowserWindow } from 'electron';
import type { AppEntry } from './security/app-entry.ts';

export interface MainWindowOptions {
  /** The built, sandboxed preload (CommonJS, imports only `electron`). */
  readonly preloadPath: string;
  readonly entry: AppEntry;
}

/**
 * The one app window, with Electron's security checklist in its preferences:
 * isolated, sandboxed, no Node, web security on, no insecure content, no
 * experimental features, no <webview>. Shown when its first paint is ready.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1320,
    height: 860,
    minWidth: 960,
    minHeight: 620,
    show: false,
    title: 'Motif',
    backgroundColor: '#15121f',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Elsewhere Chromium downloads spelling dictionaries, and the window reaches no network.
      spellcheck: process.platform === 'darwin',
      // Middle-click must not open windows either.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  const load = window.loadURL(options.entry.kind === 'dev-server' ? options.entry.origin : options.entry.indexUrl);
  load.catch((error: unknown) => console.error('The window could not load the app', error));
  return window;
}
