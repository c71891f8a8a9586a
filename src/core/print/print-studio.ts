import { zodErrorToMotifError } from '../errors/zod-error.ts';
import { printRequestSchema, type ParsedPrintRequest, type PreflightReport, type PrintRequest } from '../contract/print-request.ts';
import type { PrintArt } from './print-art.ts';
import { buildPrintPdf, buildPrintRaster, parseLayout, type PrintRunOptions } from './print-document.ts';
import { preflight } from './preflight.ts';
import { buildStickerSheet, preflightStickers } from './sticker-sheet.ts';
import { buildBunting, preflightBunting } from './bunting-document.ts';
import { buildPatternSheet, patternTilePreview, preflightPattern } from './pattern-sheet.ts';

/** Where the studio gets designs from: the library, or files for the CLI. */
export interface PrintArtSource {
  /** The design with this id, decoded enough to know its size; its vector original when it has one. */
  loadArt(id: string): Promise<PrintArt>;
  /** Artwork for bunting when no design is chosen: the offline engine's, say. */
  defaultBuntingArt(): Promise<PrintArt>;
  /**
   * The design drawn as a seamless tile by its own maker (the offline
   * engine's pattern layout), or undefined when its maker cannot draw one:
   * the pattern then offsets the image by half and blends the seam away.
   */
  patternTile?(id: string): Promise<PrintArt | undefined>;
}

/** One file an export produces. */
export interface PrintFile {
  /** `print` is the file the user asked for; the others go beside it. */
  readonly role: 'print' | 'cut' | 'preview' | 'sticker';
  /** File extension without the dot. */
  readonly extension: string;
  readonly bytes: Uint8Array;
}

export interface PrintOutput {
  readonly files: readonly PrintFile[];
  readonly pages: number;
}

/** Parses a print request, turning a zod failure into a named error. */
function parsePrintRequest(request: unknown): ParsedPrintRequest {
  const parsed = printRequestSchema.safeParse(request);
  if (parsed.success) return parsed.data;
  throw zodErrorToMotifError(parsed.error, { root: 'request', subject: 'Print request' });
}

/**
 * The print studio: turns designs into print files (PDF with proper boxes,
 * PNG/TIFF at real resolution, sticker sheets with cut lines, lettered
 * bunting, pattern sheets). Pure core: it reads designs through `source` and
 * returns bytes; writing files is the caller's job.
 */
export class PrintStudio {
  readonly #source: PrintArtSource;

  constructor(source: PrintArtSource) {
    this.#source = source;
  }

  /**
   * What an export would produce, with each design's resolution verdict.
   * Decodes no pixels, except, with `tilePreview`, a pattern's small tile as
   * the sheet will repeat it (for a view that shows the repeat).
   */
  async preflight(input: PrintRequest, options: { readonly tilePreview?: boolean } = {}): Promise<PreflightReport> {
    const request = parsePrintRequest(input);
    switch (request.product) {
      case 'print':
        return preflight(await this.#arts(request.ids), parseLayout(request.layout), request.format);
      case 'stickers':
        return preflightStickers(await this.#arts(request.ids), request.stickers);
      case 'bunting':
        return preflightBunting(request.phrase, await this.#buntingArt(request.designId), request.bunting);
      case 'pattern': {
        const art = await this.#patternArt(request.ids[0]!);
        const report = preflightPattern(art, request.pattern, request.format);
        return options.tilePreview === true ? { ...report, tile: await patternTilePreview(art, request.pattern.blend) } : report;
      }
    }
  }

  /** Builds the export's files. */
  async render(input: PrintRequest, run: PrintRunOptions = {}): Promise<PrintOutput> {
    const request = parsePrintRequest(input);
    switch (request.product) {
      case 'print': {
        const arts = await this.#arts(request.ids);
        const layout = parseLayout(request.layout);
        const bytes =
          request.format === 'pdf' ? await buildPrintPdf(arts, layout, run) : await buildPrintRaster(arts, layout, request.format, run);
        return {
          files: [{ role: 'print', extension: request.format === 'tiff' ? 'tif' : request.format, bytes }],
          pages: preflight(arts, layout, request.format).pages,
        };
      }
      case 'stickers': {
        const sheet = await buildStickerSheet(await this.#arts(request.ids), request.stickers, run);
        return {
          files: [
            { role: 'print', extension: 'pdf', bytes: sheet.pdf },
            { role: 'cut', extension: 'svg', bytes: new TextEncoder().encode(sheet.cutSvg) },
            { role: 'sticker', extension: 'png', bytes: sheet.stickerPng },
          ],
          pages: sheet.pages,
        };
      }
      case 'bunting': {
        const bunting = await buildBunting(request.phrase, await this.#buntingArt(request.designId), request.bunting, run);
        return { files: [{ role: 'print', extension: 'pdf', bytes: bunting.pdf }], pages: bunting.pages };
      }
      case 'pattern': {
        const sheet = await buildPatternSheet(await this.#patternArt(request.ids[0]!), request.pattern, request.format, run);
        return {
          files: [
            { role: 'print', extension: request.format, bytes: sheet.print },
            { role: 'preview', extension: 'png', bytes: sheet.preview },
          ],
          pages: 1,
        };
      }
    }
  }

  async #arts(ids: readonly string[]): Promise<PrintArt[]> {
    const arts: PrintArt[] = [];
    for (const id of ids) arts.push(await this.#source.loadArt(id));
    return arts;
  }

  async #patternArt(id: string): Promise<PrintArt> {
    return (await this.#source.patternTile?.(id)) ?? (await this.#source.loadArt(id));
  }

  #buntingArt(designId: string | undefined): Promise<PrintArt> {
    return designId === undefined ? this.#source.defaultBuntingArt() : this.#source.loadArt(designId);
  }
}
