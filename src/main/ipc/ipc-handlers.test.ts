import { describe, expect, it, vi } from 'vitest';
import type { SettingsView } from '../../core/contract/settings-view.ts';
import { createIpcHandlers } from './ipc-handlers.ts';
import type { ShellHost, ShellService } from './shell-host.ts';

const view = { libraryDir: '/library' } as unknown as SettingsView;

function setup(dialogAnswer: string | undefined) {
  const service = {
    getSettings: () => view,
    exportEntries: vi.fn(async (ids: readonly string[], target: { kind: string; path: string }) => ({
      path: target.path,
      exported: ids.length,
    })),
    moveLibrary: vi.fn(async () => view),
    imagePath: vi.fn(async (id: string) => `/library/images/${id}.png`),
    printExport: vi.fn(async (_request: unknown, path: string) => ({ path, extraPaths: [], pages: 1, bytes: 10, durationMs: 5 })),
  } as unknown as ShellService;
  const host: ShellHost = {
    chooseExportTarget: vi.fn(async () => dialogAnswer),
    chooseLibraryFolder: vi.fn(async () => dialogAnswer),
    choosePrintTarget: vi.fn(async () => dialogAnswer),
    confirmLocalServer: vi.fn(async () => dialogAnswer !== undefined),
    openFolder: vi.fn(async () => undefined),
    startDrag: vi.fn(),
    showItemInFolder: vi.fn(),
    copyImage: vi.fn(async () => undefined),
    settingsChanged: vi.fn(),
    appIdentity: () => ({ version: '1.2.3', dataDir: '/data' }),
  };
  return { handlers: createIpcHandlers({ service, host }), service, host };
}

describe('createIpcHandlers', () => {
  it('app:about reports the version and data folder from the shell, and the library folder from settings', async () => {
    const { handlers } = setup(undefined);
    expect(await handlers['app:about'](undefined)).toMatchObject({
      version: '1.2.3',
      dataDir: '/data',
      libraryDir: '/library',
      credits: expect.any(Array),
    });
  });

  it('exports where the user chose, and does nothing when the dialog is cancelled', async () => {
    const chosen = setup('/home/me/party.zip');
    await expect(chosen.handlers['library:export']({ ids: ['a', 'b'], kind: 'zip' })).resolves.toEqual({
      path: '/home/me/party.zip',
      exported: 2,
    });
    const cancelled = setup(undefined);
    await expect(cancelled.handlers['library:export']({ ids: ['a'], kind: 'folder' })).resolves.toBeUndefined();
    expect(cancelled.service.exportEntries).not.toHaveBeenCalled();
  });

  it('writes a print file where the user chose, suggesting a name from the request, and nothing when cancelled', async () => {
    const chosen = setup('/home/me/card.pdf');
    const request = { product: 'print' as const, ids: ['e1'], layout: { size: { preset: '5x7' as const } }, format: 'pdf' as const };
    await expect(chosen.handlers['print:export'](request)).resolves.toMatchObject({ path: '/home/me/card.pdf', pages: 1 });
    expect(chosen.host.choosePrintTarget).toHaveBeenCalledWith('motif-print-e1-5x7', 'pdf');
    expect(chosen.service.printExport).toHaveBeenCalledWith(request, '/home/me/card.pdf');
    const cancelled = setup(undefined);
    await expect(cancelled.handlers['print:export']({ product: 'bunting', phrase: 'HAPPY 30TH' })).resolves.toBeUndefined();
    expect(cancelled.host.choosePrintTarget).toHaveBeenCalledWith('motif-bunting-happy-30th', 'pdf');
    expect(cancelled.service.printExport).not.toHaveBeenCalled();
  });

  it('moves the library only to a folder the user picked, and tells the shell', async () => {
    const cancelled = setup(undefined);
    await expect(cancelled.handlers['settings:move-library'](undefined)).resolves.toBeUndefined();
    expect(cancelled.service.moveLibrary).not.toHaveBeenCalled();
    const chosen = setup('/mnt/designs');
    await chosen.handlers['settings:move-library'](undefined);
    expect(chosen.service.moveLibrary).toHaveBeenCalledWith('/mnt/designs');
    expect(chosen.host.settingsChanged).toHaveBeenCalledWith(view);
  });

  it('copies an entry’s image file to the clipboard through the shell', async () => {
    const { handlers, host } = setup(undefined);
    await handlers['library:copy-image']({ id: 'a' });
    expect(host.copyImage).toHaveBeenCalledWith('/library/images/a.png');
  });

  it('shows in the file manager only a path this window exported', async () => {
    const { handlers, host } = setup('/home/me/party.zip');
    await expect(handlers['library:show-exported']({ path: '/home/me/party.zip' })).rejects.toMatchObject({ code: 'invalid_request' });
    await handlers['library:export']({ ids: ['a'], kind: 'zip' });
    await handlers['library:show-exported']({ path: '/home/me/party.zip' });
    expect(host.showItemInFolder).toHaveBeenCalledWith('/home/me/party.zip');
    await expect(handlers['library:show-exported']({ path: '/etc/passwd' })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(host.showItemInFolder).toHaveBeenCalledTimes(1);
  });

  it('drags the entries’ files out and opens the current library folder', async () => {
    const { handlers, host } = setup(undefined);
    await handlers['library:start-drag']({ ids: ['a', 'b'] });
    expect(host.startDrag).toHaveBeenCalledWith(['/library/images/a.png', '/library/images/b.png']);
    await handlers['library:open-folder'](undefined);
    expect(host.openFolder).toHaveBeenCalledWith('/library');
  });
});
