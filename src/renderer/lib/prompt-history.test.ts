import { describe, expect, it } from 'vitest';
import { PROMPT_HISTORY_LIMIT, addPrompt, loadPromptHistory, recallPrompt, savePromptHistory } from './prompt-history.ts';

describe('prompt history', () => {
  it('puts the newest first, moves repeats to the front and stays bounded', () => {
    let history: string[] = [];
    for (let i = 0; i < 80; i += 1) history = addPrompt(history, `prompt ${i}`);
    history = addPrompt(history, 'prompt 70');
    expect(history).toHaveLength(PROMPT_HISTORY_LIMIT);
    expect(history[0]).toBe('prompt 70');
    expect(history.filter((p) => p === 'prompt 70')).toHaveLength(1);
    expect(addPrompt(history, '   ')).toEqual(history);
  });

  it('round-trips through storage and ignores junk', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    savePromptHistory(storage, ['a', 'b']);
    expect(loadPromptHistory(storage)).toEqual(['a', 'b']);
    data.set([...data.keys()][0]!, '{not json');
    expect(loadPromptHistory(storage)).toEqual([]);
    expect(loadPromptHistory(undefined)).toEqual([]);
  });

  it('recalls older prompts with ↑ and returns to the draft with ↓', () => {
    const history = ['newest', 'older'];
    expect(recallPrompt(history, -1, 'older')).toBe(0);
    expect(recallPrompt(history, 1, 'older')).toBe(1);
    expect(recallPrompt(history, 0, 'newer')).toBe(-1);
    expect(recallPrompt([], -1, 'older')).toBe(-1);
  });
});
