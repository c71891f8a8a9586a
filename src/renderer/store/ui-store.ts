import { create } from 'zustand';

export type View = 'studio' | 'gallery' | 'health' | 'settings' | 'print';

interface Toast {
  readonly id: number;
  readonly message: string;
  readonly tone: 'info' | 'success' | 'error';
  readonly action: { readonly label: string; readonly run: () => void } | undefined;
}

const MAX_TOASTS = 4;
const TOAST_MS = 8000;
let nextToastId = 1;

interface UiState {
  readonly view: View;
  readonly toasts: readonly Toast[];
  /** Whether the About dialog is open. */
  readonly aboutOpen: boolean;
  setView(view: View): void;
  setAboutOpen(open: boolean): void;
  pushToast(message: string, options?: { tone?: Toast['tone']; action?: Toast['action']; timeoutMs?: number }): number;
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
    const toast: Toast = { id, message, tone: options.tone ?? 'info', action: options.action };
    set({ toasts: [...get().toasts, toast].slice(-MAX_TOASTS) });
    setTimeout(() => get().dismissToast(id), options.timeoutMs ?? TOAST_MS);
    return id;
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((toast) => toast.id !== id) }),
}));

/** Shows a rejection's user message as an error toast. */
export function toastError(message: string): void {
  useUiStore.getState().pushToast(message, { tone: 'error' });
}
