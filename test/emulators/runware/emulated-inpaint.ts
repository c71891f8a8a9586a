import sharp from 'sharp';
import type { ImageFormat } from '../../../src/core/contract/image-request.ts';

/** A pixel counts as masked (repaint) when the mask is at least this bright. */
const MASKED = 128;

/**
 * Runware's inpainting in the emulator: the seed image at the requested size
 * with only its masked (white) pixels repainted, each from the nearest kept
 * pixels to its left, right, above and below, weighted by nearness (across a
 * band, a straight blend from one side to the other). Every pixel outside the
 * mask is returned as it was, as a real inpaint keeps what it was told to
 * keep, so tests can check both the repaint and what it left alone.
 */
export async function inpaintMasked(
  seed: Uint8Array,
  mask: Uint8Array,
  width: number,
  height: number,
  format: ImageFormat,
): Promise<Uint8Array> {
  const image = await sharp(seed).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const masked = await sharp(mask).resize(width, height, { fit: 'fill' }).greyscale().raw().toBuffer();
  const out = Buffer.from(image);
  const n = width * height;
  const isMasked = (i: number): boolean => masked[i]! >= MASKED;
  // The nearest kept pixel in each direction (its index, or -1), found in one pass per direction.
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  const up = new Int32Array(n);
  const down = new Int32Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0, last = -1; x < width; x++) left[y * width + x] = last = isMasked(y * width + x) ? last : y * width + x;
    for (let x = width - 1, last = -1; x >= 0; x--) right[y * width + x] = last = isMasked(y * width + x) ? last : y * width + x;
  }
  for (let x = 0; x < width; x++) {
    for (let y = 0, last = -1; y < height; y++) up[y * width + x] = last = isMasked(y * width + x) ? last : y * width + x;
    for (let y = height - 1, last = -1; y >= 0; y--) down[y * width + x] = last = isMasked(y * width + x) ? last : y * width + x;
  }
  for (let i = 0; i < n; i++) {
    if (!isMasked(i)) continue;
    const x = i % width;
    const y = Math.floor(i / width);
    let total = 0;
    const sum = new Float64Array(3);
    for (const j of [left[i]!, right[i]!, up[i]!, down[i]!]) {
      if (j < 0) continue;
      const weight = 1 / (Math.abs((j % width) - x) + Math.abs(Math.floor(j / width) - y));
      total += weight;
      for (let c = 0; c < 3; c++) sum[c] = sum[c]! + weight * image[j * 3 + c]!;
    }
    if (total > 0) for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(sum[c]! / total);
  }
  const raw = sharp(out, { raw: { width, height, channels: 3 } });
  const encoded = format === 'png' ? raw.png() : format === 'webp' ? raw.webp({ lossless: true }) : raw.jpeg({ quality: 95 });
  return new Uint8Array(await encoded.toBuffer());
}
