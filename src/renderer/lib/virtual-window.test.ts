import { describe, expect, it } from 'vitest';
import { computeGridLayout, computeVisibleWindow, scrollTopToReveal } from './virtual-window.ts';

describe('computeGridLayout', () => {
  it('fits as many columns of the minimum width as the container allows', () => {
    const layout = computeGridLayout({ containerWidth: 1000, minTileWidth: 180, gap: 14, captionHeight: 48 });
    expect(layout.columns).toBe(5);
    expect(layout.tileWidth).toBe(Math.floor((1000 - 14 * 4) / 5));
    expect(layout.rowHeight).toBe(layout.tileWidth + 48 + 14);
  });

  it('always has at least one column', () => {
    expect(computeGridLayout({ containerWidth: 50, minTileWidth: 180, gap: 14, captionHeight: 48 }).columns).toBe(1);
    expect(computeGridLayout({ containerWidth: 0, minTileWidth: 180, gap: 14, captionHeight: 48 }).columns).toBe(1);
  });
});

describe('computeVisibleWindow', () => {
  const base = { itemCount: 10_000, columns: 5, rowHeight: 250, viewportHeight: 800, overscanRows: 2 };

  it('renders only the rows on screen plus overscan', () => {
    const window = computeVisibleWindow({ ...base, scrollTop: 0 });
    expect(window.firstRow).toBe(0);
    expect(window.lastRow).toBe(3 + 2);
    expect(window.startIndex).toBe(0);
    expect(window.endIndex).toBe(6 * 5);
    expect(window.totalHeight).toBe(2000 * 250);
  });

  it('keeps the DOM small in the middle of ten thousand items', () => {
    const window = computeVisibleWindow({ ...base, scrollTop: 250_000 });
    expect(window.firstRow).toBe(1000 - 2);
    expect(window.endIndex - window.startIndex).toBeLessThanOrEqual((4 + 4) * 5);
  });

  it('clamps at the end and ends with the last item', () => {
    const window = computeVisibleWindow({ ...base, itemCount: 10_003, scrollTop: 10_000_000 });
    expect(window.endIndex).toBe(10_003);
    expect(window.lastRow).toBe(2000);
  });

  it('is empty with no items', () => {
    const window = computeVisibleWindow({ ...base, itemCount: 0, scrollTop: 0 });
    expect(window.endIndex - window.startIndex).toBe(0);
    expect(window.totalHeight).toBe(0);
  });
});

describe('scrollTopToReveal', () => {
  const base = { columns: 4, rowHeight: 200, gap: 10, viewportHeight: 600 };

  it('returns undefined when the item is already visible', () => {
    expect(scrollTopToReveal({ ...base, index: 5, scrollTop: 0 })).toBeUndefined();
  });

  it('scrolls up to an item above and down to an item below', () => {
    expect(scrollTopToReveal({ ...base, index: 0, scrollTop: 500 })).toBe(0);
    expect(scrollTopToReveal({ ...base, index: 16, scrollTop: 0 })).toBe(4 * 200 + 190 - 600);
  });
});
