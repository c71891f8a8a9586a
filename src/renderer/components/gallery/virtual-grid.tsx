import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { computeGridLayout, computeVisibleWindow, scrollTopToReveal, type GridLayout } from '../../lib/virtual-window.ts';

interface VirtualGridProps {
  readonly itemCount: number;
  readonly minTileWidth: number;
  readonly gap: number;
  readonly captionHeight: number;
  readonly overscanRows: number;
  readonly label: string;
  /** Renders one tile; it is placed by the grid. */
  readonly renderTile: (index: number, layout: GridLayout) => ReactNode;
  /** Told which items are rendered, so their pages can be fetched. */
  readonly onRangeChange: (startIndex: number, endIndex: number) => void;
  /** Changing this scrolls back to the top (a new search). */
  readonly resetKey: string;
}

/**
 * A windowed grid: only rows on screen plus `overscanRows` above and below are
 * in the DOM, so ten thousand designs scroll like ten. Arrow keys, Home, End
 * and Page Up/Down move focus between tiles, scrolling them into view.
 */
export function VirtualGrid(props: VirtualGridProps) {
  const { itemCount, minTileWidth, gap, captionHeight, overscanRows, renderTile, onRangeChange, resetKey, label } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef(0);
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

  const onScroll = useCallback(() => {
    // One state update per frame however fast the wheel fires.
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setScrollTop(scrollRef.current?.scrollTop ?? 0);
    });
  }, []);

  const layout = computeGridLayout({ containerWidth: viewport.width, minTileWidth, gap, captionHeight });
  const visible = computeVisibleWindow({
    itemCount,
    columns: layout.columns,
    rowHeight: layout.rowHeight,
    scrollTop,
    viewportHeight: viewport.height,
    overscanRows,
  });

  useEffect(() => {
    if (viewport.height > 0) onRangeChange(visible.startIndex, visible.endIndex);
  }, [visible.startIndex, visible.endIndex, viewport.height, onRangeChange]);

  useEffect(() => {
    if (pendingFocus.current === undefined) return;
    const target = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"] [data-tile-focus]`);
    if (target) {
      target.focus({ preventScroll: true });
      pendingFocus.current = undefined;
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const tile = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    const element = scrollRef.current;
    if (!tile || !element || itemCount === 0) return;
    const index = Number(tile.dataset.index);
    const rowsPerPage = Math.max(1, Math.floor(viewport.height / layout.rowHeight));
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      ArrowDown: index + layout.columns,
      ArrowUp: index - layout.columns,
      PageDown: index + layout.columns * rowsPerPage,
      PageUp: index - layout.columns * rowsPerPage,
      Home: 0,
      End: itemCount - 1,
    };
    const next = moves[event.key];
    if (next === undefined || (event.target as HTMLElement).tagName === 'INPUT') return;
    event.preventDefault();
    const clamped = Math.min(itemCount - 1, Math.max(0, next));
    const top = scrollTopToReveal({
      index: clamped,
      columns: layout.columns,
      rowHeight: layout.rowHeight,
      gap,
      scrollTop: element.scrollTop,
      viewportHeight: viewport.height,
    });
    if (top !== undefined) {
      element.scrollTop = top;
      setScrollTop(top);
    }
    pendingFocus.current = clamped;
    const target = element.querySelector<HTMLElement>(`[data-index="${clamped}"] [data-tile-focus]`);
    if (target) {
      target.focus({ preventScroll: true });
      pendingFocus.current = undefined;
    }
  };

  const tiles: ReactNode[] = [];
  for (let index = visible.startIndex; index < visible.endIndex; index += 1) {
    const row = Math.floor(index / layout.columns);
    const column = index % layout.columns;
    tiles.push(
      <div
        key={index}
        role="listitem"
        aria-posinset={index + 1}
        aria-setsize={itemCount}
        className="grid-cell"
        data-index={index}
        style={{
          width: layout.tileWidth,
          height: layout.rowHeight - gap,
          transform: `translate(${column * (layout.tileWidth + gap)}px, ${row * layout.rowHeight}px)`,
        }}
      >
        {renderTile(index, layout)}
      </div>,
    );
  }

  return (
    <div ref={scrollRef} className="virtual-grid" onScroll={onScroll} onKeyDown={onKeyDown} data-testid="gallery-scroll">
      <div ref={contentRef} role="list" aria-label={label} className="virtual-grid-content" style={{ height: visible.totalHeight }}>
        {viewport.width > 0 && tiles}
      </div>
    </div>
  );
}
