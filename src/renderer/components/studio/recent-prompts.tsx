import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useStudioStore } from '../../store/studio-store.ts';

/** A keyboard-driven list of recent prompts: ↑/↓ to move, Enter to pick, Escape to close. */
export function RecentPrompts({ onPick, onClose }: { onPick: (prompt: string) => void; onClose: () => void }) {
  const history = useStudioStore((s) => s.history);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    listRef.current?.focus();
  }, []);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(history.length - 1, i + 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (event.key === 'Home') setActive(0);
    else if (event.key === 'End') setActive(history.length - 1);
    else if (event.key === 'Enter') {
      const picked = history[active];
      if (picked !== undefined) onPick(picked);
    } else if (event.key === 'Escape') onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <ul
      ref={listRef}
      className="recent-prompts"
      role="listbox"
      tabIndex={0}
      aria-label="Recent prompts"
      aria-activedescendant={`recent-prompt-${active}`}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) onClose();
      }}
    >
      {history.map((prompt, index) => (
        <li
          key={prompt}
          id={`recent-prompt-${index}`}
          data-index={index}
          role="option"
          aria-selected={index === active}
          className={index === active ? 'active' : undefined}
          onMouseEnter={() => setActive(index)}
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(prompt);
          }}
        >
          {prompt}
        </li>
      ))}
    </ul>
  );
}
