import { describe, expect, it } from 'vitest';
import { MAX_SCALE, clampView, fitScale, panBy, zoomAt, zoomStep } from './zoom-math.ts';

const image = { width: 1024, height: 512 };
const stage = { width: 800, height: 600 };

describe('zoom math', () => {
  it('fits the whole image on its limiting side, enlarging a small one', () => {
    expect(fitScale(image, stage)).toBeCloseTo(800 / 1024);
    expect(fitScale({ width: 200, height: 100 }, stage)).toBe(4);
    expect(fitScale(image, { width: 0, height: 0 })).toBe(1);
  });

  it('keeps the point under the cursor still when zooming', () => {
    const view = { scale: 1, x: 0, y: 0 };
    const at = { x: 200, y: 100 };
    const zoomed = zoomAt(view, 2, at, image, stage);
    expect(zoomed.scale).toBe(2);
    // The image pixel under `at` was (at - offset) / scale = (200, 100); it stays under `at`.
    expect((at.x - zoomed.x) / zoomed.scale).toBeCloseTo(200);
    expect((at.y - zoomed.y) / zoomed.scale).toBeCloseTo(100);
  });

  it('never zooms beyond the maximum or below fitting', () => {
    let view = { scale: 1, x: 0, y: 0 };
    for (let i = 0; i < 40; i += 1) view = zoomStep(view, 'in', image, stage);
    expect(view.scale).toBe(MAX_SCALE);
    for (let i = 0; i < 40; i += 1) view = zoomStep(view, 'out', image, stage);
    expect(view.scale).toBeCloseTo(fitScale(image, stage));
    expect(view).toMatchObject({ x: 0, y: 0 });
  });

  it('pans only as far as the image covers the stage, and centres an axis that fits', () => {
    const view = { scale: 1, x: 0, y: 0 };
    const panned = panBy(view, 1000, 1000, image, stage);
    // 1024 wide on an 800 stage: 112 px of slack each side; 512 tall on 600: none.
    expect(panned).toEqual({ scale: 1, x: 112, y: 0 });
    expect(clampView({ scale: 2, x: -5000, y: 5000 }, image, stage)).toEqual({ scale: 2, x: -624, y: 212 });
  });
});
