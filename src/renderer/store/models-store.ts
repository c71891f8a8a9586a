import { create } from 'zustand';
import type { CatalogueModelsPage, ModelSearchQuery } from '../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../bridge.ts';
import { useSettingsStore } from './settings-store.ts';
import { toastError, useUiStore } from './ui-store.ts';

/** Results per page in the catalogue dialog. */
export const CATALOGUE_PAGE_SIZE = 12;

type Filters = Pick<ModelSearchQuery, 'search' | 'category' | 'architecture'>;

interface ModelsState {
  /** Whether the catalogue dialog ("More models…") is open. */
  readonly open: boolean;
  readonly filters: Filters;
  readonly offset: number;
  readonly page: CatalogueModelsPage | undefined;
  readonly status: 'idle' | 'loading' | 'error';
  readonly error: string | undefined;
  /** The model a pin or unpin is in flight for. */
  readonly busy: string | undefined;
  setOpen(open: boolean): void;
  /** Changes filters and searches from the first page. */
  setFilters(patch: Filters): void;
  /** Moves to another page of the same search. */
  goTo(offset: number): void;
  search(): Promise<void>;
  pin(air: string, name: string): Promise<void>;
  unpin(air: string, name: string): Promise<void>;
}

let searchSeq = 0;

/** The model catalogue dialog: the search, the page on show, and pinning (which updates the settings view, so the model menu). */
export const useModelsStore = create<ModelsState>()((set, get) => ({
  open: false,
  filters: {},
  offset: 0,
  page: undefined,
  status: 'idle',
  error: undefined,
  busy: undefined,
  setOpen: (open) => {
    set({ open });
    if (open && get().page === undefined) void get().search();
  },
  setFilters: (patch) => {
    set({ filters: { ...get().filters, ...patch }, offset: 0 });
    void get().search();
  },
  goTo: (offset) => {
    set({ offset: Math.max(0, offset) });
    void get().search();
  },
  search: async () => {
    const { filters, offset } = get();
    const seq = (searchSeq += 1);
    set({ status: 'loading', error: undefined });
    const query: ModelSearchQuery = {
      ...(filters.search?.trim() ? { search: filters.search.trim() } : {}),
      ...(filters.category ? { category: filters.category } : {}),
      ...(filters.architecture ? { architecture: filters.architecture } : {}),
      limit: CATALOGUE_PAGE_SIZE,
      offset,
    };
    try {
      const page = await motif().models.search(query);
      // A slower earlier search must not replace what the designer typed since.
      if (seq === searchSeq) set({ page, status: 'idle' });
    } catch (error) {
      if (seq === searchSeq) set({ status: 'error', error: userMessageOf(error) });
    }
  },
  pin: (air, name) => change(air, () => motif().models.pin(air), `Pinned ${name}`),
  unpin: (air, name) => change(air, () => motif().models.unpin(air), `Unpinned ${name}`),
}));

async function change(air: string, call: () => ReturnType<ReturnType<typeof motif>['models']['pin']>, done: string): Promise<void> {
  useModelsStore.setState({ busy: air });
  try {
    const view = await call();
    useSettingsStore.setState({ view });
    const pinned = view.settings.pinnedModels.some((m) => m.air === air);
    const page = useModelsStore.getState().page;
    if (page) useModelsStore.setState({ page: { ...page, models: page.models.map((m) => (m.air === air ? { ...m, pinned } : m)) } });
    useUiStore.getState().pushToast(done, { tone: 'success' });
  } catch (error) {
    toastError(userMessageOf(error));
  } finally {
    useModelsStore.setState({ busy: undefined });
  }
}
