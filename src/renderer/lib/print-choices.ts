import type { PrintRequest } from '../../shared/motif-bridge.ts';

/** The print products the Print view offers. */
export type PrintProduct = PrintRequest['product'];

/** What the Print view remembers between visits: the last options of each product. */
export interface PrintChoices {
  readonly product: PrintProduct;
  readonly size: string;
  readonly customWidth: number;
  readonly customHeight: number;
  readonly customUnit: 'mm' | 'in';
  readonly orientation: 'portrait' | 'landscape';
  readonly fit: 'fill' | 'fit';
  readonly cropX: number;
  readonly cropY: number;
  /** Bleed in mm; undefined = the size's default (3 mm, or 1/8 in for US sizes). */
  readonly bleedMm: number | undefined;
  readonly marks: boolean;
  readonly nUpSheet: string;
  readonly format: 'pdf' | 'png' | 'tiff';
  readonly enhance: 'none' | 'vector' | 'resample';
  readonly minPpi: number;
  readonly stickerSizeMm: number;
  readonly stickerOffsetMm: number;
  readonly registrationMarks: boolean;
  readonly phrase: string;
  readonly shape: 'triangle' | 'swallowtail' | 'rectangle' | 'scalloped';
  readonly banner: boolean;
  readonly tileMm: number;
  readonly sheet: string;
}

const DEFAULT_PRINT_CHOICES: PrintChoices = {
  product: 'print',
  size: 'a4',
  customWidth: 100,
  customHeight: 150,
  customUnit: 'mm',
  orientation: 'portrait',
  fit: 'fill',
  cropX: 0.5,
  cropY: 0.5,
  bleedMm: undefined,
  marks: true,
  nUpSheet: '',
  format: 'pdf',
  enhance: 'none',
  minPpi: 300,
  stickerSizeMm: 50,
  stickerOffsetMm: 2,
  registrationMarks: false,
  phrase: 'HAPPY BIRTHDAY',
  shape: 'triangle',
  banner: false,
  tileMm: 100,
  sheet: 'a4',
};

const KEY = 'motif.print.choices.v1';

/** The remembered choices, over the defaults; anything unreadable falls back to the defaults. */
export function loadPrintChoices(storage: Storage | undefined): PrintChoices {
  try {
    const saved = JSON.parse(storage?.getItem(KEY) ?? '{}') as Partial<PrintChoices>;
    const merged: Record<string, unknown> = { ...DEFAULT_PRINT_CHOICES };
    for (const [key, value] of Object.entries(saved)) {
      if (
        key in DEFAULT_PRINT_CHOICES &&
        (typeof value === typeof (DEFAULT_PRINT_CHOICES as unknown as Record<string, unknown>)[key] ||
          (key === 'bleedMm' && (value === undefined || typeof value === 'number')))
      )
        merged[key] = value;
    }
    return merged as unknown as PrintChoices;
  } catch {
    return DEFAULT_PRINT_CHOICES;
  }
}

export function savePrintChoices(storage: Storage | undefined, choices: PrintChoices): void {
  try {
    storage?.setItem(KEY, JSON.stringify(choices));
  } catch {
    // A full or blocked storage only loses the memory of choices.
  }
}

const sizeOf = (name: string, choices: PrintChoices) =>
  name === 'custom' ? { width: choices.customWidth, height: choices.customHeight, unit: choices.customUnit } : { preset: name as never };

/** The print request for the chosen designs and options. */
export function printRequestFor(ids: readonly string[], choices: PrintChoices): PrintRequest {
  switch (choices.product) {
    case 'print':
      return {
        product: 'print',
        ids: [...ids],
        format: choices.format,
        layout: {
          size: sizeOf(choices.size, choices),
          orientation: choices.orientation,
          fit: choices.fit,
          crop: { x: choices.cropX, y: choices.cropY },
          ...(choices.bleedMm === undefined ? {} : { bleedMm: choices.bleedMm }),
          marks: choices.marks,
          minPpi: choices.minPpi,
          enhance: choices.enhance,
          ...(choices.nUpSheet ? { nUp: { sheet: sizeOf(choices.nUpSheet, choices) } } : {}),
        },
      };
    case 'stickers':
      return {
        product: 'stickers',
        ids: [...ids],
        stickers: {
          sizeMm: choices.stickerSizeMm,
          offsetMm: choices.stickerOffsetMm,
          registrationMarks: choices.registrationMarks,
          sheet: sizeOf(choices.sheet, choices),
        },
      };
    case 'bunting':
      return {
        product: 'bunting',
        phrase: choices.phrase.trim() || 'HELLO',
        ...(ids[0] ? { designId: ids[0] } : {}),
        bunting: { shape: choices.shape, style: choices.banner ? 'banner' : 'pennants', sheet: sizeOf(choices.sheet, choices) },
      };
    case 'pattern':
      return { product: 'pattern', ids: [ids[0] ?? ''], pattern: { tileMm: choices.tileMm, sheet: sizeOf(choices.sheet, choices) } };
  }
}
