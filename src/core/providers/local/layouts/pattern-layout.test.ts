import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { composeDesign } from '../compose-design.ts';
import { renderDecoration } from '../render-decoration.ts';

/** Mean absolute RGB difference between two pixel columns (or rows) of a raw RGB image. */
function lineDifference(raw: Buffer, size: number, a: number, b: number, axis: 'column' | 'row'): number {
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const [pa, pb] = axis === 'column' ? [(i * size + a) * 3, (i * size + b) * 3] : [(a * size + i) * 3, (b * size + i) * 3];
    for (let c = 0; c < 3; c++) sum += Math.abs((raw[pa + c] ?? 0) - (raw[pb + c] ?? 0));
  }
  return sum / (size * 3);
}

describe('pattern tile', () => {
  it('draws every subject that crosses an edge again on the opposite edge', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const size = 300;
      const { svg } = await composeDesign({
        prompt: 'wrapping paper with dinosaurs, balloons and cakes',
        style: 'birthday',
        seed,
        width: size,
        height: size,
      });
      const uses = [...svg.matchAll(/<use href="(#[^"]+)"[^>]* x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)"/g)].map((m) => ({
        href: m[1],
        x: Number(m[2]),
        y: Number(m[3]),
        w: Number(m[4]),
      }));
      expect(uses.length).toBeGreaterThan(8);
      const crossing = uses.filter((u) => u.x < 0 || u.y < 0 || u.x + u.w > size || u.y + u.w > size);
      expect(crossing.length, `seed ${seed}: some subjects cross an edge`).toBeGreaterThan(0);
      for (const u of crossing) {
        const dx = u.x < 0 ? size : u.x + u.w > size ? -size : 0;
        const dy = u.y < 0 ? size : u.y + u.w > size ? -size : 0;
        for (const [tx, ty] of [
          [dx, 0],
          [0, dy],
          [dx, dy],
        ].filter(([a, b]) => a !== 0 || b !== 0)) {
          const twin = uses.find(
            (v) => v.href === u.href && Math.abs(v.x - (u.x + (tx ?? 0))) < 0.02 && Math.abs(v.y - (u.y + (ty ?? 0))) < 0.02,
          );
          expect(twin, `seed ${seed}: twin of ${u.href} at ${u.x},${u.y} moved ${tx},${ty}`).toBeDefined();
        }
      }
    }
  });

  it.each([
    ['wrapping paper with pineapples and palm trees', 'party', 1],
    ['christmas gift wrap', 'holiday', 2],
    ['seamless pattern of dinosaurs and stars', 'birthday', 3],
    ['baby shower pattern with ducks', 'baby-shower', 4],
  ] as const)('repeats without a seam: %s', async (prompt, style, seed) => {
    const size = 256;
    const png = await renderDecoration({ prompt, style, seed, width: size, height: size, format: 'png' });
    const raw = await sharp(png).removeAlpha().raw().toBuffer();
    for (const axis of ['column', 'row'] as const) {
      // Neighbouring lines inside the tile: how much the picture changes from one line to the next.
      const inside: number[] = [];
      for (let i = 0; i < size - 1; i++) inside.push(lineDifference(raw, size, i, i + 1, axis));
      const seam = lineDifference(raw, size, size - 1, 0, axis);
      expect(
        inside.some((d) => d > 0),
        'the tile is not blank',
      ).toBe(true);
      // The wrap-around join is no rougher than the tile's own neighbouring lines.
      expect(seam, `${axis} seam`).toBeLessThanOrEqual(Math.max(...inside));
    }
  });
});
