import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ipcMain, safeStorage } from 'electron';
import Store from 'electron-store';
import { setAsideUnreadable } from '../../core/util/set-aside.ts';
import { ElectronSettingsStore } from './electron-settings-store.ts';
import { SafeStorageSecretStore } from './safe-storage-secret-store.ts';

/** The settings file's name (without `.json`) in the user-data folder. */
const SETTINGS_NAME = 'settings';
/** The encrypted keys, apart from the settings so nothing that reads settings ever sees them. */
const SECRETS_FILE = 'secrets.json';

function openSettingsDocument(userDataDir: string): { store: Store; openProblem: string | undefined } {
  const open = (): Store => new Store({ name: SETTINGS_NAME, cwd: userDataDir, clearInvalidConfig: false });
  try {
    return { store: open(), openProblem: undefined };
  } catch (error) {
    // A settings file that is not JSON must not keep the app from starting: set it aside (never overwritten) and start
    // from defaults; the settings service shows the user this notice.
    const file = join(userDataDir, `${SETTINGS_NAME}.json`);
    if (!existsSync(file)) throw error;
    const aside = setAsideUnreadable(file, Date.now());
    return { store: open(), openProblem: `settings.json could not be read; it was kept as ${aside}` };
  } finally {
    // electron-store answers this synchronous message from any page; our window has no use for it.
    ipcMain.removeAllListeners('electron-store-get-data');
  }
}

/** Opens the app's settings and key stores. Call after `app` is ready (safeStorage needs it on Linux). */
export function openAppStores(userDataDir: string): { settingsStore: ElectronSettingsStore; secretStore: SafeStorageSecretStore } {
  return {
    settingsStore: (() => {
      const { store, openProblem } = openSettingsDocument(userDataDir);
      return new ElectronSettingsStore(store, openProblem);
    })(),
    secretStore: new SafeStorageSecretStore({ safeStorage, filePath: join(userDataDir, SECRETS_FILE) }),
  };
}
