import { Menu, type MenuItemConstructorOptions } from 'electron';
import { PROVIDERS } from '../core/providers/provider-list.ts';
import { openExternalSafely } from './security/open-external.ts';

export interface AppMenuActions {
  readonly openLibraryFolder: () => void;
  /** Copies the local API token to the clipboard from main; the page never sees it. */
  readonly copyServerToken: () => void;
  /** Development builds keep the developer tools in the View menu. */
  readonly developerTools: boolean;
}

/** The menu bar: the platform's app/edit/view/window menus plus the library and the local API. */
function buildAppMenuTemplate(actions: AppMenuActions, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Library Folder', accelerator: 'CmdOrCtrl+Shift+L', click: () => actions.openLibraryFolder() },
      { label: 'Copy Local API Token', click: () => actions.copyServerToken() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      ...(actions.developerTools ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      // One "Get a … API Key" item per provider whose descriptor says where keys come from.
      ...PROVIDERS.flatMap(({ label, keyHelp }) =>
        keyHelp
          ? [{ label: `Get ${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label} API Key`, click: () => void openExternalSafely(keyHelp.url) }]
          : [],
      ),
    ],
  };
  return [...(isMac ? [{ role: 'appMenu' } as const] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}

export function installAppMenu(actions: AppMenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildAppMenuTemplate(actions)));
}
