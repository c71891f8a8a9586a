import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../../bridge.ts';
import { useGalleryStore } from '../../store/gallery-store.ts';
import { usePrintStore } from '../../store/print-store.ts';
import { toastError, useUiStore } from '../../store/ui-store.ts';
import { Icon, type IconName } from '../common/icon.tsx';

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

/** One hover action: an icon button named by its label, not a tab stop. */
function TileAction({
  label,
  title = label,
  icon,
  tone,
  pressed,
  onClick,
}: {
  label: string;
  title?: string;
  icon: IconName;
  tone?: 'favourite' | 'danger';
  pressed?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      tabIndex={-1}
      className={['tile-action', tone, pressed ? 'pressed' : undefined].filter(Boolean).join(' ')}
      aria-pressed={pressed}
      aria-label={label}
      title={title}
      onClick={onClick}
    >
      <Icon name={icon} size={15} />
    </button>
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
      <TileAction
        label={entry.favourite ? 'Remove from favourites' : 'Add to favourites'}
        icon="heart"
        tone="favourite"
        pressed={entry.favourite}
        onClick={() => void store().setFavourite(entry, !entry.favourite)}
      />
      <TileAction label="Make variations" icon="wand" onClick={() => vary(entry)} />
      <TileAction label="Print" icon="image" onClick={() => usePrintStore.getState().open([entry.id])} />
      <TileAction
        label="Delete"
        title="Delete (Undo in the message that follows)"
        icon="trash"
        tone="danger"
        onClick={() => void store().deleteEntries([entry.id])}
      />
    </div>
  );
}
