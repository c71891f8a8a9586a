import { aboutInfo } from '../../core/about/about-info.ts';
import type { SettingsView } from '../../core/contract/settings-view.ts';
import type { HandlerResult, InvokeChannel, ValidatedRequest } from '../../shared/ipc-contract.ts';
import type { ShellHost, ShellService } from './shell-host.ts';
import { printFileName } from '../../core/print/index.ts';
import { MotifError } from '../../core/errors/index.ts';

/** A channel's handler: gets the validated request, returns what the response schema accepts. */
export type IpcHandler<C extends InvokeChannel> = (request: ValidatedRequest<C>) => Promise<HandlerResult<C>>;

/** One handler per channel, no more, no less: `satisfies` below fails the typecheck otherwise. */
export type IpcHandlers = { readonly [C in InvokeChannel]: IpcHandler<C> };

export interface IpcHandlerDeps {
  readonly service: ShellService;
  readonly host: ShellHost;
}

/**
 * The handler table main and the browser-test harness share. Handlers only
 * translate a channel into engine calls (plus a native dialog where the UI
 * needs one); validation, error envelopes and sender checks live around them.
 */
export function createIpcHandlers({ service, host }: IpcHandlerDeps): IpcHandlers {
  const changed = (view: SettingsView): SettingsView => {
    host.settingsChanged(view);
    return view;
  };

  // What this window exported, so "Show in folder" reveals those paths and nothing else a page might name.
  const exported = new Set<string>();

  return {
    'jobs:submit': (input) => service.submit(input),
    'jobs:estimate': (input) => service.estimateCost(input),
    'jobs:cancel': ({ jobId }) => service.cancel(jobId),
    'jobs:list': async () => [...service.jobs()],
    'jobs:resume': ({ jobId }) => service.resume(jobId),
    'jobs:discard': ({ jobId }) => service.discard(jobId),

    'tasks:submit': (input) => service.submitTask(input),
    'tasks:estimate': (input) => service.estimateTask(input),

    'prompts:enhance': async ({ prompt, versions }) => [
      ...(await service.enhancePrompt(prompt, versions === undefined ? {} : { versions })),
    ],

    'models:search': (query) => service.searchModels(query),
    'models:pin': async ({ air }) => {
      await service.pinModel(air);
      return changed(service.getSettings());
    },
    'models:unpin': async ({ air }) => {
      await service.unpinModel(air);
      return changed(service.getSettings());
    },

    'library:list': (query) => service.listLibrary(query),
    'library:get': ({ id }) => service.getEntry(id),
    'library:set-favourite': ({ id, favourite }) => service.setFavourite(id, favourite),
    'library:delete': ({ ids }) => service.deleteEntries(ids),
    'library:undo-delete': ({ undoToken }) => service.undoDelete(undoToken),
    'library:export': async ({ ids, kind, embedSettings }) => {
      const path = await host.chooseExportTarget(kind);
      if (path === undefined) return undefined;
      const result = await service.exportEntries(ids, { kind, path }, { embedSettings });
      exported.add(result.path);
      return result;
    },
    'library:start-drag': async ({ ids }) => {
      const files = await Promise.all(ids.map((id) => service.imagePath(id)));
      host.startDrag(files);
    },
    'library:open-folder': () => host.openFolder(service.getSettings().libraryDir),
    'library:copy-image': async ({ id }) => host.copyImage(await service.imagePath(id)),
    'library:show-exported': async ({ path }) => {
      if (!exported.has(path))
        throw new MotifError('invalid_request', { message: 'Only a folder or file this window exported can be shown.' });
      host.showItemInFolder(path);
    },
    'library:check': () => service.checkLibrary(),
    'library:repair': () => service.repairLibrary(),
    'library:set-tags': ({ id, tags }) => service.setTags(id, tags),
    'library:tags': async () => [...(await service.listTags())],
    'library:import-files': async ({ files }) => service.importImages(files),

    'projects:list': async () => [...(await service.listProjects())],
    'projects:create': ({ name }) => service.createProject(name),
    'projects:rename': ({ id, name }) => service.renameProject(id, name),
    'projects:delete': ({ id }) => service.deleteProject(id),
    'projects:set-cover': ({ id, entryId }) => service.setProjectCover(id, entryId),
    'projects:add': ({ id, ids }) => service.addToProject(id, ids),
    'projects:remove': ({ id, ids }) => service.removeFromProject(id, ids),

    'print:preflight': (request) => service.printPreflight(request),
    'print:export': async (request) => {
      const { name, extension } = printFileName(request);
      const path = await host.choosePrintTarget(name, extension);
      if (path === undefined) return undefined;
      const result = await service.printExport(request, path);
      exported.add(result.path);
      return result;
    },

    'settings:get': async () => service.getSettings(),
    'settings:update': async (patch) => changed(await service.updateSettings(patch)),
    'settings:set-key': async ({ name, value }) => changed(await service.setSecret(name, value)),
    'settings:clear-key': async ({ name }) => changed(await service.clearSecret(name)),
    'settings:move-library': async () => {
      const dir = await host.chooseLibraryFolder(service.getSettings().libraryDir);
      if (dir === undefined) return undefined;
      return changed(await service.moveLibrary(dir));
    },

    'settings:set-server-enabled': async ({ enabled }) => {
      // The page may ask; only the user, in main's own dialog, can say yes.
      if (enabled && !(await host.confirmLocalServer(service.getSettings().settings.server.port))) return undefined;
      return changed(await service.updateSettings({ server: { enabled } }));
    },

    'health:get-snapshot': async () => service.telemetry(),
    'health:set-breaker-mode': ({ provider, mode }) => service.setBreakerMode(provider, mode),
    'health:test-connection': (request) => service.testConnection(request.provider),

    'app:about': async () => aboutInfo({ ...host.appIdentity(), libraryDir: service.getSettings().libraryDir }),
  } satisfies IpcHandlers;
}
