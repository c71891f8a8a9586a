import type { HistoryEntry } from '../contract/history-entry.ts';
import { isStyleId } from '../contract/styles.ts';
import { loadPrintArt, type PrintArt, type PrintArtSource } from '../print/index.ts';
import { composeDecorationSvg, renderDecoration } from '../providers/local/index.ts';

/** What the print studio needs from the library. */
export interface PrintLibrary {
  getEntry(id: string): Promise<HistoryEntry>;
  readImage(id: string): Promise<{ readonly bytes: Uint8Array }>;
}

/**
 * The vector original of an offline-engine design: the engine is pure, so
 * the same prompt, style, seed and size compose the same SVG it rendered.
 */
function vectorOriginal(entry: HistoryEntry): string | undefined {
  if (entry.provider !== 'local' || entry.seed === undefined || !isStyleId(entry.style)) return undefined;
  return composeDecorationSvg({ prompt: entry.prompt, style: entry.style, seed: entry.seed, width: entry.width, height: entry.height });
}

/** Designs for the print studio from the library; bunting without a design gets an offline-engine background. */
export function libraryPrintSource(library: PrintLibrary): PrintArtSource {
  return {
    async loadArt(id) {
      const entry = await library.getEntry(id);
      const { bytes } = await library.readImage(id);
      return loadPrintArt(bytes, id, vectorOriginal(entry));
    },
    async defaultBuntingArt(): Promise<PrintArt> {
      const options = { prompt: 'confetti dots bunting', style: 'party', seed: 30, width: 1024, height: 1024 } as const;
      return loadPrintArt(await renderDecoration({ ...options, format: 'png' }), 'offline engine confetti', composeDecorationSvg(options));
    },
  };
}
