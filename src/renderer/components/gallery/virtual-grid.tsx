import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  computeJustifiedLayout,
  itemInAdjacentRow,
  rowsInBand,
  type ItemShape,
  type JustifiedLayout,
  type LayoutResume,
} from '../../lib/justified-layout.ts';

interface VirtualGridProps {
  readonly itemCount: number;
  /** The shape of a loaded item; undefined while its page is on its way. */
  readonly shapeAt: (index: number) => ItemShape | undefined;
  /** Changes whenever `shapeAt` would answer differently (pages arrived, grouping changed). */
  readonly shapesVersion: unknown;
  /**
   * Each index whose shape appeared or changed, in order, appended to in place;
   * a new array when every shape is forgotten (a new search). The grid lays out
   * again only from the first index logged since its last layout.
   */
  readonly shapeLog: readonly number[];
  readonly fallbackAspect: number;
  readonly targetRowHeight: number;
  readonly gap: number;
  readonly captionHeight: number;
  /** Height of a group's header; 0 when not grouping. */
  readonly headerHeight: number;
  /** Pixels rendered above and below the viewport. */
  readonly overscanPx: number;
  readonly label: string;
  /** Renders one tile; the grid places and sizes it. */
  readonly renderTile: (index: number) => ReactNode;
  /** Renders the header of the group that starts at this item. */
  readonly renderHeader: (index: number) => ReactNode;
  /** Told which items are rendered, so their pages can be fetched. */
  readonly onRangeChange: (startIndex: number, endIndex: number) => void;
  /** Changing this scrolls back to the top (a new search). */
  readonly resetKey: string;
}

/**
 * A windowed gallery in justified rows: each image at its true aspect ratio,
 * rows filled edge to edge, only the rows on screen (plus `overscanPx`) in the
 * DOM, so ten thousand designs scroll like ten. Arrow keys move focus left,
 * right and to the nearest image in the row above or below; Home, End and
 * Page Up/Down too, scrolling the target into view.
 */
export function VirtualGrid(props: VirtualGridProps) {
  const { itemCount, shapeAt, shapesVersion, shapeLog, fallbackAspect, targetRowHeight, gap, captionHeight, headerHeight } = props;
  const { overscanPx, renderTile, renderHeader, onRangeChange, resetKey, label } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef(0);
  const laidOut = useRef<{ layout: JustifiedLayout; key: string; log: readonly number[]; seen: number } | undefined>(undefined);
  const pendingFocus = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    const content = contentRef.current;
    if (!element || !content) return undefined;
    // Width from the content box (inside the scroller's padding), height from the scroller.
    const measure = (): void => setViewport({ width: content.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    observer.observe(content);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [resetKey]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // What the last render drew, for the scroll handler: it renders again only when another row comes into the band.
  const drawn = useRef({ layout: undefined as JustifiedLayout | undefined, first: 0, last: 0, height: 0, overscanPx });
  const onScroll = useCallback(() => {
    // At most one check per frame however fast the wheel fires.
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const top = scrollRef.current?.scrollTop ?? 0;
      const { layout: shown, first, last, height, overscanPx: overscan } = drawn.current;
      const band = shown ? rowsInBand(shown, top - overscan, top + height + overscan) : undefined;
      // Most frames of a scroll show the same rows: the compositor moves them, React and the page's layout are left alone.
      // (Rendering the new rows synchronously in this frame with flushSync was tried: more dropped frames, not fewer.)
      if (!band || band.first !== first || band.last !== last) setScrollTop(top);
    });
  }, []);

  const layout = useMemo(() => {
    const containerWidth = Math.max(1, viewport.width);
    const key = JSON.stringify([itemCount, fallbackAspect, containerWidth, targetRowHeight, gap, captionHeight, headerHeight]);
    // Same input but newly arrived shapes: keep the rows above the first of them.
    const last = laidOut.current;
    let resume: LayoutResume | undefined;
    if (last?.key === key && last.log === shapeLog) {
      let fromIndex = itemCount;
      for (let i = last.seen; i < shapeLog.length; i += 1) fromIndex = Math.min(fromIndex, shapeLog[i]!);
      resume = { previous: last.layout, fromIndex };
    }
    const next = computeJustifiedLayout(
      { count: itemCount, shapeAt, fallbackAspect, containerWidth, targetRowHeight, gap, captionHeight, headerHeight },
      resume,
    );
    laidOut.current = { layout: next, key, log: shapeLog, seen: shapeLog.length };
    return next;
    // shapeAt reads state that shapesVersion and shapeLog stand for.
  }, [itemCount, shapesVersion, shapeLog, fallbackAspect, viewport.width, targetRowHeight, gap, captionHeight, headerHeight]);

  const { first: firstRow, last: lastRow } = rowsInBand(layout, scrollTop - overscanPx, scrollTop + viewport.height + overscanPx);
  useLayoutEffect(() => {
    drawn.current = { layout, first: firstRow, last: lastRow, height: viewport.height, overscanPx };
    // The scroll position rendered last may be a few rows stale (see onScroll); when the rows moved under it
    // (a page arrived, the size changed), draw again at the real position before the page paints.
    const live = scrollRef.current?.scrollTop ?? 0;
    if (live === scrollTop) return;
    const band = rowsInBand(layout, live - overscanPx, live + viewport.height + overscanPx);
    if (band.first !== firstRow || band.last !== lastRow) setScrollTop(live);
  });
  const startIndex = layout.rows[firstRow]?.start ?? 0;
  const endIndex = lastRow > firstRow ? layout.rows[lastRow - 1]!.end : startIndex;

  useEffect(() => {
    if (viewport.height > 0) onRangeChange(startIndex, Math.max(endIndex, Math.min(itemCount, startIndex + 1)));
  }, [startIndex, endIndex, itemCount, viewport.height, onRangeChange]);

  useEffect(() => {
    if (pendingFocus.current === undefined) return;
    const target = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"] [data-tile-focus]`);
    if (target) {
      target.focus({ preventScroll: true });
      pendingFocus.current = undefined;
    }
  });

  const reveal = (index: number): void => {
    const element = scrollRef.current;
    const row = layout.rows[layout.rowOf[index] ?? 0];
    if (!element || !row) return;
    const bottom = row.top + row.imageHeight + captionHeight;
    let top: number | undefined;
    if (row.top < element.scrollTop) top = Math.max(0, row.top - headerHeight - gap);
    else if (bottom > element.scrollTop + viewport.height) top = bottom - viewport.height + gap;
    if (top !== undefined) {
      element.scrollTop = top;
      setScrollTop(top);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const tile = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!tile || itemCount === 0 || (event.target as HTMLElement).tagName === 'INPUT') return;
    const index = Number(tile.dataset.index);
    const rowsPerPage = Math.max(1, Math.floor(viewport.height / (targetRowHeight + captionHeight + gap)));
    const byRows = (rows: number): number => {
      let target = index;
      for (let step = 0; step < Math.abs(rows); step += 1) target = itemInAdjacentRow(layout, target, rows < 0 ? -1 : 1);
      return target;
    };
    const moves: Record<string, () => number> = {
      ArrowRight: () => index + 1,
      ArrowLeft: () => index - 1,
      ArrowDown: () => byRows(1),
      ArrowUp: () => byRows(-1),
      PageDown: () => byRows(rowsPerPage),
      PageUp: () => byRows(-rowsPerPage),
      Home: () => 0,
      End: () => itemCount - 1,
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const target = Math.min(itemCount - 1, Math.max(0, move()));
    reveal(target);
    pendingFocus.current = target;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${target}"] [data-tile-focus]`);
    if (element) {
      element.focus({ preventScroll: true });
      pendingFocus.current = undefined;
    }
  };

  const headers: ReactNode[] = [];
  // The headers of the groups whose first row is drawn (the scroll handler renders again only when the rows change).
  for (const header of layout.headers) {
    if (header.index < startIndex || header.index > endIndex) continue;
    headers.push(
      <div key={header.index} className="grid-group-header" style={{ height: headerHeight, transform: `translateY(${header.top}px)` }}>
        {renderHeader(header.index)}
      </div>,
    );
  }
  const cells: ReactNode[] = [];
  for (let index = startIndex; index < endIndex; index += 1) {
    const row = layout.rows[layout.rowOf[index]!]!;
    cells.push(
      <div
        key={index}
        role="listitem"
        aria-posinset={index + 1}
        aria-setsize={itemCount}
        className="grid-cell"
        data-index={index}
        style={{
          width: layout.width[index],
          height: row.imageHeight + captionHeight,
          transform: `translate(${layout.left[index]}px, ${row.top}px)`,
        }}
      >
        {renderTile(index)}
      </div>,
    );
  }

  return (
    <div ref={scrollRef} className="virtual-grid" onScroll={onScroll} onKeyDown={onKeyDown} data-testid="gallery-scroll">
      <div ref={contentRef} className="virtual-grid-content" style={{ height: layout.totalHeight }}>
        {viewport.width > 0 && headers}
        <div role="list" aria-label={label} className="virtual-grid-list">
          {viewport.width > 0 && cells}
        </div>
      </div>
    </div>
  );
}
