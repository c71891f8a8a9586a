import sharp from 'sharp';

/** Longest side of a thumbnail in pixels. */
const THUMBNAIL_MAX_SIDE = 256;
/** Thumbnails are always webp. */
export const THUMBNAIL_MEDIA_TYPE = 'image/webp';

/**
 * Makes the gallery thumbnail of an image: webp, longest side at most 256 px,
 * never enlarged. The encoder options are fixed so the same image always gives
 * the same thumbnail bytes (content-addressed files stay stable).
 */
export async function makeThumbnail(bytes: Uint8Array): Promise<Uint8Array> {
  const output = await sharp(bytes, { failOn: 'error' })
    .rotate()
    .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80, effort: 4, smartSubsample: true })
    .toBuffer();
  return new Uint8Array(output.buffer, output.byteOffset, output.byteLength);
}
