import { create } from 'zustand';
import { motif, userMessageOf } from '../bridge.ts';

export type View = 'studio' | 'gallery' | 'health' | 'settings' | 'print';

interface Toast {
  readonly id: number;
  readonly message: string;
  readonly tone: 'info' | 'success' | 'error';
  readonly action: { readonly label: string; readonly run: () => void } | undefined;
  /** Shown on hover (e.g. the full path an export went to). */
  readonly detail: string | undefined;
}

interface ToastOptions {
  readonly tone?: Toast['tone'];
  readonly action?: Toast['action'];
  readonly detail?: string;
  readonly timeoutMs?: number;
}

const MAX_TOASTS = 3;
/** How long a toast stays: short for news, longer for errors and for anything with an action to take. */
const TOAST_MS: Readonly<Record<Toast['tone'], number>> = { success: 4000, info: 5000, error: 8000 };
const ACTION_TOAST_MS = 8000;
let nextToastId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

interface UiState {
  readonly view: View;
  readonly toasts: readonly Toast[];
  /** Whether the About dialog is open. */
  readonly aboutOpen: boolean;
  setView(view: View): void;
  setAboutOpen(open: boolean): void;
  pushToast(message: string, options?: ToastOptions): number;
  dismissToast(id: number): void;
}

/** Which screen is showing, and the transient messages at the bottom. */
export const useUiStore = create<UiState>()((set, get) => ({
  view: 'studio',
  toasts: [],
  aboutOpen: false,
  setView: (view) => set({ view }),
  setAboutOpen: (aboutOpen) => set({ aboutOpen }),
  pushToast: (message, options = {}) => {
    const id = nextToastId++;
    const tone = options.tone ?? 'info';
    const toast: Toast = { id, message, tone, action: options.action, detail: options.detail };
    // The same message again replaces the old one instead of stacking a copy.
    const kept = get().toasts.filter((old) => old.message !== message || old.action !== undefined);
    for (const old of get().toasts) if (!kept.includes(old)) clearTimeout(timers.get(old.id));
    set({ toasts: [...kept, toast].slice(-MAX_TOASTS) });
    timers.set(
      id,
      setTimeout(() => get().dismissToast(id), options.timeoutMs ?? (options.action ? ACTION_TOAST_MS : TOAST_MS[tone])),
    );
    return id;
  },
  dismissToast: (id) => {
    clearTimeout(timers.get(id));
    timers.delete(id);
    set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
  },
}));

/** Shows a rejection's user message as an error toast. */
export function toastError(message: string): void {
  useUiStore.getState().pushToast(message, { tone: 'error' });
}

/** The last part of a path, for a message a designer reads ("party.zip", not "/home/…/party.zip"). */
function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** "Exported 3 designs to party.zip", with the full path on hover and a "Show in folder" action. */
export function toastExported(what: string, path: string): void {
  useUiStore.getState().pushToast(`${what} to ${baseName(path)}`, {
    tone: 'success',
    detail: path,
    action: {
      label: 'Show in folder',
      run: () => {
        motif()
          .library.showExported(path)
          .catch((error: unknown) => toastError(userMessageOf(error)));
      },
    },
  });
}
