import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { PDFName, type PDFDocument, type PDFRef } from 'pdf-lib';
import type { RasterPixels } from './print-art.ts';

const deflateAsync = promisify(deflate);

/**
 * Embeds decoded pixels as a lossless PDF image (Flate-compressed RGB, with an
 * SMask when there is alpha). Compression runs on libuv's thread pool through
 * zlib, so a poster-sized image neither blocks the event loop nor goes through
 * a JavaScript PNG decoder.
 */
export async function embedPixels(doc: PDFDocument, pixels: RasterPixels): Promise<PDFRef> {
  const { width, height, channels } = pixels;
  const count = width * height;
  let rgb: Buffer = pixels.data;
  let alpha: Buffer | undefined;
  if (channels === 4) {
    rgb = Buffer.allocUnsafe(count * 3);
    alpha = Buffer.allocUnsafe(count);
    let opaque = true;
    for (let i = 0, j = 0; i < count; i++, j += 4) {
      rgb[i * 3] = pixels.data[j]!;
      rgb[i * 3 + 1] = pixels.data[j + 1]!;
      rgb[i * 3 + 2] = pixels.data[j + 2]!;
      const a = pixels.data[j + 3]!;
      alpha[i] = a;
      if (a !== 255) opaque = false;
    }
    if (opaque) alpha = undefined;
  }
  const level = { level: 3 };
  const [rgbDeflated, alphaDeflated] = await Promise.all([deflateAsync(rgb, level), alpha === undefined ? undefined : deflateAsync(alpha, level)]);
  const image = { Type: 'XObject', Subtype: 'Image', Width: width, Height: height, BitsPerComponent: 8, Filter: 'FlateDecode' };
  let smask: PDFRef | undefined;
  if (alphaDeflated !== undefined) {
    smask = doc.context.register(doc.context.stream(alphaDeflated, { ...image, ColorSpace: 'DeviceGray' }));
  }
  const stream = doc.context.stream(rgbDeflated, { ...image, ColorSpace: 'DeviceRGB' });
  if (smask !== undefined) stream.dict.set(PDFName.of('SMask'), smask);
  return doc.context.register(stream);
}
