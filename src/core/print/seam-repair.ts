import sharp from 'sharp';
import type { RawImage } from './seamless-tile.ts';

/** Where the old edges of an image offset by half meet: the column and row the wrap join now sits before. */
export function seamCross(width: number, height: number): { readonly column: number; readonly row: number } {
  return { column: width - Math.floor(width / 2), row: height - Math.floor(height / 2) };
}

/**
 * The image offset by half its size on both axes (pixels that leave one side
 * come back on the other). Its old edges now meet in a cross through the
 * middle, and its new edges are its old middle: continuous across the wrap.
 */
export function rollByHalf(image: RawImage): RawImage {
  const { width, height, channels, data } = image;
  const out = new Uint8Array(data.length);
  const dx = Math.floor(width / 2);
  const dy = Math.floor(height / 2);
  const rowBytes = width * channels;
  for (let y = 0; y < height; y++) {
    const from = ((y + dy) % height) * rowBytes;
    const to = y * rowBytes;
    // Row y of the result is row y + dy of the image, itself rotated left by dx.
    out.set(data.subarray(from + dx * channels, from + rowBytes), to);
    out.set(data.subarray(from, from + dx * channels), to + (width - dx) * channels);
  }
  return { data: out, width, height, channels };
}

/** The band's width in pixels across a side: `band` of it, at least 8 px, never the whole side. */
function bandPx(side: number, band: number): number {
  return Math.min(side - 2, Math.max(8, Math.round(side * band)));
}

/**
 * The inpainting mask for an image offset by half: white (repaint) over a
 * band of `band` × the side centred on each old edge, a cross through the
 * middle; black (keep) elsewhere. One channel.
 */
export function seamCrossMask(width: number, height: number, band: number): RawImage {
  const data = new Uint8Array(width * height);
  const { column, row } = seamCross(width, height);
  const bandW = bandPx(width, band);
  const bandH = bandPx(height, band);
  const left = column - Math.floor(bandW / 2);
  const top = row - Math.floor(bandH / 2);
  for (let y = 0; y < height; y++) {
    const inRow = y >= top && y < top + bandH;
    for (let x = 0; x < width; x++) if (inRow || (x >= left && x < left + bandW)) data[y * width + x] = 255;
  }
  return { data, width, height, channels: 1 };
}

/** What a provider's inpainting needs to repair an image's seam: the image offset by half and the cross mask (PNGs). */
export interface SeamRepairInput {
  readonly rolled: Uint8Array;
  readonly mask: Uint8Array;
  readonly width: number;
  readonly height: number;
}

async function png(image: RawImage): Promise<Uint8Array> {
  const { data, width, height, channels } = image;
  const raw = sharp(data, { raw: { width, height, channels: channels as 1 | 3 } });
  // A mask stays one grey channel: white repaints, black keeps.
  const buffer = await (channels === 1 ? raw.toColourspace('b-w') : raw).png().toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Prepares a seam repair from encoded image bytes. A transparent image is
 * laid on white first: wrapping paper is printed on white paper.
 */
export async function prepareSeamRepair(bytes: Uint8Array, band: number): Promise<SeamRepairInput> {
  const { data, info } = await sharp(bytes).flatten({ background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), ...info };
  const [rolled, mask] = await Promise.all([png(rollByHalf(image)), png(seamCrossMask(info.width, info.height, band))]);
  return { rolled, mask, width: info.width, height: info.height };
}
