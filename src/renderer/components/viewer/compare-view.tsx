import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { motif } from '../../bridge.ts';

/**
 * Two or four designs side by side, each fitted into an equal pane, so
 * composition and colour can be judged against each other. Choosing one
 * returns to it in the single view.
 */
export function CompareView({ entries, onChoose }: { entries: readonly HistoryEntry[]; onChoose: (entry: HistoryEntry) => void }) {
  return (
    <ul className={`compare-view count-${entries.length > 2 ? 4 : 2}`} aria-label="Compare designs" data-testid="compare-view">
      {entries.map((entry, index) => (
        <li key={entry.id} className="compare-pane">
          <button
            type="button"
            className="compare-open"
            onClick={() => onChoose(entry)}
            aria-label={`Show design ${index + 1} alone: ${entry.prompt}`}
            title={entry.prompt}
          >
            <img
              src={motif().media.imageUrl(entry.id)}
              alt=""
              draggable
              onDragStart={(event) => {
                event.preventDefault();
                motif().library.startDrag([entry.id]);
              }}
            />
          </button>
          <span className="compare-caption">
            {index + 1}. {entry.prompt}
            {entry.seed !== undefined && <span className="compare-seed"> · seed {entry.seed}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
