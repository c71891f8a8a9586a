import { create } from 'zustand';
import type { CostQuote, GenerateInput, HistoryEntry, JobSnapshot, Lora, SettingsView } from '../../shared/motif-bridge.ts';
import { isLayoutId, isStyleId, offlineDesignReport, type LayoutId, type StyleId } from '../../shared/catalog.ts';
import { REQUEST_LIMITS } from '../../shared/catalog.ts';
import { motif, userMessageOf } from '../bridge.ts';
import { addPrompt, loadPromptHistory, recallPrompt, savePromptHistory } from '../lib/prompt-history.ts';
import { parseSize, sizeProblem, sizeToString, type ImageSize } from '../lib/sizes.ts';
import { firstImageOf, useQueueStore } from './queue-store.ts';
import { toastError } from './ui-store.ts';

interface EnhanceState {
  readonly status: 'idle' | 'loading' | 'done' | 'error';
  readonly suggestions: readonly string[];
  readonly error: string | undefined;
}

interface StudioState {
  readonly prompt: string;
  readonly negativePrompt: string;
  readonly style: StyleId;
  /** The offline engine's product layout; undefined lets the prompt's words choose. */
  readonly layout: LayoutId | undefined;
  readonly size: ImageSize;
  readonly count: number;
  readonly model: string;
  /** Shown in the seed field; sent only while locked. */
  readonly seed: number | undefined;
  readonly seedLocked: boolean;
  /** LoRAs attached to the next generation, with their weights. */
  readonly loras: readonly Lora[];
  readonly history: readonly string[];
  /** Position in `history` while recalling with ↑/↓; -1 is the draft. */
  readonly historyCursor: number;
  readonly draft: string;
  readonly enhance: EnhanceState;
  readonly submitting: boolean;
  readonly defaultsApplied: boolean;
  /** Bumped when something outside the studio wants the prompt field focused. */
  readonly focusRequest: number;
  /** What the current options would cost and whether the daily cap would refuse them (the Generate button shows it). */
  readonly quote: CostQuote | undefined;
  /** Asks the engine for the estimate of the current options. */
  refreshQuote(): Promise<void>;
  /** "Run offline instead": the same request on the offline engine, which is free and never capped. */
  runOffline(): Promise<JobSnapshot | undefined>;
  /** The image the studio starts from (a file dropped onto it), with the tool row beside it. */
  readonly startFrom: HistoryEntry | undefined;
  /** The name of a file being imported to start from. */
  readonly importing: string | undefined;
  set(patch: Partial<Pick<StudioState, 'prompt' | 'negativePrompt' | 'style' | 'layout' | 'size' | 'count' | 'model'>>): void;
  setSeed(seed: number | undefined): void;
  setSeedLocked(locked: boolean): void;
  setLoras(loras: readonly Lora[]): void;
  recall(direction: 'older' | 'newer'): boolean;
  applyDefaults(view: SettingsView): void;
  generate(): Promise<JobSnapshot | undefined>;
  enhancePrompt(): Promise<void>;
  pickSuggestion(text: string): void;
  dismissSuggestions(): void;
  /** Fills the studio from a past design: same prompt, style, layout, size, model, seed and LoRAs. */
  reuse(
    entry: Pick<
      HistoryEntry,
      'prompt' | 'negativePrompt' | 'style' | 'width' | 'height' | 'provider' | 'model' | 'seed' | 'loras' | 'providerMetadata'
    >,
    models: readonly { readonly id: string }[],
  ): void;
  /** Variations: same seed, with the prompt ready to edit. */
  variations(job: JobSnapshot): void;
  /** Imports an image file into the library (a job in the queue) and starts from it once it is saved. */
  importFile(file: Blob & { readonly name: string }): Promise<void>;
  clearStartFrom(): void;
}

const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);
const IDLE_ENHANCE: EnhanceState = { status: 'idle', suggestions: [], error: undefined };

export const useStudioStore = create<StudioState>()((set, get) => ({
  prompt: '',
  negativePrompt: '',
  style: 'party',
  layout: undefined,
  size: { width: 1024, height: 1024 },
  count: 2,
  model: 'default',
  seed: undefined,
  seedLocked: false,
  loras: [],
  history: loadPromptHistory(storage()),
  historyCursor: -1,
  draft: '',
  enhance: IDLE_ENHANCE,
  submitting: false,
  defaultsApplied: false,
  focusRequest: 0,
  quote: undefined,
  refreshQuote: async () => {
    const state = get();
    const input = { style: state.style, size: sizeToString(state.size), count: state.count, model: state.model };
    try {
      const quote = await motif().jobs.estimate(input);
      // A newer change may have asked again meanwhile: only the answer for the current options counts.
      const now = get();
      if (now.style === input.style && sizeToString(now.size) === input.size && now.count === input.count && now.model === input.model)
        set({ quote });
    } catch {
      set({ quote: undefined });
    }
  },
  runOffline: async () => {
    set({ model: 'offline', quote: undefined });
    return get().generate();
  },
  startFrom: undefined,
  importing: undefined,
  set: (patch) => set(patch.prompt === undefined ? patch : { ...patch, historyCursor: -1 }),
  setSeed: (seed) => set({ seed, seedLocked: seed !== undefined ? true : get().seedLocked }),
  setLoras: (loras) => set({ loras }),
  setSeedLocked: (seedLocked) => set({ seedLocked, seed: seedLocked && get().seed === undefined ? randomSeed() : get().seed }),
  recall: (direction) => {
    const { history, historyCursor, prompt, draft } = get();
    const cursor = recallPrompt(history, historyCursor, direction);
    if (cursor === historyCursor) return false;
    const nextDraft = historyCursor === -1 ? prompt : draft;
    set({ historyCursor: cursor, draft: nextDraft, prompt: cursor === -1 ? nextDraft : (history[cursor] ?? '') });
    return true;
  },
  applyDefaults: (view) => {
    if (get().defaultsApplied) return;
    const size = parseSize(view.settings.defaults.size) ?? get().size;
    set({ style: view.settings.defaults.style, size, count: view.settings.defaults.count, defaultsApplied: true });
  },
  generate: async () => {
    const state = get();
    if (state.submitting || findProblems(state).length > 0 || state.quote?.refusal !== undefined) return undefined;
    const input: GenerateInput = {
      prompt: state.prompt.trim(),
      ...(state.negativePrompt.trim() ? { negativePrompt: state.negativePrompt.trim() } : {}),
      style: state.style,
      ...(state.layout === undefined ? {} : { layout: state.layout }),
      size: sizeToString(state.size),
      count: state.count,
      model: state.model,
      ...(state.seedLocked && state.seed !== undefined ? { seed: state.seed } : {}),
      ...(state.loras.length > 0 ? { loras: state.loras.map(({ model, weight }) => ({ model, weight })) } : {}),
    };
    set({ submitting: true });
    const job = await useQueueStore.getState().submit(input);
    // Spend moved (or the cap refused): the button's estimate and verdict are news again.
    void get().refreshQuote();
    const history = job ? addPrompt(get().history, input.prompt) : get().history;
    if (job) savePromptHistory(storage(), history);
    set({ submitting: false, history, historyCursor: -1 });
    return job;
  },
  enhancePrompt: async () => {
    const prompt = get().prompt.trim();
    if (prompt === '') {
      set({ enhance: { status: 'error', suggestions: [], error: 'Type an idea first, then Motif can suggest richer versions.' } });
      return;
    }
    set({ enhance: { status: 'loading', suggestions: [], error: undefined } });
    try {
      const suggestions = await motif().prompts.enhance(prompt, 3);
      set({ enhance: { status: 'done', suggestions, error: undefined } });
    } catch (error) {
      set({ enhance: { status: 'error', suggestions: [], error: userMessageOf(error) } });
    }
  },
  pickSuggestion: (text) => set({ prompt: text, enhance: IDLE_ENHANCE, historyCursor: -1, focusRequest: get().focusRequest + 1 }),
  dismissSuggestions: () => set({ enhance: IDLE_ENHANCE }),
  reuse: (entry, models) => {
    // Entries record the provider's own model id; the studio offers `provider/model` ids and aliases.
    const qualified = `${entry.provider}/${entry.model}`;
    const model = models.find((m) => m.id === qualified || m.id === entry.model)?.id ?? get().model;
    set({
      prompt: entry.prompt,
      negativePrompt: entry.negativePrompt ?? '',
      // A style a newer version wrote cannot be reused here; the studio keeps its current one.
      style: isStyleId(entry.style) ? entry.style : get().style,
      // The layout the offline engine drew, so the same seed draws the same design; other providers' designs have none.
      layout: layoutDrawn(entry.providerMetadata),
      size: { width: entry.width, height: entry.height },
      model,
      seed: entry.seed,
      seedLocked: entry.seed !== undefined,
      loras: entry.loras ?? [],
      historyCursor: -1,
      focusRequest: get().focusRequest + 1,
    });
  },
  variations: (job) => {
    const size = parseSize(job.request.size) ?? get().size;
    const seed = job.seed ?? job.request.seed;
    set({
      prompt: job.request.prompt,
      negativePrompt: job.request.negativePrompt ?? '',
      style: job.request.style,
      layout: job.request.layout,
      size,
      count: job.request.count,
      model: job.request.model,
      seed,
      seedLocked: seed !== undefined,
      loras: job.request.loras ?? [],
      historyCursor: -1,
      focusRequest: get().focusRequest + 1,
    });
  },
  importFile: async (file) => {
    if (get().importing !== undefined) return;
    set({ importing: file.name });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const job = await useQueueStore.getState().submitTask({ task: 'upload', source: { bytes, name: file.name } });
      const entry = job === undefined ? undefined : await firstImageOf(job.id);
      if (entry !== undefined) set({ startFrom: entry });
    } catch {
      toastError(`Motif could not read ${file.name}.`);
    } finally {
      set({ importing: undefined });
    }
  },
  clearStartFrom: () => set({ startFrom: undefined }),
}));

function layoutDrawn(providerMetadata: HistoryEntry['providerMetadata']): LayoutId | undefined {
  const layout = offlineDesignReport(providerMetadata)?.layout;
  return isLayoutId(layout) ? layout : undefined;
}

export function randomSeed(): number {
  const values = new Uint32Array(1);
  crypto.getRandomValues(values);
  return (values[0] ?? 0) % 1_000_000_000;
}

/** Problems that stop a generation, in words; empty when it can go. */
export function findProblems(state: Pick<StudioState, 'prompt' | 'negativePrompt' | 'size'>): string[] {
  const problems: string[] = [];
  if (state.prompt.trim() === '') problems.push('Describe the design first.');
  if (state.prompt.length > REQUEST_LIMITS.promptMaxChars)
    problems.push(`The prompt is longer than ${REQUEST_LIMITS.promptMaxChars} characters.`);
  if (state.negativePrompt.length > REQUEST_LIMITS.negativePromptMaxChars) {
    problems.push(`The negative prompt is longer than ${REQUEST_LIMITS.negativePromptMaxChars} characters.`);
  }
  const sizeIssue = sizeProblem(state.size);
  if (sizeIssue) problems.push(sizeIssue);
  return problems;
}
