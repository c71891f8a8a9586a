import { readFile } from 'node:fs/promises';
import { app, clipboard, ClipboardItem, dialog, nativeImage, shell, type BrowserWindow, type NativeImage } from 'electron';
import { MotifError } from '../core/errors/index.ts';
import type { SettingsView } from '../core/contract/settings-view.ts';
import type { ShellHost } from './ipc/shell-host.ts';

const DRAG_ICON_SIZE = 64;

/** A small filled square, for when no preview can be decoded (the drag icon must not be empty on macOS). */
function fallbackDragIcon(): NativeImage {
  const size = 32;
  const pixels = Buffer.alloc(size * size * 4);
  for (let offset = 0; offset < pixels.length; offset += 4) pixels.set([0x79, 0x4f, 0xff, 0xff], offset); // BGRA
  return nativeImage.createFromBitmap(pixels, { width: size, height: size });
}

function dragIcon(file: string | undefined): NativeImage {
  // nativeImage decodes PNG and JPEG only; WebP files get the fallback.
  const image = file === undefined ? undefined : nativeImage.createFromPath(file);
  if (!image || image.isEmpty()) return fallbackDragIcon();
  return image.resize({ width: DRAG_ICON_SIZE });
}

/** Native dialogs, the file manager and drag-out for the main window. */
export function createElectronShellHost(options: {
  readonly window: () => BrowserWindow | undefined;
  readonly settingsChanged: (view: SettingsView) => void;
  readonly dataDir: string;
}): ShellHost {
  return {
    appIdentity: () => ({ version: app.getVersion(), dataDir: options.dataDir, electron: process.versions.electron }),

    async chooseExportTarget(kind) {
      const window = options.window();
      if (kind === 'zip') {
        const saveOptions = {
          title: 'Export images as a ZIP',
          defaultPath: 'motif-export.zip',
          filters: [{ name: 'ZIP archive', extensions: ['zip'] }],
        };
        const result = window ? await dialog.showSaveDialog(window, saveOptions) : await dialog.showSaveDialog(saveOptions);
        return result.canceled || !result.filePath ? undefined : result.filePath;
      }
      const openOptions = {
        title: 'Export images to a folder',
        buttonLabel: 'Export here',
        properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'>,
      };
      const result = window ? await dialog.showOpenDialog(window, openOptions) : await dialog.showOpenDialog(openOptions);
      return result.canceled ? undefined : result.filePaths[0];
    },

    async choosePrintTarget(suggestedName, extension) {
      const window = options.window();
      const saveOptions = {
        title: 'Save the print file',
        defaultPath: `${suggestedName}.${extension}`,
        filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
      };
      const result = window ? await dialog.showSaveDialog(window, saveOptions) : await dialog.showSaveDialog(saveOptions);
      return result.canceled || !result.filePath ? undefined : result.filePath;
    },

    async chooseLibraryFolder(currentDir) {
      const window = options.window();
      const openOptions = {
        title: 'Choose a folder for the Motif library',
        buttonLabel: 'Use this folder',
        defaultPath: currentDir,
        properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'>,
      };
      const result = window ? await dialog.showOpenDialog(window, openOptions) : await dialog.showOpenDialog(openOptions);
      return result.canceled ? undefined : result.filePaths[0];
    },

    async confirmLocalServer(port) {
      const window = options.window();
      const messageOptions = {
        type: 'question' as const,
        buttons: ['Turn on', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        title: 'Turn on the local API?',
        message: `Turn on the local API on 127.0.0.1:${port}?`,
        detail: 'Programs on this computer that have the access token can then generate images with your providers and keys.',
      };
      const result = window ? await dialog.showMessageBox(window, messageOptions) : await dialog.showMessageBox(messageOptions);
      return result.response === 0;
    },

    async openFolder(dir) {
      const failure = await shell.openPath(dir);
      if (failure) throw new MotifError('library_io', { message: `The library folder could not be opened: ${failure}` });
    },

    showItemInFolder(path) {
      shell.showItemInFolder(path);
    },

    async copyImage(file) {
      // The clipboard takes PNG; a JPEG or WebP result is converted once, here.
      const png = file.toLowerCase().endsWith('.png') ? await readFile(file) : await (await import('sharp')).default(file).png().toBuffer();
      await clipboard.write([new ClipboardItem({ 'image/png': new Blob([new Uint8Array(png)], { type: 'image/png' }) })]);
    },

    startDrag(files) {
      const window = options.window();
      const [first] = files;
      if (!window || first === undefined) return;
      window.webContents.startDrag({ file: first, files: [...files], icon: dragIcon(first) });
    },

    settingsChanged: options.settingsChanged,
  };
}
