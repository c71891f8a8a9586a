/**
 * The engine's plain constants the renderer shows: request limits and the
 * style presets, and how a library search matches. All are zod-free, so the renderer bundle stays small.
 */
export { REQUEST_LIMITS, TASK_LIMITS, IMAGE_TASK_KINDS, type ImageTaskKind } from '../core/contract/request-limits.ts';
export { describeTask, extensionForAspect } from '../core/contract/task-words.ts';
export { STYLES, STYLE_IDS, isStyleId, styleLabel, type StyleId } from '../core/contract/styles.ts';
export {
  describeOfflineDesign,
  isLayoutId,
  LAYOUT_IDS,
  LAYOUT_LABELS,
  offlineDesignReport,
  type LayoutId,
} from '../core/contract/offline-design.ts';
export { matchesAllTerms, normaliseSearchText, searchTerms } from '../core/contract/library-search.ts';
export { PAPER_PRESETS, PAPER_PRESET_IDS, PENNANT_SHAPES } from '../core/contract/paper-sizes.ts';
export { CATALOGUE_LIMITS, MODEL_ARCHITECTURE_LABELS, MODEL_CATEGORIES } from '../core/contract/model-catalogue-limits.ts';
