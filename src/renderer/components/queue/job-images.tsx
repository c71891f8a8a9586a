import { useState, type KeyboardEvent } from 'react';
import type { HistoryEntry, JobSnapshot } from '../../../shared/motif-bridge.ts';
import { motif } from '../../bridge.ts';
import { parseSize } from '../../lib/sizes.ts';
import { useGalleryStore } from '../../store/gallery-store.ts';

/** Columns for a job's results: big enough to judge a design in the card (two across for two to four images). */
function columnsFor(count: number): number {
  return count <= 1 ? 1 : count === 3 ? 3 : count <= 4 ? 2 : 3;
}

/**
 * The job's images as they arrive, with placeholders for those still to come.
 * The images are one tab stop (arrow keys move between them), so a card does
 * not add a stop per image; each can be opened in the viewer or dragged out.
 */
export function JobImages({ job, images, active }: { job: JobSnapshot; images: readonly HistoryEntry[]; active: boolean }) {
  const openDetail = useGalleryStore((s) => s.openDetail);
  const [current, setCurrent] = useState(0);
  const size = parseSize(job.request.size) ?? { width: 1, height: 1 };
  const pending = active ? Math.max(0, job.expected - images.length) : 0;
  if (images.length === 0 && pending === 0) return null;
  const focused = Math.min(current, Math.max(0, images.length - 1));
  const columns = columnsFor(images.length + pending);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const step = { ArrowRight: 1, ArrowDown: columns, ArrowLeft: -1, ArrowUp: -columns, Home: -images.length, End: images.length }[
      event.key
    ];
    if (step === undefined || images.length === 0) return;
    event.preventDefault();
    const next = Math.min(images.length - 1, Math.max(0, focused + step));
    setCurrent(next);
    event.currentTarget.querySelectorAll<HTMLElement>('.job-image')[next]?.focus();
  };

  return (
    <ul className={`job-images columns-${columns}`} aria-label="Images" onKeyDown={onKeyDown}>
      {images.map((entry, index) => (
        <li key={entry.id} style={{ aspectRatio: `${entry.width} / ${entry.height}` }}>
          <button
            type="button"
            className="job-image"
            data-testid="job-image"
            tabIndex={index === focused ? 0 : -1}
            draggable
            onDragStart={(event) => {
              event.preventDefault();
              motif().library.startDrag([entry.id]);
            }}
            onFocus={() => setCurrent(index)}
            onClick={() => openDetail(entry)}
            aria-label={`Open image ${index + 1} of ${job.expected}`}
            title="Open in the viewer, or drag out to another app"
          >
            <img
              src={motif().media.thumbnailUrl(entry.id)}
              srcSet={`${motif().media.thumbnailUrl(entry.id)} 256w, ${motif().media.imageUrl(entry.id)} ${entry.width}w`}
              sizes={columns === 1 ? '480px' : '360px'}
              alt=""
              decoding="async"
              draggable={false}
            />
          </button>
        </li>
      ))}
      {Array.from({ length: pending }, (_, i) => (
        <li key={`pending-${i}`} className="job-image-pending" style={{ aspectRatio: `${size.width} / ${size.height}` }}>
          <span className="visually-hidden">Image {images.length + i + 1} on its way</span>
        </li>
      ))}
    </ul>
  );
}
