import { memo, type MouseEvent } from 'react';
import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { styleLabel } from '../../../shared/catalog.ts';
import { motif } from '../../bridge.ts';
import { formatDateTime, formatTime } from '../../lib/format.ts';
import { Icon } from '../common/icon.tsx';
import { QuickActions } from './quick-actions.tsx';

interface GalleryTileProps {
  readonly entry: HistoryEntry | undefined;
  readonly index: number;
  readonly selected: boolean;
  readonly selecting: boolean;
  /** Within a day or job group the tile shows the time only; ungrouped, the date and time. */
  readonly grouped: boolean;
  readonly onOpen: (entry: HistoryEntry) => void;
  readonly onToggle: (entry: HistoryEntry) => void;
  readonly onDragOut: (entry: HistoryEntry) => void;
}

/**
 * One design in the gallery at its own aspect ratio (never cropped): its
 * thumbnail, a caption (the full prompt on hover), a select box, and quick
 * actions on hover.
 */
export const GalleryTile = memo(function GalleryTile({
  entry,
  index,
  selected,
  selecting,
  grouped,
  onOpen,
  onToggle,
  onDragOut,
}: GalleryTileProps) {
  if (!entry) {
    // Same element types as a loaded tile, so a focused placeholder keeps focus when its entry arrives.
    return (
      <div className="tile loading" aria-busy="true">
        <button type="button" className="tile-open" data-tile-focus aria-label={`Design ${index + 1}, loading`}>
          <span className="tile-thumb skeleton" />
          <span className="tile-caption">
            <span className="skeleton-line" />
          </span>
        </button>
      </div>
    );
  }
  const onClick = (event: MouseEvent<HTMLButtonElement>): void => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || selecting) onToggle(entry);
    else onOpen(entry);
  };
  const when = grouped ? formatTime(entry.createdAt) : formatDateTime(entry.createdAt);
  return (
    <div className={selected ? 'tile selected' : 'tile'} data-testid="gallery-tile" data-entry-id={entry.id}>
      <button
        type="button"
        className="tile-open"
        data-tile-focus
        draggable
        title={entry.prompt}
        onDragStart={(event) => {
          event.preventDefault();
          onDragOut(entry);
        }}
        onClick={onClick}
        aria-label={`${entry.prompt} — ${styleLabel(entry.style)}, ${formatDateTime(entry.createdAt)}`}
      >
        <span className="tile-thumb">
          <img
            src={motif().media.thumbnailUrl(entry.id)}
            alt=""
            width={entry.width}
            height={entry.height}
            loading="lazy"
            decoding="async"
            draggable={false}
          />
          <span className="tile-full-prompt" aria-hidden="true">
            {entry.prompt}
          </span>
        </span>
        <span className="tile-caption">
          <span className="tile-prompt">{entry.prompt}</span>
          <span className="tile-meta">
            {styleLabel(entry.style)} · {when}
          </span>
        </span>
      </button>
      <label className="tile-select" title={selected ? 'Deselect' : 'Select'}>
        <input type="checkbox" checked={selected} onChange={() => onToggle(entry)} aria-label={`Select design ${index + 1}`} />
        <span className="tile-check" aria-hidden="true">
          <Icon name="check" size={14} />
        </span>
      </label>
      <QuickActions entry={entry} />
    </div>
  );
});
