/**
 * The arithmetic of the gallery's windowed grid: which rows are on screen and
 * where they sit, so only those (plus a little overscan) are in the DOM.
 */

export interface GridLayout {
  readonly columns: number;
  readonly tileWidth: number;
  /** Tile height plus the gap below it. */
  readonly rowHeight: number;
  readonly gap: number;
}

/** Fits as many columns of at least `minTileWidth` as the width allows; tiles are square plus a caption. */
export function computeGridLayout(options: {
  readonly containerWidth: number;
  readonly minTileWidth: number;
  readonly gap: number;
  readonly captionHeight: number;
}): GridLayout {
  const { containerWidth, minTileWidth, gap, captionHeight } = options;
  const usable = Math.max(0, containerWidth);
  const columns = Math.max(1, Math.floor((usable + gap) / (minTileWidth + gap)));
  const tileWidth = Math.max(1, Math.floor((usable - gap * (columns - 1)) / columns));
  return { columns, tileWidth, rowHeight: tileWidth + captionHeight + gap, gap };
}

export interface VisibleWindow {
  /** First and last row rendered, inclusive; `lastRow < firstRow` when there is nothing. */
  readonly firstRow: number;
  readonly lastRow: number;
  /** Item indexes rendered: `[startIndex, endIndex)`. */
  readonly startIndex: number;
  readonly endIndex: number;
  /** Height of the whole scrollable content. */
  readonly totalHeight: number;
}

export function computeVisibleWindow(options: {
  readonly itemCount: number;
  readonly columns: number;
  readonly rowHeight: number;
  readonly scrollTop: number;
  readonly viewportHeight: number;
  /** Extra rows rendered above and below, so fast scrolling shows no blank gaps. */
  readonly overscanRows: number;
}): VisibleWindow {
  const { itemCount, rowHeight, overscanRows } = options;
  const columns = Math.max(1, options.columns);
  const rowCount = Math.ceil(Math.max(0, itemCount) / columns);
  const totalHeight = rowCount * rowHeight;
  if (rowCount === 0 || rowHeight <= 0) return { firstRow: 0, lastRow: -1, startIndex: 0, endIndex: 0, totalHeight };
  const maxScroll = Math.max(0, totalHeight - options.viewportHeight);
  const scrollTop = Math.min(Math.max(0, options.scrollTop), maxScroll);
  const firstVisible = Math.floor(scrollTop / rowHeight);
  const lastVisible = Math.floor((scrollTop + Math.max(0, options.viewportHeight - 1)) / rowHeight);
  const firstRow = Math.max(0, firstVisible - overscanRows);
  const lastRow = Math.min(rowCount - 1, lastVisible + overscanRows);
  return {
    firstRow,
    lastRow,
    startIndex: firstRow * columns,
    endIndex: Math.min(itemCount, (lastRow + 1) * columns),
    totalHeight,
  };
}

/** The scrollTop that brings an item's row fully into view, or undefined when it already is. */
export function scrollTopToReveal(options: {
  readonly index: number;
  readonly columns: number;
  readonly rowHeight: number;
  readonly gap: number;
  readonly scrollTop: number;
  readonly viewportHeight: number;
}): number | undefined {
  const row = Math.floor(options.index / Math.max(1, options.columns));
  const top = row * options.rowHeight;
  const bottom = top + options.rowHeight - options.gap;
  if (top < options.scrollTop) return top;
  if (bottom > options.scrollTop + options.viewportHeight) return Math.max(0, bottom - options.viewportHeight);
  return undefined;
}
