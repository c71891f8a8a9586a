import { app, dialog, protocol } from 'electron';
import { APP_SCHEME_PRIVILEGES } from './app-protocol/app-protocol.ts';
import { MEDIA_SCHEME_PRIVILEGES } from './media/media-protocol.ts';
import { hardenWebContents } from './security/harden-web-contents.ts';
import { startShell, type RunningShell } from './start-shell.ts';

/** How long quitting lets running jobs finish before they are recorded as interrupted. */
const QUIT_GRACE_MS = 5_000;
/** Past this, the app exits even if draining hangs. */
const QUIT_HARD_LIMIT_MS = 15_000;

// Tests and power users may point the app at an empty profile.
if (process.env.MOTIF_USER_DATA_DIR) app.setPath('userData', process.env.MOTIF_USER_DATA_DIR);

// Every renderer sandboxed, whatever a window asks for.
app.enableSandbox();
// Both custom schemes in one call, before ready: the page's own `app:` and the library's `motif-media:`.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES, MEDIA_SCHEME_PRIVILEGES]);
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

let shell: RunningShell | undefined;
let quitState: 'running' | 'draining' | 'drained' = 'running';

async function drain(): Promise<void> {
  if (!shell) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hardLimit = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error('Quitting before the engine finished closing');
      resolve();
    }, QUIT_HARD_LIMIT_MS);
  });
  try {
    await Promise.race([shell.close(QUIT_GRACE_MS), hardLimit]);
  } catch (error) {
    console.error('The engine did not close cleanly', error);
  } finally {
    clearTimeout(timer);
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => shell?.showWindow());
  app.on('activate', () => shell?.showWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit once more after the engine has drained: the first before-quit waits for it.
  app.on('before-quit', (event) => {
    if (quitState === 'drained' || !shell) return;
    event.preventDefault();
    if (quitState === 'draining') return;
    quitState = 'draining';
    void drain().finally(() => {
      quitState = 'drained';
      app.quit();
    });
  });

  app
    .whenReady()
    .then(async () => {
      shell = await startShell(import.meta.dirname);
    })
    .catch((error: unknown) => {
      console.error('Motif could not start', error);
      dialog.showErrorBox('Motif could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
