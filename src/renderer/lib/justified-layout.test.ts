import { describe, expect, it } from 'vitest';
import { computeJustifiedLayout, firstRowBelow, itemInAdjacentRow, rowsInBand, type ItemShape } from './justified-layout.ts';

const base = { fallbackAspect: 1, containerWidth: 1000, targetRowHeight: 200, gap: 10, captionHeight: 40, headerHeight: 0 };

function layoutOf(shapes: readonly (ItemShape | undefined)[], options: Partial<typeof base> = {}) {
  return computeJustifiedLayout({ ...base, ...options, count: shapes.length, shapeAt: (index) => shapes[index] });
}

describe('justified layout', () => {
  it('fills each row edge to edge with every image at its own aspect ratio', () => {
    const shapes = [2, 1, 0.5, 1.5, 1, 2, 0.75, 1].map((aspect) => ({ aspect, group: undefined }));
    const layout = layoutOf(shapes);
    const full = layout.rows.slice(0, -1);
    expect(full.length).toBeGreaterThan(0);
    for (const row of full) {
      const last = row.end - 1;
      expect(layout.left[last]! + layout.width[last]!).toBeCloseTo(1000, 6);
      expect(row.imageHeight).toBeLessThanOrEqual(200);
      for (let index = row.start; index < row.end; index += 1)
        expect(layout.width[index]! / row.imageHeight).toBeCloseTo(shapes[index]!.aspect, 6);
    }
    // The last row is not stretched.
    expect(layout.rows.at(-1)!.imageHeight).toBe(200);
  });

  it('starts a new row and a header at each group, and continues the group through unloaded items', () => {
    const day = (group: string): ItemShape => ({ aspect: 1, group });
    const layout = layoutOf([day('a'), day('a'), undefined, day('b'), day('b')], { headerHeight: 30 });
    expect(layout.headers.map((header) => header.index)).toEqual([0, 3]);
    expect(layout.rowOf[2]).toBe(layout.rowOf[0]);
    expect(layout.rowOf[3]).toBe(layout.rowOf[2]! + 1);
    expect(layout.headers[1]!.top).toBe(30 + 200 + 40 + 10);
    expect(layout.totalHeight).toBe(2 * 30 + 2 * (200 + 40) + 10);
  });

  it('finds the rows on screen and the item above or below', () => {
    const layout = layoutOf(Array.from({ length: 100 }, () => ({ aspect: 1, group: undefined })));
    const rowHeight = layout.rows[0]!.imageHeight + 40 + 10;
    expect(firstRowBelow(layout.rows, rowHeight * 3 + 5, 40)).toBe(3);
    // A band from inside row 3 to inside row 6 touches rows 3, 4, 5 and 6.
    expect(rowsInBand(layout, rowHeight * 3 + 5, rowHeight * 6 + 5)).toEqual({ first: 3, last: 7 });
    expect(rowsInBand(layout, -600, 0)).toEqual({ first: 0, last: 0 });
    expect(rowsInBand(layout, layout.totalHeight - 5, layout.totalHeight + 600)).toEqual({
      first: layout.rows.length - 1,
      last: layout.rows.length,
    });
    const first = layout.rows[1]!.start + 1;
    expect(layout.rowOf[itemInAdjacentRow(layout, first, 1)]).toBe(2);
    expect(itemInAdjacentRow(layout, first, 1) - layout.rows[2]!.start).toBe(1);
    expect(itemInAdjacentRow(layout, 0, -1)).toBe(0);
  });

  it('resuming after new pages arrive gives exactly the layout of laying everything out again', () => {
    // A fixed pseudo-random library: shapes of three kinds, a new day every 7–40 items, pages of 60.
    let seed = 7;
    const random = (): number => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const count = 1_000;
    const all: ItemShape[] = [];
    for (let index = 0, day = 0; index < count; index += 1) {
      if (random() < 0.06) day += 1;
      all.push({ aspect: [1, 0.7, 3, 1.6][Math.floor(random() * 4)]!, group: `day-${day}` });
    }
    const options = { ...base, headerHeight: 30 };
    const loaded: (ItemShape | undefined)[] = Array.from({ length: count });
    const input = { ...options, count, shapeAt: (index: number) => loaded[index] };
    let layout = computeJustifiedLayout(input);
    // Pages arrive out of order (the first, a jump far down, the ones between), as scrolling brings them.
    for (const page of [0, 9, 1, 2, 15, 3, 10, 16, 4]) {
      for (let index = page * 60; index < Math.min(count, page * 60 + 60); index += 1) loaded[index] = all[index];
      const resumed = computeJustifiedLayout(input, { previous: layout, fromIndex: page * 60 });
      const fresh = computeJustifiedLayout(input);
      expect(resumed.rows).toEqual(fresh.rows);
      expect(resumed.headers).toEqual(fresh.headers);
      expect([...resumed.left]).toEqual([...fresh.left]);
      expect([...resumed.width]).toEqual([...fresh.width]);
      expect([...resumed.rowOf]).toEqual([...fresh.rowOf]);
      expect(resumed.totalHeight).toBe(fresh.totalHeight);
      layout = resumed;
    }
    // Nothing new: the same layout back.
    expect(computeJustifiedLayout(input, { previous: layout, fromIndex: count })).toBe(layout);
  });
});
