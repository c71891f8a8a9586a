import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { prepareSeamRepair, rollByHalf, seamCross, seamCrossMask } from './seam-repair.ts';

/** A tiny image whose every pixel says where it came from: red = x, green = y. */
function coordinates(width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 0], (y * width + x) * 3);
  return { data, width, height, channels: 3 };
}

describe('seam repair inputs', () => {
  it('offsets the image by half on both axes, so its old edges meet at the cross', () => {
    const rolled = rollByHalf(coordinates(7, 5));
    const at = (x: number, y: number): number[] => [...rolled.data.subarray((y * 7 + x) * 3, (y * 7 + x) * 3 + 2)];
    const { column, row } = seamCross(7, 5);
    expect([column, row]).toEqual([4, 3]);
    // The old right column and bottom row sit just before the cross; the old left column and top row just after it.
    expect(at(column - 1, 0)).toEqual([6, 2]);
    expect(at(column, 0)).toEqual([0, 2]);
    expect(at(0, row - 1)).toEqual([3, 4]);
    expect(at(0, row)).toEqual([3, 0]);
    // The new edges are the old middle: continuous across the wrap.
    expect(at(6, 0)[0]! + 1).toBe(at(0, 0)[0]);
  });

  it('masks a band across each old edge (a cross through the middle) and keeps the rest', () => {
    const mask = seamCrossMask(64, 48, 0.125);
    const at = (x: number, y: number): number => mask.data[y * 64 + x]!;
    const { column, row } = seamCross(64, 48);
    // 8 px bands (12.5 % of 64, and the 8 px floor of 48) centred on the old edges.
    for (let y = 0; y < 48; y++) expect([at(column - 4, y), at(column + 3, y)]).toEqual([255, 255]);
    for (let x = 0; x < 64; x++) expect([at(x, row - 4), at(x, row + 3)]).toEqual([255, 255]);
    expect([at(column - 5, 0), at(column + 4, 0), at(0, row - 5), at(0, row + 4)]).toEqual([0, 0, 0, 0]);
    const white = mask.data.reduce((sum, value) => sum + (value === 255 ? 1 : 0), 0);
    expect(white).toBe(8 * 48 + 8 * 64 - 8 * 8);
  });

  it('prepares PNGs of the offset image and its mask at the image size', async () => {
    const source = await sharp(Buffer.from(coordinates(40, 30).data), { raw: { width: 40, height: 30, channels: 3 } })
      .png()
      .toBuffer();
    const repair = await prepareSeamRepair(new Uint8Array(source), 0.25);
    expect([repair.width, repair.height]).toEqual([40, 30]);
    const rolled = await sharp(repair.rolled).raw().toBuffer({ resolveWithObject: true });
    expect([rolled.info.width, rolled.info.height]).toEqual([40, 30]);
    expect([...rolled.data.subarray(0, 2)]).toEqual([20, 15]);
    const mask = await sharp(repair.mask).metadata();
    expect([mask.width, mask.height, mask.channels]).toEqual([40, 30, 1]);
  });
});
