import sharp from 'sharp';
import type { ImageFormat } from '../../contract/image-request.ts';
import { MotifError } from '../../errors/motif-error.ts';
import type { StyleId } from '../../contract/styles.ts';
import { composeDecorationSvg } from './compose-decoration-svg.ts';

export interface RenderDecorationOptions {
  readonly prompt: string;
  readonly style: StyleId;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
}

/**
 * Renders procedural decoration artwork to encoded image bytes of exactly
 * `width × height`. Encoder settings are fixed, so the same options always
 * give the same bytes (the emulators and the result cache rely on that).
 */
export async function renderDecoration(options: RenderDecorationOptions): Promise<Uint8Array> {
  const svg = composeDecorationSvg(options);
  // density 72 = one SVG unit per pixel; the SVG's own width/height set the size.
  let image = sharp(Buffer.from(svg), { density: 72 }).removeAlpha();
  if (options.format === 'png') image = image.png({ compressionLevel: 6, adaptiveFiltering: false, palette: false });
  else if (options.format === 'jpeg') image = image.jpeg({ quality: 90, chromaSubsampling: '4:2:0', mozjpeg: false, progressive: false });
  else image = image.webp({ quality: 90, effort: 4, smartSubsample: false });
  try {
    const buffer = await image.toBuffer();
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new MotifError('internal', { message: `The offline engine could not render: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
}
