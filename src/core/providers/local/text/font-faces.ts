import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type opentype from 'opentype.js';

const require = createRequire(import.meta.url);

/** Which bundled typeface sets a text: a round display face, or a script for weddings. */
export type FaceRole = 'display' | 'script';

/**
 * One typeface as Fontsource ships it: a Latin font and a Latin Extended font
 * (same design, split by Unicode range). A glyph comes from the first that has it.
 */
export interface FontFace {
  readonly role: FaceRole;
  readonly fonts: readonly opentype.Font[];
}

/** The bundled OFL fonts (WOFF: opentype.js reads it; WOFF2 would need a Brotli step). */
const FACE_FILES: Readonly<Record<FaceRole, readonly string[]>> = {
  display: ['@fontsource/fredoka/files/fredoka-latin-600-normal.woff', '@fontsource/fredoka/files/fredoka-latin-ext-600-normal.woff'],
  script: [
    '@fontsource/dancing-script/files/dancing-script-latin-700-normal.woff',
    '@fontsource/dancing-script/files/dancing-script-latin-ext-700-normal.woff',
  ],
};

const faces = new Map<FaceRole, Promise<FontFace>>();

/** The face for `role`, parsed on first use and kept for the process. */
export function loadFontFace(role: FaceRole): Promise<FontFace> {
  let face = faces.get(role);
  if (face === undefined) {
    face = Promise.all(
      FACE_FILES[role].map(async (file) => {
        // Imported here, not at the top: engine start does not pay for the font parser.
        const { default: parser } = await import('opentype.js');
        const bytes = await readFile(require.resolve(file));
        return parser.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      }),
    ).then((fonts) => ({ role, fonts }));
    faces.set(role, face);
  }
  return face;
}
