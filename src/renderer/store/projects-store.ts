import { create } from 'zustand';
import type { HistoryEntry, ProjectSummary, TagCount } from '../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../bridge.ts';
import { useGalleryStore } from './gallery-store.ts';
import { toastError, useUiStore } from './ui-store.ts';

interface ProjectsState {
  readonly projects: readonly ProjectSummary[];
  /** Tags in use, most used first: autocomplete and the tag filter. */
  readonly tags: readonly TagCount[];
  refresh(): Promise<void>;
  create(name: string): Promise<ProjectSummary | undefined>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  setCover(id: string, entryId: string | undefined): Promise<void>;
  /** Files images into a project (from the selection or the details view). */
  file(id: string, entryIds: readonly string[]): Promise<void>;
  unfile(id: string, entryIds: readonly string[]): Promise<void>;
  setTags(entry: HistoryEntry, tags: readonly string[]): Promise<void>;
  /** Imports dropped or chosen files; says what came in and what could not. */
  importFiles(files: readonly File[]): Promise<void>;
}

/** Runs a change, then re-reads projects, tags and the gallery; a rejection becomes an error toast. */
async function change<T>(task: () => Promise<T>, refresh: () => Promise<void>): Promise<T | undefined> {
  try {
    const result = await task();
    await refresh();
    useGalleryStore.getState().refresh();
    return result;
  } catch (error) {
    toastError(userMessageOf(error));
    return undefined;
  }
}

/** Re-reads entries whose projects changed, so the details view and the tiles show them at once. */
async function showEntries(ids: readonly string[]): Promise<void> {
  if (ids.length > 50) return; // the gallery refresh shows a big batch
  for (const id of ids) useGalleryStore.getState().showUpdated(await motif().library.get(id));
}

export const useProjectsStore = create<ProjectsState>()((set, get) => ({
  projects: [],
  tags: [],
  refresh: async () => {
    try {
      const [projects, tags] = await Promise.all([motif().projects.list(), motif().library.tags()]);
      set({ projects, tags });
    } catch (error) {
      toastError(userMessageOf(error));
    }
  },
  create: (name) => change(() => motif().projects.create(name), get().refresh),
  rename: async (id, name) => void (await change(() => motif().projects.rename(id, name), get().refresh)),
  remove: async (id) => {
    await change(() => motif().projects.delete(id), get().refresh);
    const gallery = useGalleryStore.getState();
    if (gallery.filters.project === id) gallery.setFilters({ project: undefined });
  },
  setCover: async (id, entryId) => void (await change(() => motif().projects.setCover(id, entryId), get().refresh)),
  file: async (id, entryIds) => {
    const project = await change(() => motif().projects.add(id, entryIds), get().refresh);
    await showEntries(entryIds).catch(() => undefined);
    if (project)
      useUiStore
        .getState()
        .pushToast(`Added ${entryIds.length === 1 ? '1 design' : `${entryIds.length} designs`} to ${project.name}`, { tone: 'success' });
  },
  unfile: async (id, entryIds) => {
    await change(() => motif().projects.remove(id, entryIds), get().refresh);
    await showEntries(entryIds).catch(() => undefined);
  },
  setTags: async (entry, tags) => {
    try {
      const updated = await motif().library.setTags(entry.id, tags);
      useGalleryStore.getState().showUpdated(updated);
      await get().refresh();
    } catch (error) {
      toastError(userMessageOf(error));
    }
  },
  importFiles: async (files) => {
    if (files.length === 0) return;
    try {
      const read = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
      const result = await motif().library.importFiles(read);
      const ui = useUiStore.getState();
      if (result.imported.length > 0)
        ui.pushToast(`Imported ${result.imported.length === 1 ? '1 image' : `${result.imported.length} images`}`, { tone: 'success' });
      for (const failure of result.failed) ui.pushToast(failure.message, { tone: 'error' });
      await get().refresh();
      useGalleryStore.getState().refresh();
    } catch (error) {
      toastError(userMessageOf(error));
    }
  },
}));
