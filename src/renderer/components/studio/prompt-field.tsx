import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { REQUEST_LIMITS } from '../../../shared/catalog.ts';
import { useStudioStore } from '../../store/studio-store.ts';
import { Icon } from '../common/icon.tsx';
import { EnhancePanel } from './enhance-panel.tsx';
import { RecentPrompts } from './recent-prompts.tsx';

/**
 * The prompt: ↑ on the first line and ↓ on the last recall earlier prompts,
 * like a shell; the Recent menu lists them too.
 */
export function PromptField() {
  const prompt = useStudioStore((s) => s.prompt);
  const focusRequest = useStudioStore((s) => s.focusRequest);
  const historyCursor = useStudioStore((s) => s.historyCursor);
  const historyLength = useStudioStore((s) => s.history.length);
  const set = useStudioStore((s) => s.set);
  const recall = useStudioStore((s) => s.recall);
  const enhancePrompt = useStudioStore((s) => s.enhancePrompt);
  const enhanceStatus = useStudioStore((s) => s.enhance.status);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [recentOpen, setRecentOpen] = useState(false);

  useEffect(() => {
    if (focusRequest > 0) ref.current?.focus();
  }, [focusRequest]);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const area = event.currentTarget;
    const beforeCaret = area.value.slice(0, area.selectionStart);
    const afterCaret = area.value.slice(area.selectionEnd);
    if (event.key === 'ArrowUp' && !beforeCaret.includes('\n')) {
      if (recall('older')) event.preventDefault();
    } else if (event.key === 'ArrowDown' && !afterCaret.includes('\n') && historyCursor >= 0) {
      if (recall('newer')) event.preventDefault();
    }
  };

  return (
    <div className="prompt-field">
      <div className="prompt-label-row">
        <label className="field-label" htmlFor="prompt-input">
          Describe the design
        </label>
        <div className="prompt-tools">
          <button type="button" className="ghost small" onClick={() => void enhancePrompt()} disabled={enhanceStatus === 'loading'}>
            <Icon name="wand" /> Enhance prompt
          </button>
          <button
            type="button"
            className="ghost small"
            aria-haspopup="listbox"
            aria-expanded={recentOpen}
            disabled={historyLength === 0}
            onClick={() => setRecentOpen((open) => !open)}
          >
            <Icon name="history" /> Recent
          </button>
        </div>
      </div>
      <textarea
        id="prompt-input"
        ref={ref}
        className="prompt-input"
        rows={3}
        value={prompt}
        maxLength={REQUEST_LIMITS.promptMaxChars}
        placeholder="e.g. gold balloons and confetti over a navy sky, for a 30th birthday banner"
        aria-describedby="prompt-hint"
        onChange={(event) => set({ prompt: event.target.value })}
        onKeyDown={onKeyDown}
      />
      <p id="prompt-hint" className="hint">
        {historyCursor >= 0 ? `Earlier prompt ${historyCursor + 1} of ${historyLength} · ↓ to go back` : '↑ recalls earlier prompts'}
        <span className="counter">
          {prompt.length} / {REQUEST_LIMITS.promptMaxChars}
        </span>
      </p>
      {recentOpen && (
        <RecentPrompts
          onPick={(text) => {
            set({ prompt: text });
            setRecentOpen(false);
            ref.current?.focus();
          }}
          onClose={() => {
            setRecentOpen(false);
            ref.current?.focus();
          }}
        />
      )}
      <EnhancePanel />
    </div>
  );
}
