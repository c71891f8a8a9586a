import sharp from 'sharp';
import type { ImageFormat } from '../../contract/image-request.ts';
import { MotifError } from '../../errors/motif-error.ts';
import type { StyleId } from '../../contract/styles.ts';
import type { LayoutId } from '../../contract/offline-design.ts';
import { composeDesign, type DesignReport } from './compose-design.ts';

export interface RenderDecorationOptions {
  readonly prompt: string;
  readonly style: StyleId;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
  /** Leave the background out: a transparent PNG of the design's parts. */
  readonly omitBackdrop?: boolean | undefined;
  /** The product layout asked for; undefined lets the prompt choose. */
  readonly layout?: LayoutId | undefined;
}

/** An offline design: the encoded raster, its SVG twin and what was drawn. */
export interface RenderedDesign {
  readonly bytes: Uint8Array;
  /** The same design as a self-contained SVG (text as paths, no external references, no raster). */
  readonly svg: string;
  readonly report: DesignReport;
}

/**
 * Renders a design to encoded image bytes of exactly `width × height`, plus
 * its SVG. Encoder settings are fixed, so the same options always give the
 * same bytes (the emulators and the result cache rely on that). Stickers keep
 * a transparent background in PNG and WebP; JPEG has no alpha, so it gets white.
 */
export async function renderDesign(options: RenderDecorationOptions): Promise<RenderedDesign> {
  const design = await composeDesign(options);
  // density 72 = one SVG unit per pixel; the SVG's own width/height set the size.
  let image = sharp(Buffer.from(design.svg), { density: 72 });
  if (!design.transparent) image = image.removeAlpha();
  else if (options.format === 'jpeg') image = image.flatten({ background: '#ffffff' });
  if (options.format === 'png') image = image.png({ compressionLevel: 6, adaptiveFiltering: false, palette: false });
  else if (options.format === 'jpeg') image = image.jpeg({ quality: 90, chromaSubsampling: '4:2:0', mozjpeg: false, progressive: false });
  else image = image.webp({ quality: 90, effort: 4, smartSubsample: false, alphaQuality: 100 });
  try {
    const buffer = await image.toBuffer();
    return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), svg: design.svg, report: design.report };
  } catch (error) {
    throw new MotifError('internal', {
      message: `The offline engine could not render: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}

/** {@link renderDesign}'s raster bytes alone. */
export async function renderDecoration(options: RenderDecorationOptions): Promise<Uint8Array> {
  return (await renderDesign(options)).bytes;
}
