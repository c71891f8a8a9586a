import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import opentype from 'opentype.js';
import { MotifError } from '../errors/motif-error.ts';

const require = createRequire(import.meta.url);

/**
 * Fredoka SemiBold (SIL Open Font License, via @fontsource/fredoka): a round
 * display face that reads well on party bunting. Latin first, Latin Extended
 * for accented letters. WOFF, which opentype.js reads directly.
 */
const LETTER_FONT_FILES = ['@fontsource/fredoka/files/fredoka-latin-600-normal.woff', '@fontsource/fredoka/files/fredoka-latin-ext-600-normal.woff'];

let fonts: Promise<opentype.Font[]> | undefined;

function loadFonts(): Promise<opentype.Font[]> {
  fonts ??= Promise.all(
    LETTER_FONT_FILES.map(async (file) => {
      const bytes = await readFile(require.resolve(file));
      return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }),
  );
  return fonts;
}

/** A letter as a vector outline, in ems with the origin at the left of the baseline and y down. */
export interface LetterOutline {
  readonly char: string;
  /** SVG path data at 1000 units per em. */
  readonly pathData: string;
  /** Ink bounds at 1000 units per em. */
  readonly bounds: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
}

/** The outline of one character set in the bundled font; a character it lacks is a named error. */
export async function letterOutline(char: string): Promise<LetterOutline> {
  for (const font of await loadFonts()) {
    const index = font.charToGlyphIndex(char);
    if (index === 0) continue;
    const path = font.glyphs.get(index).getPath(0, 0, 1000);
    const box = path.getBoundingBox();
    return { char, pathData: path.toPathData(1), bounds: { x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2 } };
  }
  throw new MotifError('invalid_request', { param: 'phrase', message: `The bundled lettering font has no "${char}"; use letters, digits and common punctuation.` });
}
