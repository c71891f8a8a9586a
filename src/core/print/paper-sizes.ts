import { inToPt, mmToPt } from './units.ts';

/**
 * Whether a size is measured in millimetres (ISO habit: 3 mm bleed) or inches
 * (US habit: 1/8 in bleed).
 */
export type MeasureSystem = 'metric' | 'imperial';

export interface PaperPreset {
  readonly label: string;
  /** Portrait width and height in points. */
  readonly widthPt: number;
  readonly heightPt: number;
  readonly system: MeasureSystem;
}

const iso = (label: string, widthMm: number, heightMm: number): PaperPreset => ({ label, widthPt: mmToPt(widthMm), heightPt: mmToPt(heightMm), system: 'metric' });
const us = (label: string, widthIn: number, heightIn: number): PaperPreset => ({ label, widthPt: inToPt(widthIn), heightPt: inToPt(heightIn), system: 'imperial' });

/** The finished sizes decorations come in. Keys are what the CLI, API and UI accept. */
export const PAPER_PRESETS = {
  a3: iso('A3 (297 × 420 mm)', 297, 420),
  a4: iso('A4 (210 × 297 mm)', 210, 297),
  a5: iso('A5 (148 × 210 mm)', 148, 210),
  a6: iso('A6 card (105 × 148 mm)', 105, 148),
  letter: us('US Letter (8.5 × 11 in)', 8.5, 11),
  tabloid: us('Tabloid (11 × 17 in)', 11, 17),
  '4x6': us('4 × 6 in', 4, 6),
  '5x7': us('5 × 7 in', 5, 7),
  '8x10': us('8 × 10 in', 8, 10),
  '6x6': us('Square 6 × 6 in', 6, 6),
  '8x8': us('Square 8 × 8 in', 8, 8),
} as const satisfies Record<string, PaperPreset>;

export type PaperPresetId = keyof typeof PAPER_PRESETS;
export const PAPER_PRESET_IDS = Object.keys(PAPER_PRESETS) as [PaperPresetId, ...PaperPresetId[]];

/** Default bleed per side: 3 mm for metric sizes, 1/8 in for US sizes. */
export const defaultBleedPt = (system: MeasureSystem): number => (system === 'metric' ? mmToPt(3) : inToPt(1 / 8));
