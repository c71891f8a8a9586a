/**
 * The model catalogue's plain constants, zod-free so the renderer can show
 * them (filters, slider bounds) without pulling in the schemas.
 */

/** The categories Runware's `modelSearch` knows (runware-api.md §4.4). */
export const MODEL_CATEGORIES = ['checkpoint', 'lora', 'lycoris', 'controlnet', 'vae', 'embeddings'] as const;

/** Architectures a search may filter on (the official SDK's `EModelArchitecture`), with the names designers see. */
export const MODEL_ARCHITECTURE_LABELS = {
  flux1d: 'FLUX.1 dev',
  flux1s: 'FLUX.1 schnell',
  pony: 'Pony',
  sdhyper: 'SD Hyper',
  sd1x: 'SD 1.x',
  sd1xlcm: 'SD 1.x LCM',
  sd3: 'SD 3',
  sdxl: 'SDXL',
  sdxllcm: 'SDXL LCM',
  sdxldistilled: 'SDXL distilled',
  sdxlhyper: 'SDXL Hyper',
  sdxllightning: 'SDXL Lightning',
  sdxlturbo: 'SDXL Turbo',
} as const;
type ModelArchitecture = keyof typeof MODEL_ARCHITECTURE_LABELS;
export const MODEL_ARCHITECTURES = Object.keys(MODEL_ARCHITECTURE_LABELS) as [ModelArchitecture, ...ModelArchitecture[]];

/** Categories a designer can pin: checkpoints join the model menu, LoRAs the LoRA picker. */
export const PINNABLE_CATEGORIES = ['checkpoint', 'lora'] as const;
export type PinnableCategory = (typeof PINNABLE_CATEGORIES)[number];

export const CATALOGUE_LIMITS = {
  /** Most results on one page (Runware's own limit). */
  maxPageSize: 100,
  /** Most models a designer may pin. */
  maxPinned: 40,
  /** Most LoRAs on one generation. */
  maxLoras: 5,
  /** LoRA weight bounds (the slider's) and the weight a newly attached LoRA gets. */
  loraWeightMin: -4,
  loraWeightMax: 4,
  loraWeightDefault: 1,
} as const;
