import { useId, useState } from 'react';
import type { HistoryEntry, JobSnapshot } from '../../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../../bridge.ts';
import { useGalleryStore } from '../../store/gallery-store.ts';
import { toastError } from '../../store/ui-store.ts';
import { Icon } from '../common/icon.tsx';
import { ChoiceGroup } from './choice-group.tsx';
import { ImageTools } from './image-tools.tsx';

/**
 * A tool job's line on its queue card: what it does and the image it was
 * made from ("Upscale ×2 · made from …", clickable).
 */
export function JobTaskLine({ job }: { readonly job: JobSnapshot }) {
  const openDetail = useGalleryStore((s) => s.openDetail);
  if (job.task === undefined || job.task.kind === 'upload') return null;
  const sourceId = job.task.sourceEntryId;
  const open = (): void => {
    motif()
      .library.get(sourceId)
      .then(openDetail, (error: unknown) => toastError(userMessageOf(error)));
  };
  return (
    <p className="job-task" data-testid="job-task">
      <Icon name="history" /> {job.task.label} · made from{' '}
      <button type="button" className="link-button" onClick={open}>
        <img src={motif().media.thumbnailUrl(sourceId)} alt="" className="job-task-thumb" draggable={false} />
        {job.request.prompt.length > 48 ? `${job.request.prompt.slice(0, 45)}…` : job.request.prompt}
      </button>
    </p>
  );
}

/** "Use a tool…" on a finished queue card: the tool row for one of its images. */
export function JobImageTools({ images }: { readonly images: readonly HistoryEntry[] }) {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState(0);
  const panelId = useId();
  const entry = images[Math.min(picked, images.length - 1)];
  if (entry === undefined) return null;
  return (
    <div className="job-tools">
      <button
        type="button"
        className="ghost small"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen(!open)}
      >
        <Icon name="wand" /> {open ? 'Hide tools' : 'Use a tool…'}
      </button>
      {open && (
        <div id={panelId} className="job-tools-panel">
          {images.length > 1 && (
            <ChoiceGroup
              legend="On image"
              value={picked}
              onChange={setPicked}
              choices={images.map((image, index) => ({ value: index, label: `Image ${index + 1}` }))}
            />
          )}
          <ImageTools entry={entry} variant="card" />
        </div>
      )}
    </div>
  );
}
