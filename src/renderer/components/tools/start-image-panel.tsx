import { useRef } from 'react';
import { motif } from '../../bridge.ts';
import { toastError } from '../../store/ui-store.ts';
import { useStudioStore } from '../../store/studio-store.ts';
import { Icon } from '../common/icon.tsx';
import { dropProblem } from './image-drop-zone.tsx';
import { ImageTools } from './image-tools.tsx';

/**
 * The image the studio starts from: a file dropped onto the studio (or picked
 * with the button, for the keyboard), imported into the library, shown with
 * the tool row so it can be varied, extended, upscaled, … right away.
 */
export function StartImagePanel() {
  const startFrom = useStudioStore((s) => s.startFrom);
  const importing = useStudioStore((s) => s.importing);
  const importFile = useStudioStore((s) => s.importFile);
  const clearStartFrom = useStudioStore((s) => s.clearStartFrom);
  const picker = useRef<HTMLInputElement>(null);

  const filePicker = (
    <input
      ref={picker}
      type="file"
      accept="image/png,image/jpeg,image/webp"
      hidden
      data-testid="start-image-file"
      onChange={(event) => {
        const file = event.target.files?.[0];
        event.target.value = '';
        if (file === undefined) return;
        const problem = dropProblem(file);
        if (problem !== undefined) toastError(problem);
        else void importFile(file);
      }}
    />
  );

  if (importing !== undefined) {
    return (
      <section className="start-image panel" aria-label="Starting image" aria-busy="true">
        <p className="hint" role="status">
          <Icon name="image" /> Importing {importing}…
        </p>
      </section>
    );
  }

  if (startFrom === undefined) {
    return (
      <div className="start-image-empty">
        {filePicker}
        <button type="button" className="ghost small" onClick={() => picker.current?.click()}>
          <Icon name="image" /> Start from an image…
        </button>
        <span className="hint">or drop a PNG, JPEG or WebP here</span>
      </div>
    );
  }

  return (
    <section className="start-image panel" aria-label="Starting image" data-testid="start-image">
      <header className="start-image-head">
        <img src={motif().media.thumbnailUrl(startFrom.id)} alt="" draggable={false} />
        <div>
          <h2 className="field-label">Starting from</h2>
          <p className="start-image-name" title={startFrom.prompt}>
            {startFrom.prompt}
          </p>
          <p className="hint">
            {startFrom.width}×{startFrom.height}
          </p>
        </div>
        <button type="button" className="icon-button subtle" aria-label="Stop starting from this image" onClick={clearStartFrom}>
          <Icon name="x" />
        </button>
      </header>
      <ImageTools entry={startFrom} variant="card" />
    </section>
  );
}
