import sharp from 'sharp';
import { seededRandom } from '../../src/core/util/random.ts';

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

/** A tile with hard seams: a left-to-right ramp and a top-to-bottom ramp, with seeded speckles. */
export async function seamyTile(width: number, height: number): Promise<Buffer> {
  const random = seededRandom(7);
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const speckle = random() < 0.02 ? 60 : 0;
      const i = (y * width + x) * 3;
      data[i] = Math.min(255, Math.round((255 * x) / width) + speckle);
      data[i + 1] = Math.min(255, Math.round((255 * y) / height) + speckle);
      data[i + 2] = 128;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}
