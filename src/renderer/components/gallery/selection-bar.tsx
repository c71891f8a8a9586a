import { useGalleryStore } from '../../store/gallery-store.ts';
import { Icon } from '../common/icon.tsx';
import { usePrintStore } from '../../store/print-store.ts';

/** Actions on the selected designs: export, drag out, delete (with undo). */
export function SelectionBar() {
  const selection = useGalleryStore((s) => s.selection);
  const setSelection = useGalleryStore((s) => s.setSelection);
  const exportEntries = useGalleryStore((s) => s.exportEntries);
  const deleteEntries = useGalleryStore((s) => s.deleteEntries);
  if (selection.size === 0) return null;
  const ids = [...selection];
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected designs">
      <span className="selection-count">{selection.size} selected</span>
      <button type="button" className="secondary small" onClick={() => void exportEntries(ids, 'folder')}>
        <Icon name="folder" /> Export to folder
      </button>
      <button type="button" className="secondary small" onClick={() => void exportEntries(ids, 'zip')}>
        <Icon name="download" /> Export ZIP
      </button>
      <button type="button" className="secondary small" onClick={() => usePrintStore.getState().open(ids)}>
        <Icon name="image" /> Print
      </button>
      <button type="button" className="danger small" onClick={() => void deleteEntries(ids)}>
        <Icon name="trash" /> Delete
      </button>
      <button type="button" className="ghost small" onClick={() => setSelection([])}>
        Clear selection
      </button>
    </div>
  );
}
