/** An RGB(A) image in memory. */
export interface RawImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/** Weight of the un-shifted image at `i` of `n`: 0 at the edges, 1 in the middle band, smooth between. */
function centreWeight(i: number, n: number, blend: number): number {
  const t = (i + 0.5) / n; // 0..1
  const edge = Math.min(t, 1 - t); // 0 at the edges, 0.5 in the middle
  const ramp = Math.min(1, edge / blend);
  return ramp * ramp * (3 - 2 * ramp);
}

/**
 * Makes an image tile without a seam, one axis at a time: blend it with a
 * copy rolled by half along the axis, weighted so the rolled copy (which is
 * continuous across the wrap) owns the edges and the original (continuous in
 * the middle, where the rolled copy has its seam) owns the centre. Rolling
 * along y keeps the x pass's wrap intact, so both passes hold.
 */
export function makeSeamless(image: RawImage, blend = 0.25): RawImage {
  const horizontal = blendAxis(image, 'x', blend);
  return blendAxis(horizontal, 'y', blend);
}

function blendAxis(image: RawImage, axis: 'x' | 'y', blend: number): RawImage {
  const { width, height, channels, data } = image;
  const out = new Uint8Array(data.length);
  const half = axis === 'x' ? Math.floor(width / 2) : Math.floor(height / 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const w = axis === 'x' ? centreWeight(x, width, blend) : centreWeight(y, height, blend);
      const sx = axis === 'x' ? (x + half) % width : x;
      const sy = axis === 'y' ? (y + half) % height : y;
      const i = (y * width + x) * channels;
      const j = (sy * width + sx) * channels;
      for (let c = 0; c < channels; c++) out[i + c] = Math.round(w * data[i + c]! + (1 - w) * data[j + c]!);
    }
  }
  return { data: out, width, height, channels };
}

/**
 * How visible the joins are. A column join's strength is the mean colour
 * difference between two neighbouring columns (likewise rows). `seam` is the
 * stronger of the two wrap joins (last column to first, last row to first);
 * `interior` the strongest join between neighbouring columns or rows inside
 * the tile. A seamless tile's wrap is no stronger than its own interior.
 */
export function seamStatistics(image: RawImage): { seam: number; interior: number } {
  const { width, height, channels, data } = image;
  const bands = Math.min(3, channels);
  const diff = (x1: number, y1: number, x2: number, y2: number): number => {
    let sum = 0;
    const i = (y1 * width + x1) * channels;
    const j = (y2 * width + x2) * channels;
    for (let c = 0; c < bands; c++) sum += Math.abs(data[i + c]! - data[j + c]!);
    return sum / bands;
  };
  const columnJoin = (a: number, b: number): number => {
    let sum = 0;
    for (let y = 0; y < height; y++) sum += diff(a, y, b, y);
    return sum / height;
  };
  const rowJoin = (a: number, b: number): number => {
    let sum = 0;
    for (let x = 0; x < width; x++) sum += diff(x, a, x, b);
    return sum / width;
  };
  let interior = 0;
  for (let x = 0; x < width - 1; x++) interior = Math.max(interior, columnJoin(x, x + 1));
  for (let y = 0; y < height - 1; y++) interior = Math.max(interior, rowJoin(y, y + 1));
  return { seam: Math.max(columnJoin(width - 1, 0), rowJoin(height - 1, 0)), interior };
}
