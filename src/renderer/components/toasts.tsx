import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useUiStore } from '../store/ui-store.ts';
import { Icon } from './common/icon.tsx';

/**
 * The open modal dialog on top, if any. A modal dialog sits in the browser's
 * top layer and makes the rest of the page inert, so toasts must live inside it
 * to be seen and clicked (an "Undo" after deleting in the viewer).
 */
function useTopModal(): HTMLDialogElement | undefined {
  const [top, setTop] = useState<HTMLDialogElement | undefined>(undefined);
  useEffect(() => {
    const find = (): void =>
      setTop([...document.querySelectorAll('dialog[open]')].filter((d) => d.matches(':modal')).pop() as HTMLDialogElement | undefined);
    find();
    const observer = new MutationObserver(find);
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['open'] });
    return () => observer.disconnect();
  }, []);
  return top;
}

/** Transient messages; errors are announced assertively, the rest politely. */
export function Toasts() {
  const toasts = useUiStore((s) => s.toasts);
  const dismiss = useUiStore((s) => s.dismissToast);
  const modal = useTopModal();
  const list = (
    <div className={modal ? 'toasts over-dialog' : 'toasts'} aria-live="polite" aria-relevant="additions">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast tone-${toast.tone}`}
          role={toast.tone === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          title={toast.detail}
        >
          <Icon name={toast.tone === 'error' ? 'alert' : toast.tone === 'success' ? 'check' : 'info'} />
          <span className="toast-message">{toast.message}</span>
          {toast.action && (
            <button
              type="button"
              className="toast-action"
              onClick={() => {
                toast.action?.run();
                dismiss(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button type="button" className="icon-button subtle" aria-label="Dismiss message" onClick={() => dismiss(toast.id)}>
            <Icon name="x" />
          </button>
        </div>
      ))}
    </div>
  );
  return modal ? createPortal(list, modal) : list;
}
