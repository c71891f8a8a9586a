import sharp from 'sharp';

/** The alpha (0–255) at each [x, y] of an image given as bytes or a file path; 255 throughout for an image without alpha. */
export async function alphaAt(image: Uint8Array | string, points: readonly (readonly [number, number])[]): Promise<number[]> {
  const { data, info } = await sharp(typeof image === 'string' ? image : Buffer.from(image))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return points.map(([x, y]) => data[(y * info.width + x) * info.channels + info.channels - 1]!);
}

/** A 64×48 picture: a red square on a white ground (the emulator captions it "a landscape 64x48 image, mostly white"). */
export async function redSquarePicture(): Promise<Uint8Array> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#ffffff' } })
    .composite([{ input: { create: { width: 20, height: 20, channels: 3, background: '#dd2222' } }, left: 22, top: 14 }])
    .png()
    .toBuffer();
  return new Uint8Array(png);
}
