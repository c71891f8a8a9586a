/**
 * Paper sizes and pennant shapes as plain constants (no zod), so the
 * renderer can show them without a schema library in its bundle.
 */

/** A paper size as people name it: portrait width × height in its own unit. */
export interface PaperSize {
  readonly label: string;
  readonly width: number;
  readonly height: number;
  readonly unit: 'mm' | 'in';
}

/** The finished sizes decorations come in. Keys are what the CLI, API and UI accept. */
export const PAPER_PRESETS = {
  a3: { label: 'A3 (297 × 420 mm)', width: 297, height: 420, unit: 'mm' },
  a4: { label: 'A4 (210 × 297 mm)', width: 210, height: 297, unit: 'mm' },
  a5: { label: 'A5 (148 × 210 mm)', width: 148, height: 210, unit: 'mm' },
  a6: { label: 'A6 card (105 × 148 mm)', width: 105, height: 148, unit: 'mm' },
  letter: { label: 'US Letter (8.5 × 11 in)', width: 8.5, height: 11, unit: 'in' },
  tabloid: { label: 'Tabloid (11 × 17 in)', width: 11, height: 17, unit: 'in' },
  '4x6': { label: '4 × 6 in', width: 4, height: 6, unit: 'in' },
  '5x7': { label: '5 × 7 in', width: 5, height: 7, unit: 'in' },
  '8x10': { label: '8 × 10 in', width: 8, height: 10, unit: 'in' },
  '6x6': { label: 'Square 6 × 6 in', width: 6, height: 6, unit: 'in' },
  '8x8': { label: 'Square 8 × 8 in', width: 8, height: 8, unit: 'in' },
} as const satisfies Record<string, PaperSize>;

export type PaperPresetId = keyof typeof PAPER_PRESETS;
export const PAPER_PRESET_IDS = Object.keys(PAPER_PRESETS) as [PaperPresetId, ...PaperPresetId[]];

export const PENNANT_SHAPES = ['triangle', 'swallowtail', 'rectangle', 'scalloped'] as const;
export type PennantShape = (typeof PENNANT_SHAPES)[number];
