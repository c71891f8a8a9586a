import sharp from 'sharp';

/** The alpha (0–255) at each [x, y] of an image given as bytes or a file path; 255 throughout for an image without alpha. */
export async function alphaAt(image: Uint8Array | string, points: readonly (readonly [number, number])[]): Promise<number[]> {
  const { data, info } = await sharp(typeof image === 'string' ? image : Buffer.from(image))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return points.map(([x, y]) => data[(y * info.width + x) * info.channels + info.channels - 1]!);
}
