import { useCallback, useEffect, useMemo, type KeyboardEvent } from 'react';
import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { motif } from '../../bridge.ts';
import { formatDay, formatTime } from '../../lib/format.ts';
import type { ItemShape } from '../../lib/justified-layout.ts';
import { itemAt } from '../../lib/page-window.ts';
import {
  GALLERY_PAGE_SIZE,
  hasActiveFilters,
  useGalleryStore,
  type GalleryFilters,
  type GalleryGrouping,
} from '../../store/gallery-store.ts';
import { providerLabel, useSettingsStore } from '../../store/settings-store.ts';
import { STYLES } from '../../../shared/catalog.ts';
import { onNewImage } from '../../store/queue-store.ts';
import { useUiStore } from '../../store/ui-store.ts';
import { Icon } from '../common/icon.tsx';
import { GalleryTile } from './gallery-tile.tsx';
import { GalleryToolbar } from './gallery-toolbar.tsx';
import { LibraryRepairNotice } from './library-repair-notice.tsx';
import { SelectionBar } from './selection-bar.tsx';
import { VirtualGrid } from './virtual-grid.tsx';
import { ProjectBar, useImportDrop } from '../projects/project-bar.tsx';

const CAPTION_HEIGHT = 42;
const GROUP_HEADER_HEIGHT = 40;
const TILE_GAP = 12;

/** A local calendar day, as a group key. */
function dayKey(atMs: number): string {
  const date = new Date(atMs);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** What narrows the gallery, in words, so an active filter is never silent. */
function describeFilters(filters: GalleryFilters, providerName: (id: string) => string): string {
  const parts: string[] = [];
  if (filters.text.trim()) parts.push(`“${filters.text.trim()}”`);
  if (filters.style) parts.push(`style ${STYLES[filters.style].label}`);
  if (filters.provider) parts.push(`made by ${providerName(filters.provider)}`);
  if (filters.favourite) parts.push('favourites only');
  if (filters.since !== undefined || filters.until !== undefined) parts.push('a date range');
  return parts.length === 0 ? 'Try other words.' : `Showing ${parts.join(', ')}. Nothing matches all of them.`;
}

function shapeOf(entry: HistoryEntry, groupBy: GalleryGrouping): ItemShape {
  return {
    aspect: entry.width / entry.height,
    group: groupBy === 'day' ? dayKey(entry.createdAt) : groupBy === 'job' ? entry.jobId : undefined,
  };
}

/** Every design made so far, searchable offline, in a windowed grid. */
export function GalleryView() {
  const total = useGalleryStore((s) => s.total);
  const libraryTotal = useGalleryStore((s) => s.libraryTotal);
  const pages = useGalleryStore((s) => s.pages);
  const filters = useGalleryStore((s) => s.filters);
  const selection = useGalleryStore((s) => s.selection);
  const loadError = useGalleryStore((s) => s.loadError);
  const showRange = useGalleryStore((s) => s.showRange);
  const openDetail = useGalleryStore((s) => s.openDetail);
  const toggleSelected = useGalleryStore((s) => s.toggleSelected);
  const setView = useUiStore((s) => s.setView);
  const layout = useGalleryStore((s) => s.layout);
  const settings = useSettingsStore((s) => s.view);
  const clearFilters = useGalleryStore((s) => s.clearFilters);

  useEffect(() => {
    useGalleryStore.getState().refresh();
    // A job's image arrives with its saved entry: put it in place; a cached answer re-announces old entries, which stay where they are.
    return onNewImage((image) => {
      if (image.entry.jobId === image.jobId) useGalleryStore.getState().insertNew(image.entry);
    });
  }, []);

  const onToggle = useCallback((entry: HistoryEntry) => toggleSelected(entry.id), [toggleSelected]);
  const onDragOut = useCallback((entry: HistoryEntry) => {
    const selected = useGalleryStore.getState().selection;
    motif().library.startDrag(selected.has(entry.id) ? [...selected] : [entry.id]);
  }, []);

  const resetKey = JSON.stringify(filters);
  // Shapes of every item seen since the last new search, so evicted pages keep their place in the rows; `log`
  // lists indices as their shapes arrive (the grid lays out again only from there), and the aspect assumed for
  // items not loaded yet is the first page's average, fixed, so it does not move the rows already laid out.
  const shapes = useMemo(
    () => ({ map: new Map<number, ItemShape>(), log: [] as number[], fallbackAspect: undefined as number | undefined }),
    [resetKey, layout.groupBy, total],
  );
  const fallbackAspect = useMemo(() => {
    for (const [page, items] of pages)
      items.forEach((entry, offset) => {
        const index = page * GALLERY_PAGE_SIZE + offset;
        const shape = shapeOf(entry, layout.groupBy);
        const known = shapes.map.get(index);
        if (known?.aspect === shape.aspect && known.group === shape.group) return;
        shapes.map.set(index, shape);
        shapes.log.push(index);
      });
    if (shapes.fallbackAspect === undefined && shapes.map.size > 0) {
      let sum = 0;
      for (const shape of shapes.map.values()) sum += shape.aspect;
      shapes.fallbackAspect = sum / shapes.map.size;
    }
    return shapes.fallbackAspect ?? 1;
  }, [pages, shapes, layout.groupBy]);
  const shapeAt = useCallback((index: number) => shapes.map.get(index), [shapes]);
  const renderHeader = (index: number) => {
    const entry = itemAt(pages, index, GALLERY_PAGE_SIZE);
    if (!entry) return null;
    return layout.groupBy === 'job' ? (
      <h3 className="group-title" title={entry.prompt}>
        <span className="group-prompt">{entry.prompt}</span>
        <span className="group-when">
          {formatDay(entry.createdAt)}, {formatTime(entry.createdAt)}
        </span>
      </h3>
    ) : (
      <h3 className="group-title">{formatDay(entry.createdAt)}</h3>
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    // Escape lets go of a selection (a search box's own Escape clears the search first).
    if (event.key !== 'Escape' || selection.size === 0 || event.defaultPrevented) return;
    event.preventDefault();
    useGalleryStore.getState().setSelection([]);
  };
  const importDrop = useImportDrop();
  const selecting = selection.size > 0;
  const freshLibrary = libraryTotal === 0;

  return (
    <section className="gallery-view" aria-labelledby="gallery-title" onKeyDown={onKeyDown} {...importDrop}>
      <header className="view-head">
        <h1 id="gallery-title">Gallery</h1>
        <p className="view-sub">Everything you have made, on this computer. Search works offline.</p>
      </header>
      <GalleryToolbar />
      <ProjectBar />
      <SelectionBar />
      {loadError && (
        <p className="banner tone-danger" role="alert">
          {loadError}
        </p>
      )}
      <LibraryRepairNotice />
      {freshLibrary ? (
        <div className="empty-state">
          <Icon name="image" size={40} />
          <h2>Your library is empty</h2>
          <p>Designs you generate are saved here automatically, with their prompt, style and seed, so you can find and reuse them later.</p>
          <button type="button" className="primary" onClick={() => setView('studio')}>
            <Icon name="sparkles" /> Make your first design
          </button>
        </div>
      ) : total === 0 ? (
        <div className="empty-state small">
          <Icon name="search" size={32} />
          <h2>No designs match</h2>
          <p data-testid="active-filters">{describeFilters(filters, (id) => providerLabel(settings, id))}</p>
          {hasActiveFilters(filters) && (
            <button type="button" className="primary" onClick={clearFilters}>
              <Icon name="x" /> Clear filters
            </button>
          )}
        </div>
      ) : (
        <VirtualGrid
          itemCount={total ?? 0}
          shapeAt={shapeAt}
          shapesVersion={pages}
          shapeLog={shapes.log}
          fallbackAspect={fallbackAspect}
          targetRowHeight={layout.rowHeight}
          gap={TILE_GAP}
          captionHeight={CAPTION_HEIGHT}
          headerHeight={layout.groupBy === 'none' ? 0 : GROUP_HEADER_HEIGHT}
          overscanPx={600}
          label="Designs"
          resetKey={resetKey}
          onRangeChange={showRange}
          renderHeader={renderHeader}
          renderTile={(index) => {
            const entry = itemAt(pages, index, GALLERY_PAGE_SIZE);
            return (
              <GalleryTile
                entry={entry}
                index={index}
                selected={entry ? selection.has(entry.id) : false}
                selecting={selecting}
                grouped={layout.groupBy !== 'none'}
                onOpen={openDetail}
                onToggle={onToggle}
                onDragOut={onDragOut}
              />
            );
          }}
        />
      )}
    </section>
  );
}
