import { useCallback, useEffect } from 'react';
import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { motif } from '../../bridge.ts';
import { itemAt } from '../../lib/page-window.ts';
import { GALLERY_PAGE_SIZE, useGalleryStore } from '../../store/gallery-store.ts';
import { onNewImage } from '../../store/queue-store.ts';
import { useUiStore } from '../../store/ui-store.ts';
import { Icon } from '../common/icon.tsx';
import { GalleryTile } from './gallery-tile.tsx';
import { GalleryToolbar } from './gallery-toolbar.tsx';
import { LibraryRepairNotice } from './library-repair-notice.tsx';
import { SelectionBar } from './selection-bar.tsx';
import { VirtualGrid } from './virtual-grid.tsx';

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
  const selecting = selection.size > 0;
  const freshLibrary = libraryTotal === 0;

  return (
    <section className="gallery-view" aria-labelledby="gallery-title">
      <header className="view-head">
        <h1 id="gallery-title">Gallery</h1>
        <p className="view-sub">Everything you have made, on this computer. Search works offline.</p>
      </header>
      <GalleryToolbar />
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
          <p>Try other words, or clear a filter.</p>
        </div>
      ) : (
        <VirtualGrid
          itemCount={total ?? 0}
          minTileWidth={180}
          gap={14}
          captionHeight={48}
          overscanRows={2}
          label="Designs"
          resetKey={resetKey}
          onRangeChange={showRange}
          renderTile={(index) => {
            const entry = itemAt(pages, index, GALLERY_PAGE_SIZE);
            return (
              <GalleryTile
                entry={entry}
                index={index}
                selected={entry ? selection.has(entry.id) : false}
                selecting={selecting}
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
