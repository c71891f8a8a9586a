import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../../bridge.ts';
import { useGalleryStore } from '../../store/gallery-store.ts';
import { usePrintStore } from '../../store/print-store.ts';
import { toastError, useUiStore } from '../../store/ui-store.ts';
import { Icon } from '../common/icon.tsx';

/** Asks the image tools for subtle variations of a design; they run as a job in the studio's queue. */
function vary(entry: HistoryEntry): void {
  motif()
    .tasks.submit({ task: 'vary', source: { entryId: entry.id }, strength: 'subtle', count: 4 })
    .then(
      () =>
        useUiStore.getState().pushToast('Making 4 variations.', {
          action: { label: 'Show in studio', run: () => useUiStore.getState().setView('studio') },
        }),
      (error: unknown) => toastError(userMessageOf(error)),
    );
}

/**
 * Favourite, vary, print and delete on a tile, shown on hover. They are not
 * tab stops (the viewer's keys F and Delete do the same from the keyboard), so
 * a tile stays two stops: open and select.
 */
export function QuickActions({ entry }: { entry: HistoryEntry }) {
  const store = useGalleryStore.getState;
  return (
    <div className="tile-actions" role="group" aria-label="Quick actions">
      <button
        type="button"
        tabIndex={-1}
        className={entry.favourite ? 'tile-action favourite pressed' : 'tile-action favourite'}
        aria-pressed={entry.favourite}
        aria-label={entry.favourite ? 'Remove from favourites' : 'Add to favourites'}
        title={entry.favourite ? 'Remove from favourites' : 'Add to favourites'}
        onClick={() => void store().setFavourite(entry, !entry.favourite)}
      >
        <Icon name="heart" size={15} />
      </button>
      <button
        type="button"
        tabIndex={-1}
        className="tile-action"
        aria-label="Make variations"
        title="Make variations"
        onClick={() => vary(entry)}
      >
        <Icon name="wand" size={15} />
      </button>
      <button
        type="button"
        tabIndex={-1}
        className="tile-action"
        aria-label="Print"
        title="Print"
        onClick={() => usePrintStore.getState().open([entry.id])}
      >
        <Icon name="image" size={15} />
      </button>
      <button
        type="button"
        tabIndex={-1}
        className="tile-action danger"
        aria-label="Delete"
        title="Delete (Undo in the message that follows)"
        onClick={() => void store().deleteEntries([entry.id])}
      >
        <Icon name="trash" size={15} />
      </button>
    </div>
  );
}
