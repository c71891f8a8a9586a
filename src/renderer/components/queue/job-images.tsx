import type { HistoryEntry, JobSnapshot } from '../../../shared/motif-bridge.ts';
import { motif } from '../../bridge.ts';
import { parseSize } from '../../lib/sizes.ts';
import { useGalleryStore } from '../../store/gallery-store.ts';

/** The job's images as they arrive, with placeholders for those still to come. */
export function JobImages({ job, images, active }: { job: JobSnapshot; images: readonly HistoryEntry[]; active: boolean }) {
  const openDetail = useGalleryStore((s) => s.openDetail);
  const size = parseSize(job.request.size) ?? { width: 1, height: 1 };
  const pending = active ? Math.max(0, job.expected - images.length) : 0;
  if (images.length === 0 && pending === 0) return null;
  return (
    <ul className="job-images" aria-label="Images">
      {images.map((entry, index) => (
        <li key={entry.id} style={{ aspectRatio: `${entry.width} / ${entry.height}` }}>
          <button
            type="button"
            className="job-image"
            data-testid="job-image"
            onClick={() => openDetail(entry)}
            aria-label={`Open image ${index + 1} of ${job.expected}`}
          >
            <img src={motif().media.thumbnailUrl(entry.id)} alt="" decoding="async" draggable={false} />
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
