import type { SettingsView } from '../../core/contract/settings-view.ts';
import type { MotifApi } from '../../core/service/motif-api.ts';

/** The engine as the shell uses it. */
export type ShellService = MotifApi;

/**
 * What IPC handlers need from the desktop around the engine: native dialogs,
 * the file manager, drag-out, and a hook for settings that main reacts to.
 * Main implements it with Electron; the browser-test harness with recorders.
 */
export interface ShellHost {
  /** Asks where to export: a `.zip` file path, or a folder. Undefined when the user cancels. */
  chooseExportTarget(kind: 'folder' | 'zip'): Promise<string | undefined>;
  /** Asks where to save a print file; `extension` is without the dot. Undefined when the user cancels. */
  choosePrintTarget(suggestedName: string, extension: string): Promise<string | undefined>;
  /** Asks for a new library folder. Undefined when the user cancels. */
  chooseLibraryFolder(currentDir: string): Promise<string | undefined>;
  /** Asks, in a dialog drawn by main, whether to turn on the local API on this port. */
  confirmLocalServer(port: number): Promise<boolean>;
  /** Shows a folder in the system file manager. */
  openFolder(dir: string): Promise<void>;
  /** Shows a file or folder selected in the system file manager. */
  showItemInFolder(path: string): void;
  /** Puts the image in this file on the system clipboard. */
  copyImage(file: string): Promise<void>;
  /** Starts a native drag of these files out of the window. */
  startDrag(files: readonly string[]): void;
  /** Called after every settings change made through IPC (e.g. to start or stop the local API). */
  settingsChanged(view: SettingsView): void;
  /** The app's version, its data folder, and the Electron version when there is one. */
  appIdentity(): { readonly version: string; readonly dataDir: string; readonly electron?: string | undefined };
}
