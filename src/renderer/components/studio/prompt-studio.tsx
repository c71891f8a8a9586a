import { useEffect } from 'react';
import { findProblems, useStudioStore } from '../../store/studio-store.ts';
import { GenerateBar } from './generate-bar.tsx';
import { GenerationOptions } from './generation-options.tsx';
import { PromptField } from './prompt-field.tsx';
import { SizePicker } from './size-picker.tsx';
import { StylePicker } from './style-picker.tsx';

/** The prompt studio: everything needed to ask for a design, keyboard first. */
export function PromptStudio() {
  const style = useStudioStore((s) => s.style);
  const size = useStudioStore((s) => s.size);
  const prompt = useStudioStore((s) => s.prompt);
  const negativePrompt = useStudioStore((s) => s.negativePrompt);
  const set = useStudioStore((s) => s.set);
  const generate = useStudioStore((s) => s.generate);
  const problems = findProblems({ prompt, negativePrompt, size });

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
      <StylePicker value={style} onChange={(next) => set({ style: next })} />
      <SizePicker value={size} onChange={(next) => set({ size: next })} />
      <GenerationOptions />
      <GenerateBar problems={problems} />
    </form>
  );
}
