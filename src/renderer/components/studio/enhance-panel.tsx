import { useEffect } from 'react';
import { useStudioStore } from '../../store/studio-store.ts';
import { Icon } from '../common/icon.tsx';

/** Suggested richer prompts from `prompts.enhance`; the designer picks one or keeps their own. */
export function EnhancePanel() {
  const enhance = useStudioStore((s) => s.enhance);
  const pick = useStudioStore((s) => s.pickSuggestion);
  const dismiss = useStudioStore((s) => s.dismissSuggestions);
  const shown = enhance.status !== 'idle';
  // Escape closes the suggestions wherever focus is in the studio (a dialog's own Escape comes first).
  useEffect(() => {
    if (!shown) return undefined;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      dismiss();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [shown, dismiss]);
  if (!shown) return null;
  return (
    <section className="enhance-panel" aria-label="Prompt suggestions" aria-live="polite">
      {enhance.status === 'loading' && (
        <p className="enhance-status">
          <span className="spinner" aria-hidden="true" /> Writing richer versions of your prompt…
        </p>
      )}
      {enhance.status === 'error' && (
        <div className="enhance-error" role="alert">
          <Icon name="info" />
          <p>{enhance.error}</p>
          <button type="button" className="ghost small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
      {enhance.status === 'done' && (
        <>
          <div className="enhance-head">
            <h3>Suggestions</h3>
            <button type="button" className="ghost small" onClick={dismiss}>
              Keep mine
            </button>
          </div>
          {enhance.suggestions.length === 0 ? (
            <p className="hint">No suggestions this time; your prompt is ready as it is.</p>
          ) : (
            <ul className="suggestions">
              {enhance.suggestions.map((text, index) => (
                <li key={text}>
                  <button
                    type="button"
                    className="suggestion"
                    onClick={() => pick(text)}
                    aria-label={`Use suggestion ${index + 1}: ${text}`}
                  >
                    <span>{text}</span>
                    <span className="suggestion-use">Use</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
