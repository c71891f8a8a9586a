import { create } from 'zustand';
import { motif, userMessageOf } from '../bridge.ts';
import { loadPrintChoices, printRequestFor, savePrintChoices, type PrintChoices } from '../lib/print-choices.ts';
import type { PreflightReport, PrintResult } from '../../shared/motif-bridge.ts';
import { toastError, toastExported, useUiStore } from './ui-store.ts';
import { firstImageOf, useQueueStore } from './queue-store.ts';

const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

interface PrintState {
  /** The designs being printed. */
  readonly ids: readonly string[];
  readonly choices: PrintChoices;
  readonly report: PreflightReport | undefined;
  readonly reportError: string | undefined;
  readonly checking: boolean;
  readonly exporting: boolean;
  readonly lastResult: PrintResult | undefined;
  /** The design being upscaled for print, while the upscale job runs. */
  readonly upscaling: string | undefined;
  /** Upscaled copies now printed instead of their originals: new id → original id. */
  readonly upscaled: Readonly<Record<string, string>>;
  /** Opens the Print view for these designs. */
  open(ids: readonly string[]): void;
  choose(patch: Partial<PrintChoices>): void;
  preflight(): Promise<void>;
  exportFile(): Promise<void>;
  /**
   * Preflight's provider fix: runs the upscale tool on a design (a queue job,
   * priced and capped like any other), then prints the new, larger entry.
   */
  upscale(id: string, factor: 2 | 3 | 4): Promise<void>;
}

let asked = 0;

/** The Print view: which designs, which product and options (remembered), the preflight and the export. */
export const usePrintStore = create<PrintState>()((set, get) => ({
  ids: [],
  choices: loadPrintChoices(storage()),
  report: undefined,
  reportError: undefined,
  checking: false,
  exporting: false,
  lastResult: undefined,
  upscaling: undefined,
  upscaled: {},
  open: (ids) => {
    set({ ids: [...ids], report: undefined, reportError: undefined, lastResult: undefined, upscaling: undefined, upscaled: {} });
    useUiStore.getState().setView('print');
    void get().preflight();
  },
  choose: (patch) => {
    const choices = { ...get().choices, ...patch };
    set({ choices });
    savePrintChoices(storage(), choices);
    void get().preflight();
  },
  preflight: async () => {
    const { ids, choices } = get();
    if (ids.length === 0 && choices.product !== 'bunting') return;
    const mine = ++asked;
    set({ checking: true });
    try {
      const report = await motif().print.preflight(printRequestFor(ids, choices));
      if (mine === asked) set({ report, reportError: undefined, checking: false });
    } catch (error) {
      if (mine === asked) set({ report: undefined, reportError: userMessageOf(error), checking: false });
    }
  },
  upscale: async (id, factor) => {
    set({ upscaling: id });
    const job = await useQueueStore.getState().submitTask({ task: 'upscale', source: { entryId: id }, factor });
    // A refusal (the daily cap, no provider) was shown by the queue as its named error.
    const entry = job === undefined ? undefined : await firstImageOf(job.id);
    if (job !== undefined && entry === undefined) toastError('The upscale did not finish; the design is printed as it was.');
    if (entry === undefined) {
      set({ upscaling: undefined });
      return;
    }
    set({
      ids: get().ids.map((x) => (x === id ? entry.id : x)),
      upscaling: undefined,
      upscaled: { ...get().upscaled, [entry.id]: get().upscaled[id] ?? id },
    });
    await get().preflight();
  },
  exportFile: async () => {
    const { ids, choices } = get();
    set({ exporting: true });
    try {
      const result = await motif().print.export(printRequestFor(ids, choices));
      set({ exporting: false, lastResult: result });
      if (result) toastExported(`Saved ${result.pages} page${result.pages === 1 ? '' : 's'}`, result.path);
    } catch (error) {
      set({ exporting: false });
      toastError(userMessageOf(error));
    }
  },
}));
