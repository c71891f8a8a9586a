/**
 * Recently used prompts, newest first, kept in localStorage. Bounded so the
 * list never grows without end; a repeated prompt moves to the front.
 */
export const PROMPT_HISTORY_LIMIT = 50;
const STORAGE_KEY = 'motif.prompt-history.v1';

export function addPrompt(history: readonly string[], prompt: string, limit = PROMPT_HISTORY_LIMIT): string[] {
  const trimmed = prompt.trim();
  if (trimmed === '') return [...history];
  return [trimmed, ...history.filter((item) => item !== trimmed)].slice(0, limit);
}

/** Reads the stored history, ignoring anything malformed. */
export function loadPromptHistory(storage: Pick<Storage, 'getItem'> | undefined): string[] {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return [];
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((item): item is string => typeof item === 'string' && item.trim() !== '').slice(0, PROMPT_HISTORY_LIMIT);
  } catch {
    return [];
  }
}

export function savePromptHistory(storage: Pick<Storage, 'setItem'> | undefined, history: readonly string[]): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(history.slice(0, PROMPT_HISTORY_LIMIT)));
  } catch {
    // Storage full or unavailable: history is a convenience, never worth an error.
  }
}

/**
 * Shell-style recall: ↑ walks back through history from the draft, ↓ walks
 * forward and finally returns to the draft. `cursor` is -1 on the draft.
 */
export function recallPrompt(history: readonly string[], cursor: number, direction: 'older' | 'newer'): number {
  if (history.length === 0) return -1;
  if (direction === 'older') return Math.min(history.length - 1, cursor + 1);
  return Math.max(-1, cursor - 1);
}
