import { useEffect } from 'react';
import { findProblems, useStudioStore } from '../../store/studio-store.ts';
import { Icon } from '../common/icon.tsx';
import { EnhancePanel } from './enhance-panel.tsx';
import { GenerationOptions } from './generation-options.tsx';
import { PromptField } from './prompt-field.tsx';
import { SizePicker } from './size-picker.tsx';
import { StylePicker } from './style-picker.tsx';

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
const GENERATE_SHORTCUT = isMac ? '⌘ Enter' : 'Ctrl Enter';

/** The prompt studio: everything needed to ask for a design, keyboard first. */
export function PromptStudio() {
  const style = useStudioStore((s) => s.style);
  const size = useStudioStore((s) => s.size);
  const count = useStudioStore((s) => s.count);
  const submitting = useStudioStore((s) => s.submitting);
  const enhanceStatus = useStudioStore((s) => s.enhance.status);
  const prompt = useStudioStore((s) => s.prompt);
  const negativePrompt = useStudioStore((s) => s.negativePrompt);
  const set = useStudioStore((s) => s.set);
  const generate = useStudioStore((s) => s.generate);
  const enhancePrompt = useStudioStore((s) => s.enhancePrompt);
  const problems = findProblems({ prompt, negativePrompt, size });
  const blocked = problems.length > 0;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
        event.preventDefault();
        void useStudioStore.getState().generate();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <form
      className="prompt-studio panel"
      aria-label="Prompt studio"
      onSubmit={(event) => {
        event.preventDefault();
        void generate();
      }}
    >
      <PromptField />
      <div className="enhance-row">
        <button type="button" className="secondary" onClick={() => void enhancePrompt()} disabled={enhanceStatus === 'loading'}>
          <Icon name="wand" /> Enhance prompt
        </button>
      </div>
      <EnhancePanel />
      <StylePicker value={style} onChange={(next) => set({ style: next })} />
      <SizePicker value={size} onChange={(next) => set({ size: next })} />
      <GenerationOptions />
      <div className="generate-row">
        <button type="submit" className="primary generate-button" aria-disabled={blocked || submitting} aria-describedby="generate-hint">
          <Icon name="sparkles" size={18} />
          {submitting ? 'Starting…' : `Generate ${count} ${count === 1 ? 'image' : 'images'}`}
          <kbd aria-hidden="true">{GENERATE_SHORTCUT}</kbd>
        </button>
        <p id="generate-hint" className="hint">
          {blocked ? problems[0] : `Press ${GENERATE_SHORTCUT} from anywhere in the studio.`}
        </p>
      </div>
    </form>
  );
}
