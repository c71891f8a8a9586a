import { MotifError } from '../errors/motif-error.ts';
import { loadFontFace } from '../providers/local/index.ts';

/** A letter as a vector outline, origin at the left of the baseline, y down, 1000 units per em. */
export interface LetterOutline {
  readonly char: string;
  /** SVG path data at 1000 units per em. */
  readonly pathData: string;
  /** Ink bounds at 1000 units per em. */
  readonly bounds: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
}

/**
 * The outline of one character in the offline engine's display face (Fredoka
 * SemiBold, OFL), the same type the engine sets its designs in. A character
 * no bundled font has is a named error.
 */
export async function letterOutline(char: string): Promise<LetterOutline> {
  const face = await loadFontFace('display');
  for (const font of face.fonts) {
    const index = font.charToGlyphIndex(char);
    if (index === 0) continue;
    const path = font.glyphs.get(index).getPath(0, 0, 1000);
    const box = path.getBoundingBox();
    return { char, pathData: path.toPathData(1), bounds: { x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2 } };
  }
  throw new MotifError('invalid_request', {
    param: 'phrase',
    message: `The bundled lettering font has no "${char}"; use letters, digits and common punctuation.`,
  });
}
