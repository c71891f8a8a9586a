import sharp from 'sharp';
import type { ImageFormat } from '../../contract/image-request.ts';
import type { EmbeddedSettings } from './embedded-settings.ts';
import { embedInJpeg, stripJpegMetadata } from './jpeg-xmp.ts';
import { embedInPng, readPngSettings, stripPngText } from './png-text.ts';
import { embedInWebp, stripWebpMetadata } from './webp-xmp.ts';
import { settingsFromXmp } from './xmp-packet.ts';

/**
 * An image file as it leaves Motif: with its settings written in (PNG: text
 * chunks and XMP; JPEG: XMP in APP1; WebP: an `XMP ` chunk in the extended
 * VP8X layout), or, when `settings` is undefined, with every text and camera
 * metadata block removed, for clients. The compressed pixels are never re-encoded.
 */
export function fileWithSettings(bytes: Uint8Array, format: ImageFormat, settings: EmbeddedSettings | undefined): Uint8Array {
  switch (format) {
    case 'png':
      return settings === undefined ? stripPngText(bytes) : embedInPng(bytes, settings);
    case 'jpeg':
      return settings === undefined ? stripJpegMetadata(bytes) : embedInJpeg(bytes, settings);
    case 'webp':
      return settings === undefined ? stripWebpMetadata(bytes) : embedInWebp(bytes, settings);
  }
}

/** The Motif settings a file carries (PNG text chunks, else XMP in any format); undefined when it carries none. */
export async function readEmbeddedSettings(bytes: Uint8Array, format: ImageFormat): Promise<EmbeddedSettings | undefined> {
  if (format === 'png') return readPngSettings(bytes);
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => undefined);
  return meta?.xmp === undefined ? undefined : settingsFromXmp(meta.xmp.toString('utf8'));
}
