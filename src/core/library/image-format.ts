import type { ImageFormat } from '../contract/image-request.ts';
import { MEDIA_TYPES } from '../contract/image-request.ts';

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
