import { create } from 'zustand';
import { motif, userMessageOf } from '../bridge.ts';
import { loadPrintChoices, printRequestFor, savePrintChoices, type PrintChoices } from '../lib/print-choices.ts';
import type { PreflightReport, PrintResult } from '../../shared/motif-bridge.ts';
import { toastError, toastExported, useUiStore } from './ui-store.ts';

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
  /** Opens the Print view for these designs. */
  open(ids: readonly string[]): void;
  choose(patch: Partial<PrintChoices>): void;
  preflight(): Promise<void>;
  exportFile(): Promise<void>;
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
  open: (ids) => {
    set({ ids: [...ids], report: undefined, reportError: undefined, lastResult: undefined });
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
