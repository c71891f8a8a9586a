import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { HistoryEntry } from '../contract/history-entry.ts';
import { isStyleId, type StyleId } from '../contract/styles.ts';
import { isLayoutId, offlineDesignReport } from '../contract/offline-design.ts';
import { loadPrintArt, type PrintArt, type PrintArtSource } from '../print/index.ts';
import { renderDesign } from '../providers/local/index.ts';

/** What the print studio needs from the library. */
export interface PrintLibrary {
  getEntry(id: string): Promise<HistoryEntry>;
  readImage(id: string): Promise<{ readonly bytes: Uint8Array }>;
  /** The SVG twin the library keeps beside an offline design (`entry.vector`). */
  readVector(id: string): Promise<string>;
}

/**
 * The vector original of an offline-engine design. The engine is pure, so the
 * same prompt, style, seed, size and format compose the same design; the
 * re-render's bytes must hash to the stored image, so a design made by an
 * older engine (which would now draw differently) is never passed off as its
 * own original.
 */
async function vectorOriginal(entry: HistoryEntry, library: PrintLibrary): Promise<string | undefined> {
  // The SVG twin saved with the design is the original itself.
  if (entry.vector !== undefined) {
    const saved = await library.readVector(entry.id).catch(() => undefined);
    if (saved !== undefined) return saved;
  }
  if (entry.provider !== 'local' || entry.seed === undefined || !isStyleId(entry.style)) return undefined;
  // The layout the design was drawn in: a request may have named one the prompt does not.
  const drawn = offlineDesignReport(entry.providerMetadata)?.layout;
  const layout = isLayoutId(drawn) ? drawn : undefined;
  try {
    const design = await renderDesign({
      prompt: entry.prompt,
      style: entry.style,
      seed: entry.seed,
      width: entry.width,
      height: entry.height,
      format: entry.format,
      layout,
    });
    return createHash('sha256').update(design.bytes).digest('hex') === entry.imageHash ? design.svg : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Designs for the print studio from the library; bunting without a design
 * gets an offline-engine background. Vector originals are found once per
 * entry and remembered (a preview asks again on every change of option).
 */
export function libraryPrintSource(library: PrintLibrary): PrintArtSource {
  const vectors = new LRUCache<string, { svg: string | undefined }>({ max: 64 });
  const patternTiles = new LRUCache<string, { bytes: Uint8Array; svg: string }, HistoryEntry>({
    max: 8,
    fetchMethod: async (_key, _stale, { context: entry }) =>
      renderDesign({
        prompt: entry.prompt,
        style: entry.style as StyleId,
        seed: entry.seed!,
        width: entry.width,
        height: entry.height,
        format: 'png',
        layout: 'pattern',
      }),
  });
  const loadArt = async (id: string): Promise<PrintArt> => {
    const entry = await library.getEntry(id);
    const { bytes } = await library.readImage(id);
    let vector = vectors.get(entry.imageHash);
    if (vector === undefined) {
      vector = { svg: await vectorOriginal(entry, library) };
      vectors.set(entry.imageHash, vector);
    }
    return loadPrintArt(bytes, id, vector.svg);
  };
  return {
    loadArt,
    async patternTile(id) {
      const entry = await library.getEntry(id);
      // A provider's image whose seam was repaired (the `seamless` tool) repeats as it is.
      if (entry.task === 'seamless') return { ...(await loadArt(id)), seamless: true };
      if (entry.provider !== 'local' || entry.seed === undefined || !isStyleId(entry.style)) return undefined;
      // A design the engine already drew as a pattern is its own tile.
      if (offlineDesignReport(entry.providerMetadata)?.layout === 'pattern') return { ...(await loadArt(id)), seamless: true };
      // Any other offline design: the engine draws the same prompt, style and seed in its pattern layout, seamless by construction.
      const tile = await patternTiles.fetch(`${entry.imageHash}`, { context: entry });
      return tile === undefined ? undefined : loadPrintArt(tile.bytes, `${id} (offline pattern tile)`, tile.svg, true);
    },
    async defaultBuntingArt(): Promise<PrintArt> {
      const design = await renderDesign({
        prompt: 'confetti and dots pattern',
        style: 'party',
        seed: 30,
        width: 1024,
        height: 1024,
        format: 'png',
      });
      return loadPrintArt(design.bytes, 'offline engine confetti', design.svg);
    },
  };
}
