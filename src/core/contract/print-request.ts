import { z } from 'zod';
import { PAPER_PRESET_IDS, PENNANT_SHAPES } from './paper-sizes.ts';

export { PAPER_PRESETS, PAPER_PRESET_IDS, PENNANT_SHAPES, type PaperPresetId, type PennantShape } from './paper-sizes.ts';

/**
 * What the print studio takes and answers, shared by IPC, the local API and
 * the CLI. Lengths are millimetres unless a name says otherwise.
 */

/** A finished (trim) size: a preset, or a custom width × height in mm or inches. */
const printSizeSchema = z.union([
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
const nUpSchema = z.strictObject({
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

/** Library entry ids as they travel. */
const printIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^(?!\.+$)[\w.:-]+$/, 'id has unexpected characters');

/** A sheet of die-cut stickers or toppers. */
export const stickerOptionsSchema = z.strictObject({
  /** Longest side of one sticker's artwork. */
  sizeMm: z.number().min(10).max(300).default(50),
  /** Distance from the art's outline to the cut line: the white border. */
  offsetMm: z.number().min(0.5).max(15).default(2),
  sheet: printSizeSchema.default({ preset: 'a4' }),
  sheetOrientation: z.enum(ORIENTATIONS).default('portrait'),
  /** Border kept clear at each sheet edge (where registration marks go). */
  marginMm: z.number().min(0).max(50).default(12),
  /** Space between neighbouring cut lines. */
  gapMm: z.number().min(1).max(50).default(4),
  /** Print-then-cut registration marks at the sheet's corners. */
  registrationMarks: z.boolean().default(false),
  /** With one design: fill the sheet with copies. */
  fillSheet: z.boolean().default(true),
});
export type StickerOptions = z.output<typeof stickerOptionsSchema>;

/** Lettered bunting (one pennant per character) or a long banner split across pages. */
export const buntingOptionsSchema = z.strictObject({
  style: z.enum(['pennants', 'banner']).default('pennants'),
  shape: z.enum(PENNANT_SHAPES).default('triangle'),
  /** Width of one pennant (or one letter cell of a banner). */
  pennantWidthMm: z.number().min(40).max(400).default(130),
  /** Height of one pennant below the fold, or of the banner. */
  pennantHeightMm: z.number().min(40).max(400).default(160),
  /** The flap folded over the string. */
  foldMm: z.number().min(0).max(60).default(15),
  sheet: printSizeSchema.default({ preset: 'a4' }),
  /** Banner pages overlap by this much so they can be glued. */
  overlapMm: z.number().min(0).max(50).default(10),
  /** Letter colour as #rrggbb. */
  letterColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#ffffff'),
  /** Trim marks at each pennant's corners. */
  marks: z.boolean().default(true),
});
export type BuntingOptions = z.output<typeof buntingOptionsSchema>;

/** Wrapping paper: a seamless tile repeated over a sheet. */
export const patternOptionsSchema = z.strictObject({
  /** Size of one repeat of the tile on paper. */
  tileMm: z.number().min(10).max(1000).default(100),
  sheet: printSizeSchema.default({ preset: 'a3' }),
  orientation: z.enum(ORIENTATIONS).default('portrait'),
  /** Share of the tile blended on each side of the repaired seam. */
  blend: z.number().min(0.05).max(0.5).default(0.25),
});
export type PatternOptions = z.output<typeof patternOptionsSchema>;

/** One print export: which product, from which designs, with which options. */
export const printRequestSchema = z.discriminatedUnion('product', [
  z.strictObject({
    product: z.literal('print'),
    ids: z.array(printIdSchema).min(1).max(500),
    layout: printLayoutSchema.prefault({}),
    format: z.enum(PRINT_FORMATS).default('pdf'),
  }),
  z.strictObject({
    product: z.literal('stickers'),
    ids: z.array(printIdSchema).min(1).max(200),
    stickers: stickerOptionsSchema.prefault({}),
  }),
  z.strictObject({
    product: z.literal('bunting'),
    phrase: z.string().trim().min(1).max(120),
    designId: printIdSchema.optional(),
    bunting: buntingOptionsSchema.prefault({}),
  }),
  z.strictObject({
    product: z.literal('pattern'),
    ids: z.array(printIdSchema).length(1),
    pattern: patternOptionsSchema.prefault({}),
    format: z.enum(['pdf', 'png']).default('pdf'),
  }),
]);
export type PrintRequest = z.input<typeof printRequestSchema>;
export type ParsedPrintRequest = z.output<typeof printRequestSchema>;

const rectMmSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type RectMm = z.infer<typeof rectMmSchema>;

/** What preflight found for one design at the chosen size. */
const artPreflightSchema = z.object({
  label: z.string(),
  widthPx: z.number(),
  heightPx: z.number(),
  /** Source pixels per inch on paper at this size. */
  effectivePpi: z.number(),
  /** True when the effective resolution is below the configured minimum. */
  soft: z.boolean(),
  /** E.g. "1024 px over 7.3 in = 141 ppi: will look soft". */
  message: z.string(),
  /** Ways to a sharper print, offered when `soft`. */
  fixes: z.array(
    z.object({
      /**
       * `upscale` runs the upscale tool (a new library entry, made from this one) and prints that;
       * `seamless` (patterns) repairs the tile's seam with the provider's inpainting, likewise.
       */
      mode: z.enum(['vector', 'resample', 'upscale', 'seamless']),
      label: z.string(),
      /** For `upscale`: the factor that reaches the minimum resolution (or the largest there is). */
      factor: z.union([z.literal(2), z.literal(3), z.literal(4)]).optional(),
      /** For `upscale` and `seamless`: the provider that would run it, and its price, shown before anything runs. */
      provider: z.string().optional(),
      costUsd: z.number().optional(),
    }),
  ),
  /**
   * How the export will put the art on paper with the chosen `enhance`:
   * `paths` draws the vector original as PDF paths (sharp at any size); the
   * others are pixels (the original's, a re-render of the vector original, a
   * resample, or a downsample).
   */
  method: z.enum(['original', 'paths', 'vector', 'resample', 'downsample']),
  /** Resolution on paper after that (for `paths`, what a raster export would be prepared at). */
  outputPpi: z.number(),
  /** Why a vector original is rasterised rather than drawn as paths in the PDF (what it uses that PDF paths cannot show). */
  vectorNote: z.string().optional(),
});
export type ArtPreflight = z.infer<typeof artPreflightSchema>;

/** The preflight of a whole export: page geometry for the preview and one verdict per design. */
export const preflightReportSchema = z.object({
  product: z.enum(['print', 'stickers', 'bunting', 'pattern']),
  pageWidthMm: z.number(),
  pageHeightMm: z.number(),
  bleedMm: z.number(),
  /** Boxes in mm from the page's top left. */
  boxes: z.object({ bleed: rectMmSchema, trim: rectMmSchema }),
  pieces: z.array(z.object({ trim: rectMmSchema, bleed: rectMmSchema, safe: rectMmSchema, art: rectMmSchema })),
  piecesPerPage: z.number(),
  pages: z.number(),
  minPpi: z.number(),
  arts: z.array(artPreflightSchema),
  /** Facts a print shop would ask about, e.g. the colour space. */
  notes: z.array(z.string()),
  /** A pattern's tile as the sheet will repeat it (seam blended, repaired or drawn seamless): a small PNG data URL. */
  tile: z.string().startsWith('data:image/png;base64,').optional(),
});
export type PreflightReport = z.infer<typeof preflightReportSchema>;

/** What an export wrote. */
export const printResultSchema = z.object({
  /** The print file. */
  path: z.string(),
  /** Other files written beside it (a sticker sheet's cut SVG, a pattern's 3×3 preview). */
  extraPaths: z.array(z.string()),
  pages: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});
export type PrintResult = z.infer<typeof printResultSchema>;
