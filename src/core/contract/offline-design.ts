/**
 * The products the offline engine lays out. A request may name one
 * (`layout`); without it the prompt's words choose ("poster", "wrapping
 * paper"…), and the all-over party scene is the default.
 */
export const LAYOUT_IDS = ['scene', 'invitation', 'poster', 'bunting', 'sticker', 'pattern', 'table-card'] as const;
export type LayoutId = (typeof LAYOUT_IDS)[number];

export function isLayoutId(value: string | undefined): value is LayoutId {
  return value !== undefined && (LAYOUT_IDS as readonly string[]).includes(value);
}

/** How the studio's Layout menu and the CLI's help name each layout. */
export const LAYOUT_LABELS: Readonly<Record<LayoutId, string>> = {
  scene: 'Party scene',
  invitation: 'Invitation card',
  poster: 'Poster',
  bunting: 'Bunting (one letter per pennant)',
  sticker: 'Sticker / cake topper',
  pattern: 'Seamless pattern tile',
  'table-card': 'Table card',
};

/**
 * What the offline engine reports about a design (`providerMetadata.local`):
 * the subjects it drew, the product layout, the text it set and the words it
 * did not understand. Zod-free, so the renderer can show it too.
 */
export interface OfflineDesignReport {
  readonly subjects: readonly string[];
  readonly layout: string;
  readonly text: readonly string[];
  readonly ignoredWords: readonly string[];
}

const strings = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** The offline engine's report in an entry's (or a result's) provider metadata, if it has a well-formed one. */
export function offlineDesignReport(providerMetadata: Readonly<Record<string, unknown>> | undefined): OfflineDesignReport | undefined {
  const local = providerMetadata?.['local'];
  if (typeof local !== 'object' || local === null) return undefined;
  const { subjects, layout, text, ignoredWords } = local as Record<string, unknown>;
  if (!strings(subjects) || typeof layout !== 'string' || !strings(text) || !strings(ignoredWords)) return undefined;
  return { subjects, layout, text, ignoredWords };
}

/** One line for people: `Drew: t-rex, sauropod (scene) · Text: "Happy 5th Birthday Emma" · Did not know: 'jurassic'`. */
export function describeOfflineDesign(report: OfflineDesignReport): string {
  const drew = report.subjects.length > 0 ? report.subjects.join(', ') : 'no subjects';
  const parts = [`Drew: ${drew} (${report.layout.replace('-', ' ')})`];
  if (report.text.length > 0) parts.push(`Text: "${report.text.join(' ')}"`);
  if (report.ignoredWords.length > 0)
    parts.push(`Did not know: ${report.ignoredWords.map((w) => (w.startsWith('"') ? w : `'${w}'`)).join(', ')}`);
  return parts.join(' · ');
}
