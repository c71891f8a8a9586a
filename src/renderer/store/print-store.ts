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
  /** The design a provider fix is running on (upscale, seam repair), while its job runs. */
  readonly fixing: { readonly id: string; readonly task: PrintFixTask['task'] } | undefined;
  /** Copies a fix made, now printed instead of their originals: new id → the original and the fix. */
  readonly madeFrom: Readonly<Record<string, { readonly from: string; readonly task: PrintFixTask['task'] }>>;
  /** Opens the Print view for these designs. */
  open(ids: readonly string[]): void;
  choose(patch: Partial<PrintChoices>): void;
  preflight(): Promise<void>;
  exportFile(): Promise<void>;
  /**
   * Preflight's provider fix: runs the tool on a design (a queue job, priced
   * and capped like any other), then prints the new entry it makes: a larger
   * one (upscale) or a tile whose seam was repaired by inpainting.
   */
  runFix(id: string, fix: PrintFixTask): Promise<void>;
}

/** The tools preflight offers as fixes. */
type PrintFixTask = { readonly task: 'upscale'; readonly factor: 2 | 3 | 4 } | { readonly task: 'seamless' };

const FIX_WORDS: Readonly<Record<PrintFixTask['task'], string>> = { upscale: 'upscale', seamless: 'seam repair' };

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
  fixing: undefined,
  madeFrom: {},
  open: (ids) => {
    set({ ids: [...ids], report: undefined, reportError: undefined, lastResult: undefined, fixing: undefined, madeFrom: {} });
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
  runFix: async (id, fix) => {
    set({ fixing: { id, task: fix.task } });
    const job = await useQueueStore.getState().submitTask({ ...fix, source: { entryId: id } });
    // A refusal (the daily cap, no provider) was shown by the queue as its named error.
    const entry = job === undefined ? undefined : await firstImageOf(job.id);
    if (job !== undefined && entry === undefined) toastError(`The ${FIX_WORDS[fix.task]} did not finish; the design is printed as it was.`);
    if (entry === undefined) {
      set({ fixing: undefined });
      return;
    }
    set({
      ids: get().ids.map((x) => (x === id ? entry.id : x)),
      fixing: undefined,
      madeFrom: { ...get().madeFrom, [entry.id]: { from: get().madeFrom[id]?.from ?? id, task: fix.task } },
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
