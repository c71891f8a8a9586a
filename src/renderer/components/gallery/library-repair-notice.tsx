import { useEffect, useState } from 'react';
import type { LibraryCheck } from '../../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../../bridge.ts';
import { useGalleryStore } from '../../store/gallery-store.ts';
import { toastError, useUiStore } from '../../store/ui-store.ts';

/**
 * Tells the designer when the library's index does not account for every
 * image (an unreadable line, an image with no entry) and offers the repair,
 * which brings those images back and deletes nothing.
 */
export function LibraryRepairNotice() {
  const [check, setCheck] = useState<LibraryCheck | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    motif()
      .library.check()
      .then(
        (result) => live && setCheck(result),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, []);

  if (check === undefined || check.unreadableLines + check.unaccountedImages + check.missingVectors === 0) return null;

  const repair = async (): Promise<void> => {
    setBusy(true);
    try {
      const done = await motif().library.repair();
      useUiStore
        .getState()
        .pushToast(`Repaired: ${done.recovered} image(s) back in the gallery, ${done.setAside} unreadable line(s) set aside.`);
      setCheck(await motif().library.check());
      useGalleryStore.getState().refresh();
    } catch (error) {
      toastError(userMessageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="banner tone-warning" role="status">
      <span>
        {check.unreadableLines > 0 && `${check.unreadableLines} line(s) of the library index could not be read (kept, not lost). `}
        {check.unaccountedImages > 0 && `${check.unaccountedImages} image(s) are in the library folder but not in the gallery. `}
        {check.missingVectors > 0 &&
          `${check.missingVectors} offline design(s) lost their SVG file; the images are fine and print redraws the vectors. `}
        Nothing has been deleted.
      </span>
      <button type="button" className="primary small" disabled={busy} onClick={() => void repair()}>
        Repair
      </button>
    </div>
  );
}
