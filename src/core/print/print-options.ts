import { z } from 'zod';
import { PAPER_PRESET_IDS } from './paper-sizes.ts';

/** A finished (trim) size: a preset, or a custom width × height in mm or inches. */
export const printSizeSchema = z.union([
  z.strictObject({ preset: z.enum(PAPER_PRESET_IDS) }),
  z.strictObject({
    width: z.number().positive().max(5000),
    height: z.number().positive().max(5000),
    unit: z.enum(['mm', 'in']),
  }),
]);
export type PrintSize = z.infer<typeof printSizeSchema>;

export const ORIENTATIONS = ['portrait', 'landscape'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

/** Where the art's pixels come from when the source is too small for the size. */
export const ENHANCE_MODES = ['none', 'vector', 'resample'] as const;
export type EnhanceMode = (typeof ENHANCE_MODES)[number];

export const PRINT_FORMATS = ['pdf', 'png', 'tiff'] as const;
export type PrintFormat = (typeof PRINT_FORMATS)[number];

/** Several finished pieces on one printer sheet (cards, toppers, tags). */
export const nUpSchema = z.strictObject({
  /** The printer's sheet. */
  sheet: printSizeSchema,
  sheetOrientation: z.enum(ORIENTATIONS).default('portrait'),
  /** Unprinted border the printer needs at each sheet edge. */
  marginMm: z.number().min(0).max(50).default(5),
  /** Space between neighbouring pieces' bleed edges (widened to fit crop marks when they are on). */
  gapMm: z.number().min(0).max(50).default(4),
});

/** Everything about how one design is laid out for print. Every field has a default. */
export const printLayoutSchema = z.strictObject({
  /** The finished size of one piece. */
  size: printSizeSchema.default({ preset: 'a4' }),
  orientation: z.enum(ORIENTATIONS).default('portrait'),
  /** `fill` covers the bleed (cropping the art); `fit` shows all of the art inside the safe area. */
  fit: z.enum(['fill', 'fit']).default('fill'),
  /** For `fill`: which part of the art stays when it is cropped, 0 = left/top edge, 1 = right/bottom. */
  crop: z.strictObject({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) }).default({ x: 0.5, y: 0.5 }),
  /** Bleed per side; 3 mm for metric sizes and 1/8 in for US sizes when not given. */
  bleedMm: z.number().min(0).max(25).optional(),
  /** Crop (trim) marks outside the bleed. */
  marks: z.boolean().default(false),
  /** How far inside the trim text and faces should stay; the preview draws it. */
  safeMm: z.number().min(0).max(50).default(4),
  nUp: nUpSchema.optional(),
  /** Resolution the art is prepared at (and PNG/TIFF are written at). */
  ppi: z.number().int().min(72).max(1200).default(300),
  /** Below this effective resolution preflight says the print will look soft. */
  minPpi: z.number().int().min(30).max(1200).default(300),
  /** How to get more pixels when the art is too small: re-render the vector original, or resample locally. */
  enhance: z.enum(ENHANCE_MODES).default('none'),
});
export type PrintLayoutInput = z.input<typeof printLayoutSchema>;
export type PrintLayoutOptions = z.output<typeof printLayoutSchema>;
