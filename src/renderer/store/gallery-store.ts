import { create } from 'zustand';
import type { HistoryEntry, LibraryQuery } from '../../shared/motif-bridge.ts';
import { matchesAllTerms, normaliseSearchText, searchTerms, type StyleId } from '../../shared/catalog.ts';
import { motif, userMessageOf } from '../bridge.ts';
import { insertNewest, itemAt, pagesForRange, pagesToFetch, replaceEntry, withPage, type PageMap } from '../lib/page-window.ts';
import { toastError, toastExported, useUiStore } from './ui-store.ts';

export const GALLERY_PAGE_SIZE = 60;
/** Pages kept in memory around what is on screen (8 × 60 = 480 entries at most). */
const GALLERY_MAX_PAGES = 8;
/** Designs fetched beyond those on screen, each way: a page, about a second of a brisk scroll at the default size. */
const GALLERY_PREFETCH_ITEMS = GALLERY_PAGE_SIZE;

export interface GalleryFilters {
  readonly text: string;
  readonly style: StyleId | undefined;
  readonly provider: string | undefined;
  readonly favourite: boolean;
  /** Epoch ms, inclusive. */
  readonly since: number | undefined;
  /** Epoch ms, exclusive. */
  readonly until: number | undefined;
  /** Only images filed in this project (its id). */
  readonly project: string | undefined;
  /** Only images carrying this tag. */
  readonly tag: string | undefined;
}

const NO_FILTERS: GalleryFilters = {
  text: '',
  style: undefined,
  provider: undefined,
  favourite: false,
  since: undefined,
  until: undefined,
  project: undefined,
  tag: undefined,
};

/** Whether any filter narrows the gallery (the "Clear filters" button and the no-results state say so). */
export function hasActiveFilters(filters: GalleryFilters): boolean {
  return (
    filters.text.trim() !== '' ||
    filters.style !== undefined ||
    filters.provider !== undefined ||
    filters.favourite ||
    filters.since !== undefined ||
    filters.until !== undefined ||
    filters.project !== undefined ||
    filters.tag !== undefined
  );
}

export type GalleryGrouping = 'none' | 'day' | 'job';

/** How the gallery is laid out: kept on this computer between sessions. */
export interface GalleryLayout {
  readonly groupBy: GalleryGrouping;
  /** Target height of a row of images, in CSS pixels (the size slider). */
  readonly rowHeight: number;
}

export const ROW_HEIGHT_RANGE = { min: 120, max: 360, step: 20 } as const;
const LAYOUT_KEY = 'motif.gallery.layout';
const DEFAULT_LAYOUT: GalleryLayout = { groupBy: 'day', rowHeight: 200 };

function loadLayout(): GalleryLayout {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(LAYOUT_KEY) ?? 'null') as Partial<GalleryLayout> | null;
    const groupBy =
      saved?.groupBy === 'none' || saved?.groupBy === 'job' || saved?.groupBy === 'day' ? saved.groupBy : DEFAULT_LAYOUT.groupBy;
    const rowHeight =
      typeof saved?.rowHeight === 'number' && saved.rowHeight >= ROW_HEIGHT_RANGE.min && saved.rowHeight <= ROW_HEIGHT_RANGE.max
        ? saved.rowHeight
        : DEFAULT_LAYOUT.rowHeight;
    return { groupBy, rowHeight };
  } catch {
    return DEFAULT_LAYOUT;
  }
}

interface GalleryState {
  readonly filters: GalleryFilters;
  readonly layout: GalleryLayout;
  setLayout(patch: Partial<GalleryLayout>): void;
  /** Back to every design (search text included). */
  clearFilters(): void;
  /** Matching entries in all; undefined until the first page arrives. */
  readonly total: number | undefined;
  /** Total of the whole library, unfiltered; tells a fresh library from an empty search. */
  readonly libraryTotal: number | undefined;
  readonly pages: PageMap;
  readonly loadError: string | undefined;
  readonly selection: ReadonlySet<string>;
  readonly detail: HistoryEntry | undefined;
  setFilters(patch: Partial<GalleryFilters>): void;
  /** Called by the grid with the items on screen; fetches missing pages and evicts far ones. */
  showRange(startIndex: number, endIndex: number): void;
  /** Re-reads what is on screen (after deletes or undo). */
  refresh(): void;
  /** Shows an image a job just saved: at the top when it matches the filters, without asking the library again. */
  insertNew(entry: HistoryEntry): void;
  toggleSelected(id: string): void;
  setSelection(ids: Iterable<string>): void;
  openDetail(entry: HistoryEntry): void;
  closeDetail(): void;
  /** Shows an entry changed elsewhere (its tags or projects) wherever it is on screen. */
  showUpdated(entry: HistoryEntry): void;
  setFavourite(entry: HistoryEntry, favourite: boolean): Promise<void>;
  deleteEntries(ids: readonly string[]): Promise<void>;
  exportEntries(ids: readonly string[], kind: 'folder' | 'zip'): Promise<void>;
}

// Bookkeeping that never renders: the query generation and the pages in flight.
let generation = 0;
const inFlight = new Set<string>();
let range: [number, number] = [0, GALLERY_PAGE_SIZE];

function queryFor(filters: GalleryFilters, page: number): LibraryQuery {
  const text = filters.text.trim();
  return {
    ...(text ? { text } : {}),
    ...(filters.style ? { style: filters.style } : {}),
    ...(filters.provider ? { provider: filters.provider } : {}),
    ...(filters.favourite ? { favourite: true } : {}),
    ...(filters.since !== undefined ? { since: filters.since } : {}),
    ...(filters.until !== undefined ? { until: filters.until } : {}),
    ...(filters.project !== undefined ? { project: filters.project } : {}),
    ...(filters.tag !== undefined ? { tag: filters.tag } : {}),
    offset: page * GALLERY_PAGE_SIZE,
    limit: GALLERY_PAGE_SIZE,
  };
}

/** Where an entry sits in the loaded pages, or -1. */
function indexIn(pages: PageMap, id: string): number {
  for (const [page, items] of pages) {
    const offset = items.findIndex((item) => item.id === id);
    if (offset !== -1) return page * GALLERY_PAGE_SIZE + offset;
  }
  return -1;
}

/** The designs before and after an entry in the gallery's order, for ← / → in the viewer. */
export function neighboursOf(entry: HistoryEntry): { previous: HistoryEntry | undefined; next: HistoryEntry | undefined } {
  const { pages } = useGalleryStore.getState();
  const index = indexIn(pages, entry.id);
  if (index === -1) return { previous: undefined, next: undefined };
  return {
    previous: index > 0 ? itemAt(pages, index - 1, GALLERY_PAGE_SIZE) : undefined,
    next: itemAt(pages, index + 1, GALLERY_PAGE_SIZE),
  };
}

/**
 * The designs to compare with `entry`: the gallery's selection when it holds
 * two to `count` loaded designs, else `entry` and those after it (or before it, at the end).
 */
export function compareSet(entry: HistoryEntry, count: number): readonly HistoryEntry[] {
  const { pages, selection } = useGalleryStore.getState();
  const loaded = [...pages.values()].flat();
  const selected = loaded.filter((item) => selection.has(item.id));
  if (selected.length >= 2 && selected.length <= count) return selected;
  const index = indexIn(pages, entry.id);
  if (index === -1) return [entry];
  const around: HistoryEntry[] = [];
  for (let offset = 0; around.length < count && offset < count * 2; offset += 1) {
    const item = itemAt(pages, index + offset, GALLERY_PAGE_SIZE);
    if (item) around.push(item);
  }
  for (let offset = 1; around.length < count && index - offset >= 0; offset += 1) {
    const item = itemAt(pages, index - offset, GALLERY_PAGE_SIZE);
    if (item) around.unshift(item);
    else break;
  }
  return around;
}

/** Whether an entry belongs in the gallery under these filters: the library's own rules for `library:list`. */
function entryMatchesFilters(entry: HistoryEntry, filters: GalleryFilters): boolean {
  if (filters.style !== undefined && entry.style !== filters.style) return false;
  if (filters.provider !== undefined && entry.provider !== filters.provider) return false;
  if (filters.favourite && !entry.favourite) return false;
  if (filters.since !== undefined && entry.createdAt < filters.since) return false;
  if (filters.until !== undefined && entry.createdAt >= filters.until) return false;
  if (filters.project !== undefined && !(entry.projectIds ?? []).includes(filters.project)) return false;
  if (filters.tag !== undefined && !(entry.tags ?? []).includes(filters.tag)) return false;
  return matchesAllTerms(normaliseSearchText(entry.prompt), searchTerms(filters.text.trim() || undefined));
}

export const useGalleryStore = create<GalleryState>()((set, get) => {
  const fetchPage = (page: number): void => {
    const key = `${generation}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    const asked = generation;
    motif()
      .library.list(queryFor(get().filters, page))
      .then(
        (result) => {
          inFlight.delete(key);
          if (asked !== generation) return;
          const center = Math.floor(range[0] / GALLERY_PAGE_SIZE);
          set({ pages: withPage(get().pages, page, result.items, center, GALLERY_MAX_PAGES), total: result.total, loadError: undefined });
          if (!hasActiveFilters(get().filters)) set({ libraryTotal: result.total });
        },
        (error: unknown) => {
          inFlight.delete(key);
          if (asked === generation) set({ loadError: userMessageOf(error) });
        },
      );
  };
  const reload = (keepPages: boolean): void => {
    generation += 1;
    const wanted = pagesForRange(range[0], Math.max(range[1], range[0] + 1), GALLERY_PAGE_SIZE);
    if (!keepPages) set({ pages: new Map(), total: undefined });
    else set({ pages: new Map([...get().pages].filter(([page]) => wanted.includes(page))) });
    for (const page of wanted.length > 0 ? wanted : [0]) fetchPage(page);
    if (get().libraryTotal === undefined || !keepPages) refreshLibraryTotal();
  };
  const refreshLibraryTotal = (): void => {
    motif()
      .library.list({ offset: 0, limit: 1 })
      .then(
        (result) => set({ libraryTotal: result.total }),
        () => undefined,
      );
  };
  return {
    filters: NO_FILTERS,
    layout: loadLayout(),
    setLayout: (patch) => {
      const layout = { ...get().layout, ...patch };
      set({ layout });
      try {
        globalThis.localStorage?.setItem(LAYOUT_KEY, JSON.stringify(layout));
      } catch {
        // Storage full or unavailable: the layout still applies for this session.
      }
    },
    clearFilters: () => get().setFilters(NO_FILTERS),
    total: undefined,
    libraryTotal: undefined,
    pages: new Map(),
    loadError: undefined,
    selection: new Set(),
    detail: undefined,
    setFilters: (patch) => {
      set({ filters: { ...get().filters, ...patch }, selection: new Set() });
      range = [0, GALLERY_PAGE_SIZE];
      reload(false);
    },
    showRange: (startIndex, endIndex) => {
      // A scroll (the rows meet the last ones) fetches a page beyond each end. A jump fetches only what is on screen:
      // at 100,000 designs each page landing re-lays the rows after it, and a jump's prefetched pages cost more than they save.
      const scrolling = startIndex <= range[1] && endIndex >= range[0];
      range = [startIndex, endIndex];
      const { pages, total } = get();
      const end = Math.max(endIndex, startIndex + 1);
      const margin = scrolling ? GALLERY_PREFETCH_ITEMS : 0;
      for (const page of pagesToFetch(startIndex, end, total ?? end, GALLERY_PAGE_SIZE, margin)) {
        if (!pages.has(page)) fetchPage(page);
      }
    },
    refresh: () => reload(true),
    insertNew: (entry) => {
      const { filters, total, libraryTotal, pages } = get();
      const known = [...pages.values()].some((items) => items.some((item) => item.id === entry.id));
      if (known) return;
      const matches = entryMatchesFilters(entry, filters);
      set({
        libraryTotal: libraryTotal === undefined ? undefined : libraryTotal + 1,
        ...(matches ? { pages: insertNewest(pages, entry, GALLERY_PAGE_SIZE), total: total === undefined ? undefined : total + 1 } : {}),
      });
    },
    toggleSelected: (id) => {
      const selection = new Set(get().selection);
      if (!selection.delete(id)) selection.add(id);
      set({ selection });
    },
    setSelection: (ids) => set({ selection: new Set(ids) }),
    openDetail: (detail) => set({ detail }),
    closeDetail: () => set({ detail: undefined }),
    showUpdated: (updated) =>
      set({ pages: replaceEntry(get().pages, updated), detail: get().detail?.id === updated.id ? updated : get().detail }),
    setFavourite: async (entry, favourite) => {
      try {
        const updated = await motif().library.setFavourite(entry.id, favourite);
        set({ pages: replaceEntry(get().pages, updated), detail: get().detail?.id === updated.id ? updated : get().detail });
      } catch (error) {
        toastError(userMessageOf(error));
      }
    },
    deleteEntries: async (ids) => {
      if (ids.length === 0) return;
      try {
        // Deleting the design the viewer shows moves on to the next one (the previous at the end), so sorting keeps its rhythm.
        const gone = new Set(ids);
        const shown = get().detail;
        let after: HistoryEntry | undefined;
        if (shown && gone.has(shown.id)) {
          const { pages } = get();
          const index = indexIn(pages, shown.id);
          const candidates = [1, 2, 3, -1, -2, -3].map((step) =>
            index === -1 ? undefined : itemAt(pages, index + step, GALLERY_PAGE_SIZE),
          );
          after = candidates.find((item) => item !== undefined && !gone.has(item.id));
        }
        const { undoToken, deleted } = await motif().library.delete(ids);
        set({
          selection: new Set([...get().selection].filter((id) => !gone.has(id))),
          detail: shown && gone.has(shown.id) ? after : get().detail,
        });
        get().refresh();
        useUiStore.getState().pushToast(`Deleted ${deleted} ${deleted === 1 ? 'design' : 'designs'}.`, {
          action: {
            label: 'Undo',
            run: () => {
              motif()
                .library.undoDelete(undoToken)
                .then(
                  () => get().refresh(),
                  (error: unknown) => toastError(userMessageOf(error)),
                );
            },
          },
          timeoutMs: 10_000,
        });
      } catch (error) {
        toastError(userMessageOf(error));
      }
    },
    exportEntries: async (ids, kind) => {
      try {
        const result = await motif().library.export(ids, kind);
        if (result) toastExported(`Exported ${result.exported} ${result.exported === 1 ? 'design' : 'designs'}`, result.path);
      } catch (error) {
        toastError(userMessageOf(error));
      }
    },
  };
});
