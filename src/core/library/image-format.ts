import type { ImageFormat } from '../contract/image-request.ts';
import { MEDIA_TYPES } from '../contract/image-request.ts';

/**
 * Recognises an image's format from its first bytes. The library stores what
 * the bytes really are, so a mislabelled provider reply is caught at `add()`
 * rather than when a designer opens the file a year later.
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47 &&
    bytes[4] === 0x0d &&
    bytes[5] === 0x0a &&
    bytes[6] === 0x1a &&
    bytes[7] === 0x0a
  )
    return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

/** The extension of a stored image file (`images/<hash>.<ext>`). */
export function storedExtension(format: ImageFormat): string {
  return format;
}

/** The extension used for files handed to people (exports): `jpg` reads better than `jpeg`. */
export function friendlyExtension(format: ImageFormat): string {
  return format === 'jpeg' ? 'jpg' : format;
}

/** The media type of an image format, e.g. `image/png`. */
export function mediaTypeOf(format: ImageFormat): string {
  return MEDIA_TYPES[format];
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}
