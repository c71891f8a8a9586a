import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderDecoration } from '../render-decoration.ts';

interface Raster {
  readonly data: Buffer;
  readonly size: number;
}

const at = (r: Raster, x: number, y: number): [number, number, number, number] => {
  const i = (y * r.size + x) * 4;
  return [r.data[i] ?? 0, r.data[i + 1] ?? 0, r.data[i + 2] ?? 0, r.data[i + 3] ?? 0];
};

/** How many separate opaque shapes the picture holds (4-connected, alpha over half). */
function opaqueShapes(r: Raster): number {
  const seen = new Uint8Array(r.size * r.size);
  let shapes = 0;
  for (let start = 0; start < seen.length; start++) {
    if (seen[start] || (r.data[start * 4 + 3] ?? 0) < 128) continue;
    shapes++;
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const p = stack.pop() as number;
      const x = p % r.size;
      const y = Math.floor(p / r.size);
      for (const [nx, ny] of [
        [x + 1, y],
        [x - 1, y],
        [x, y + 1],
        [x, y - 1],
      ] as const) {
        if (nx < 0 || ny < 0 || nx >= r.size || ny >= r.size) continue;
        const q = ny * r.size + nx;
        if (seen[q] || (r.data[q * 4 + 3] ?? 0) < 128) continue;
        seen[q] = 1;
        stack.push(q);
      }
    }
  }
  return shapes;
}

describe('sticker', () => {
  it.each([
    ['dinosaur cupcake topper', 'birthday'],
    ['unicorn sticker "Emma"', 'baby-shower'],
    ['wedding rings cake topper', 'wedding'],
    ['christmas tree sticker', 'holiday'],
  ] as const)('sits in one white border on a transparent ground: %s', async (prompt, style) => {
    const size = 256;
    for (const format of ['png', 'webp'] as const) {
      const bytes = await renderDecoration({ prompt, style, seed: 5, width: size, height: size, format });
      const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(info.channels).toBe(4);
      const r: Raster = { data, size };
      // Corners fully transparent.
      for (const [cx, cy] of [
        [0, 0],
        [size - 8, 0],
        [0, size - 8],
        [size - 8, size - 8],
      ] as const) {
        for (let y = cy; y < cy + 8; y++) for (let x = cx; x < cx + 8; x++) expect(at(r, x, y)[3], `${format} corner ${cx},${cy}`).toBe(0);
      }
      expect(opaqueShapes(r), `${format}: one sticker shape`).toBe(1);
      // Walking in from each edge along the middle lines, the first solid pixels are white: the offset border.
      const walks: [number, number, number, number][] = [
        [0, size / 2, 1, 0],
        [size - 1, size / 2, -1, 0],
        [size / 2, 0, 0, 1],
        [size / 2, size - 1, 0, -1],
      ];
      for (const [x0, y0, dx, dy] of walks) {
        let [x, y] = [x0, y0];
        while (at(r, x, y)[3] < 250 && x >= 0 && y >= 0 && x < size && y < size) [x, y] = [x + dx, y + dy];
        let white = 0;
        while (x >= 0 && y >= 0 && x < size && y < size) {
          const [red, green, blue] = at(r, x, y);
          if (Math.min(red, green, blue) < 235) break;
          white++;
          [x, y] = [x + dx, y + dy];
        }
        expect(white, `${format} border walking ${dx},${dy}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('gives JPEG, which has no alpha, a white ground', async () => {
    const jpeg = await renderDecoration({ prompt: 'dinosaur sticker', style: 'party', seed: 5, width: 128, height: 128, format: 'jpeg' });
    const { data } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(data[0] ?? 0, data[1] ?? 0, data[2] ?? 0)).toBeGreaterThan(245);
  });
});
