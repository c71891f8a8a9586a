/** The generated index (`scripts/build-subject-index.ts`): words to icons, icons to byte ranges. */
export interface SubjectIndex {
  readonly artSet: string;
  readonly artSetVersion: string;
  readonly iconsJsonBytes: number;
  /** Word stem → icon names, best first. */
  readonly words: Readonly<Record<string, readonly string[]>>;
  /** Icon name → [byte offset, byte length] of its JSON value in `icons.json`. */
  readonly offsets: Readonly<Record<string, readonly [number, number]>>;
}

let index: Promise<SubjectIndex> | undefined;

/** The subject index, read on first use so engine start does not pay for it. */
export function subjectIndex(): Promise<SubjectIndex> {
  // A dynamic import: the bundler keeps it a separate chunk, read only when first drawn.
  index ??= import('./subject-index.json', { with: { type: 'json' } }).then((module) => module.default as unknown as SubjectIndex);
  return index;
}

/** A word reduced to the form prompts and tags share: lower case, a plural's singular. Shared with the index builder. */
export function wordStem(word: string): string {
  const w = word.toLowerCase();
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(ches|shes|sses|xes)$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}
