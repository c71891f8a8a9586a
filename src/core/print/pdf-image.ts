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
  const [rgbDeflated, alphaDeflated] = await Promise.all([
    deflateAsync(rgb, level),
    alpha === undefined ? undefined : deflateAsync(alpha, level),
  ]);
  const image = { Type: 'XObject', Subtype: 'Image', Width: width, Height: height, BitsPerComponent: 8, Filter: 'FlateDecode' };
  let smask: PDFRef | undefined;
  if (alphaDeflated !== undefined) {
    smask = doc.context.register(doc.context.stream(alphaDeflated, { ...image, ColorSpace: 'DeviceGray' }));
  }
  const stream = doc.context.stream(rgbDeflated, { ...image, ColorSpace: 'DeviceRGB' });
  if (smask !== undefined) stream.dict.set(PDFName.of('SMask'), smask);
  return doc.context.register(stream);
}

/** The zlib stream and layout of a PNG that a PDF can take as it is (FlateDecode with the PNG predictor). */
function pngPassThrough(bytes: Uint8Array): { width: number; height: number; colors: 1 | 3; idat: Buffer } | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 33 || buffer.readUInt32BE(0) !== 0x89504e47 || buffer.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  const bitDepth = buffer[24];
  const colorType = buffer[25];
  const interlace = buffer[28];
  // 8-bit grey or RGB without alpha, not interlaced: anything else is decoded instead.
  if (bitDepth !== 8 || interlace !== 0 || (colorType !== 0 && colorType !== 2)) return undefined;
  const parts: Buffer[] = [];
  for (let offset = 8; offset + 8 <= buffer.length;) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    if (type === 'IDAT') parts.push(buffer.subarray(offset + 8, offset + 8 + length));
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (parts.length === 0) return undefined;
  return { width, height, colors: colorType === 0 ? 1 : 3, idat: Buffer.concat(parts) };
}

/**
 * Embeds an encoded design without decoding it when the PDF can hold its
 * compressed data as is: a baseline 8-bit grey or RGB PNG (its IDAT stream
 * under the PNG predictor) or a JPEG (DCTDecode). A poster-sized design then
 * costs a copy instead of a decode and a deflate. Undefined for anything else
 * (alpha, palettes, 16 bit, interlaced, WebP…): the caller decodes those.
 */
export function embedEncoded(
  doc: PDFDocument,
  bytes: Uint8Array,
  meta: { width: number; height: number; channels: number; format: string | undefined },
): PDFRef | undefined {
  const image = { Type: 'XObject', Subtype: 'Image', Width: meta.width, Height: meta.height, BitsPerComponent: 8 };
  if (meta.format === 'jpeg' && (meta.channels === 3 || meta.channels === 1)) {
    return doc.context.register(
      doc.context.stream(bytes, { ...image, ColorSpace: meta.channels === 1 ? 'DeviceGray' : 'DeviceRGB', Filter: 'DCTDecode' }),
    );
  }
  const png = meta.format === 'png' ? pngPassThrough(bytes) : undefined;
  if (png === undefined || png.width !== meta.width || png.height !== meta.height) return undefined;
  return doc.context.register(
    doc.context.stream(png.idat, {
      ...image,
      ColorSpace: png.colors === 1 ? 'DeviceGray' : 'DeviceRGB',
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: png.colors, BitsPerComponent: 8, Columns: png.width },
    }),
  );
}
