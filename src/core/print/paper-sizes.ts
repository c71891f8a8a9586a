import { PAPER_PRESETS, type PaperPresetId, type PrintSize } from '../contract/print-request.ts';
import { inToPt, mmToPt } from './units.ts';

/**
 * Whether a size is measured in millimetres (ISO habit: 3 mm bleed) or inches
 * (US habit: 1/8 in bleed).
 */
export type MeasureSystem = 'metric' | 'imperial';

/** Portrait width and height of a size in points, and how it is measured. */
export function sizeInPoints(size: PrintSize): { widthPt: number; heightPt: number; system: MeasureSystem } {
  const named = 'preset' in size ? PAPER_PRESETS[size.preset as PaperPresetId] : size;
  const toPt = named.unit === 'mm' ? mmToPt : inToPt;
  return { widthPt: toPt(named.width), heightPt: toPt(named.height), system: named.unit === 'mm' ? 'metric' : 'imperial' };
}

/** Default bleed per side: 3 mm for metric sizes, 1/8 in for US sizes. */
export const defaultBleedPt = (system: MeasureSystem): number => (system === 'metric' ? mmToPt(3) : inToPt(1 / 8));
