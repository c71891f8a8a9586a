/** What the layout needs to know of one item. */
export interface ItemShape {
  /** Width over height. */
  readonly aspect: number;
  /** Items with different keys start a new group under its own header; undefined continues the current group. */
  readonly group: string | undefined;
}

export interface JustifiedLayoutInput {
  readonly count: number;
  /** Undefined for an item not loaded yet: it gets `fallbackAspect` and stays in the current group. */
  readonly shapeAt: (index: number) => ItemShape | undefined;
  readonly fallbackAspect: number;
  readonly containerWidth: number;
  readonly targetRowHeight: number;
  readonly gap: number;
  /** Below each image, for its caption. */
  readonly captionHeight: number;
  /** Above each group; 0 when not grouping. */
  readonly headerHeight: number;
}

export interface LayoutRow {
  readonly top: number;
  /** Image height (the caption is below it). */
  readonly imageHeight: number;
  readonly start: number;
  readonly end: number;
}

interface LayoutHeader {
  readonly top: number;
  /** The group's first item. */
  readonly index: number;
}

export interface JustifiedLayout {
  /** Left edge and width of each item's tile; its row gives top and height. */
  readonly left: Float64Array;
  readonly width: Float64Array;
  readonly rowOf: Int32Array;
  readonly rows: readonly LayoutRow[];
  readonly headers: readonly LayoutHeader[];
  readonly totalHeight: number;
  readonly captionHeight: number;
}

/**
 * Where a layout may take over from the previous one: laid out with the same
 * input except for shapes that appeared or changed at `fromIndex` or later.
 */
export interface LayoutResume {
  readonly previous: JustifiedLayout;
  readonly fromIndex: number;
}

/**
 * Justified rows: each image at its true aspect ratio, a row filled edge to
 * edge by scaling its height to about `targetRowHeight`; the last row of a
 * group keeps the target height instead of stretching. O(count).
 *
 * With `resume`, the rows before the one holding `fromIndex` are kept (a row
 * depends only on its own items and those before it) and only the rest is laid
 * out again: a page of a 100,000-item library arriving while scrolling costs
 * the items after it, not all of them.
 */
export function computeJustifiedLayout(input: JustifiedLayoutInput, resume?: LayoutResume): JustifiedLayout {
  const { count, containerWidth: width, targetRowHeight: target, gap, captionHeight, headerHeight } = input;
  const previous = resume?.previous.left.length === count ? resume.previous : undefined;
  if (previous && resume!.fromIndex >= count) return previous;
  const left = new Float64Array(count);
  const widths = new Float64Array(count);
  const rowOf = new Int32Array(count);
  let rows: LayoutRow[] = [];
  let headers: LayoutHeader[] = [];
  const aspects = new Float64Array(count);
  let top = 0;
  let start = 0;
  let sum = 0;
  let group: string | undefined;

  if (previous && count > 0) {
    const resumeRow = previous.rowOf[Math.max(0, resume!.fromIndex)]!;
    start = previous.rows[resumeRow]!.start;
    let keptHeaders = previous.headers.length;
    while (keptHeaders > 0 && previous.headers[keptHeaders - 1]!.index >= start) keptHeaders -= 1;
    const headerAtStart = previous.headers[keptHeaders];
    top = headerAtStart?.index === start ? headerAtStart.top : previous.rows[resumeRow]!.top;
    rows = previous.rows.slice(0, resumeRow);
    headers = previous.headers.slice(0, keptHeaders);
    // The group in force: the one the last kept header opened (undefined for a header over unloaded items).
    group = keptHeaders > 0 ? input.shapeAt(headers[keptHeaders - 1]!.index)?.group : undefined;
    left.set(previous.left.subarray(0, start));
    widths.set(previous.width.subarray(0, start));
    rowOf.set(previous.rowOf.subarray(0, start));
  }

  const flush = (end: number, imageHeight: number): void => {
    if (end <= start) return;
    let x = 0;
    for (let index = start; index < end; index += 1) {
      const w = Math.max(1, aspects[index]! * imageHeight);
      left[index] = x;
      widths[index] = w;
      rowOf[index] = rows.length;
      x += w + gap;
    }
    rows.push({ top, imageHeight, start, end });
    top += imageHeight + captionHeight + gap;
    start = end;
    sum = 0;
  };

  for (let index = start; index < count; index += 1) {
    const shape = input.shapeAt(index);
    if (headerHeight > 0 && shape?.group !== undefined && (index === 0 || shape.group !== group)) {
      flush(index, target);
      headers.push({ top, index });
      top += headerHeight;
      group = shape.group;
    } else if (headerHeight > 0 && index === 0) {
      headers.push({ top, index });
      top += headerHeight;
    }
    const aspect = shape && Number.isFinite(shape.aspect) && shape.aspect > 0 ? shape.aspect : input.fallbackAspect;
    aspects[index] = aspect;
    sum += aspect;
    const fitted = (width - (index - start) * gap) / sum;
    if (fitted <= target) flush(index + 1, fitted);
  }
  // A row that never filled keeps the target height; one image wider than the container shrinks to fit.
  flush(count, Math.min(target, sum > 0 ? (width - (count - start - 1) * gap) / sum : target));
  return { left, width: widths, rowOf, rows, headers, totalHeight: Math.max(0, top - gap), captionHeight };
}

/** Index of the first row whose bottom is below `y` (binary search). */
export function firstRowBelow(rows: readonly LayoutRow[], y: number, captionHeight: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const row = rows[mid]!;
    if (row.top + row.imageHeight + captionHeight < y) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Rows `[first, last)` that show any part of the band from `top` to `bottom` (pixels from the top of the grid). */
export function rowsInBand(layout: JustifiedLayout, top: number, bottom: number): { readonly first: number; readonly last: number } {
  const first = firstRowBelow(layout.rows, top, layout.captionHeight);
  let last = first;
  while (last < layout.rows.length && layout.rows[last]!.top < bottom) last += 1;
  return { first, last };
}

/** The item in the row above or below whose centre is closest to this item's centre (for ↑ / ↓). */
export function itemInAdjacentRow(layout: JustifiedLayout, index: number, direction: -1 | 1): number {
  const row = layout.rows[layout.rowOf[index]! + direction];
  if (!row) return index;
  const centre = layout.left[index]! + layout.width[index]! / 2;
  let best = row.start;
  let distance = Infinity;
  for (let candidate = row.start; candidate < row.end; candidate += 1) {
    const d = Math.abs(layout.left[candidate]! + layout.width[candidate]! / 2 - centre);
    if (d < distance) {
      distance = d;
      best = candidate;
    }
  }
  return best;
}
