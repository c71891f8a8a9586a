import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { describeOfflineDesign, offlineDesignReport, styleLabel } from '../../../shared/catalog.ts';
import { motif } from '../../bridge.ts';
import { formatBytes, formatCost, formatDateTime, formatDuration, formatSize } from '../../lib/format.ts';
import { itemAt } from '../../lib/page-window.ts';
import { GALLERY_PAGE_SIZE, useGalleryStore } from '../../store/gallery-store.ts';
import { providerLabel, useSettingsStore } from '../../store/settings-store.ts';
import { useStudioStore } from '../../store/studio-store.ts';
import { useUiStore } from '../../store/ui-store.ts';
import { Icon } from '../common/icon.tsx';
import { AttemptTrail } from '../queue/attempt-trail.tsx';
import { usePrintStore } from '../../store/print-store.ts';
import { ImageTools } from '../tools/image-tools.tsx';

function warningText(warning: HistoryEntry['warnings'][number]): string {
  return warning.type === 'other' ? warning.message : `${warning.setting}: ${warning.details}`;
}

/** Where an entry sits in the loaded gallery pages, for ← / → navigation. */
function neighbours(entry: HistoryEntry): { previous: HistoryEntry | undefined; next: HistoryEntry | undefined } {
  const { pages } = useGalleryStore.getState();
  for (const [page, items] of pages) {
    const offset = items.findIndex((item) => item.id === entry.id);
    if (offset === -1) continue;
    const index = page * GALLERY_PAGE_SIZE + offset;
    return {
      previous: index > 0 ? itemAt(pages, index - 1, GALLERY_PAGE_SIZE) : undefined,
      next: itemAt(pages, index + 1, GALLERY_PAGE_SIZE),
    };
  }
  return { previous: undefined, next: undefined };
}

/** Everything about one design: the full image, how it was made, and what to do with it. */
export function DetailDialog() {
  const entry = useGalleryStore((s) => s.detail);
  // Re-render when pages load or are evicted, so ← / → know their neighbours.
  useGalleryStore((s) => s.pages);
  const closeDetail = useGalleryStore((s) => s.closeDetail);
  const openDetail = useGalleryStore((s) => s.openDetail);
  const setFavourite = useGalleryStore((s) => s.setFavourite);
  const deleteEntries = useGalleryStore((s) => s.deleteEntries);
  const exportEntries = useGalleryStore((s) => s.exportEntries);
  const settings = useSettingsStore((s) => s.view);
  const reuse = useStudioStore((s) => s.reuse);
  const setView = useUiStore((s) => s.setView);
  const pushToast = useUiStore((s) => s.pushToast);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (entry && !dialog.open) dialog.showModal();
    if (!entry && dialog.open) dialog.close();
  }, [entry]);

  if (!entry) return <dialog ref={ref} className="detail-dialog" aria-label="Design details" onClose={closeDetail} />;

  const label = (id: string): string => providerLabel(settings, id);
  const { previous, next } = neighbours(entry);
  const drew = offlineDesignReport(entry.providerMetadata);
  const copyPrompt = (): void => {
    navigator.clipboard.writeText(entry.prompt).then(
      () => pushToast('Prompt copied.', { tone: 'success', timeoutMs: 3000 }),
      () => pushToast('Could not reach the clipboard.', { tone: 'error' }),
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if ((event.target as HTMLElement).closest('input, textarea, select, summary')) return;
    if (event.key === 'ArrowLeft' && previous) openDetail(previous);
    else if (event.key === 'ArrowRight' && next) openDetail(next);
  };

  return (
    <dialog
      ref={ref}
      className="detail-dialog"
      aria-labelledby="detail-title"
      onClose={closeDetail}
      onKeyDown={onKeyDown}
      data-testid="detail-dialog"
    >
      <div className="detail-layout">
        <figure className="detail-image" style={{ aspectRatio: `${entry.width} / ${entry.height}` }}>
          <img key={entry.id} src={motif().media.imageUrl(entry.id)} alt={entry.prompt} draggable={false} />
        </figure>
        <div className="detail-info">
          <header className="detail-head">
            <h2 id="detail-title">Design details</h2>
            <div className="detail-nav">
              <button
                type="button"
                className="icon-button"
                aria-label="Previous design"
                disabled={!previous}
                onClick={() => previous && openDetail(previous)}
              >
                <Icon name="up" className="rotate-left" />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label="Next design"
                disabled={!next}
                onClick={() => next && openDetail(next)}
              >
                <Icon name="up" className="rotate-right" />
              </button>
              <button type="button" className="icon-button" aria-label="Close details" onClick={closeDetail}>
                <Icon name="x" />
              </button>
            </div>
          </header>
          <section aria-label="Prompt">
            <h3 className="field-label">Prompt</h3>
            <p className="detail-prompt">{entry.prompt}</p>
            {entry.negativePrompt && (
              <>
                <h3 className="field-label">Leave out</h3>
                <p className="detail-negative">{entry.negativePrompt}</p>
              </>
            )}
          </section>
          <div className="detail-actions">
            <button
              type="button"
              className="primary small"
              onClick={() => {
                reuse(entry, settings?.models ?? []);
                closeDetail();
                setView('studio');
              }}
            >
              <Icon name="refresh" /> Reuse settings
            </button>
            <button type="button" className="secondary small" onClick={copyPrompt}>
              <Icon name="copy" /> Copy prompt
            </button>
            <button
              type="button"
              className={entry.favourite ? 'secondary small pressed' : 'secondary small'}
              aria-pressed={entry.favourite}
              onClick={() => void setFavourite(entry, !entry.favourite)}
            >
              <Icon name="heart" /> {entry.favourite ? 'Favourite' : 'Add to favourites'}
            </button>
            <button type="button" className="secondary small" onClick={() => void exportEntries([entry.id], 'folder')}>
              <Icon name="download" /> Export
            </button>
            <button
              type="button"
              className="secondary small"
              onClick={() => {
                closeDetail();
                usePrintStore.getState().open([entry.id]);
              }}
            >
              <Icon name="image" /> Print
            </button>
            <button type="button" className="danger small" onClick={() => void deleteEntries([entry.id])}>
              <Icon name="trash" /> Delete
            </button>
          </div>
          <ImageTools
            entry={entry}
            onStarted={() => {
              closeDetail();
              setView('studio');
            }}
          />
          <dl className="detail-facts">
            <dt>Style</dt>
            <dd>{styleLabel(entry.style)}</dd>
            <dt>Size</dt>
            <dd>
              {formatSize(entry.width, entry.height)} · {entry.format.toUpperCase()} · {formatBytes(entry.bytes)}
            </dd>
            <dt>Seed</dt>
            <dd>{entry.seed ?? 'unknown'}</dd>
            <dt>Provider</dt>
            <dd data-testid="detail-provider">
              {label(entry.provider)}
              {entry.fallback && <span className="served-badge fallback">fallback</span>}
            </dd>
            <dt>Model</dt>
            <dd>{entry.model}</dd>
            <dt>Cost</dt>
            <dd data-testid="detail-cost">{formatCost(entry.costUsd)}</dd>
            <dt>Latency</dt>
            <dd>{formatDuration(entry.latencyMs)}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(entry.createdAt)}</dd>
          </dl>
          {drew !== undefined && (
            // What the offline engine drew and which words it did not know, so a designer can rephrase.
            <p className="detail-drew" data-testid="detail-drew">
              <Icon name="info" /> {describeOfflineDesign(drew)}
            </p>
          )}
          {entry.warnings.length > 0 && (
            <section className="detail-warnings" aria-label="Warnings">
              <h3 className="field-label">What the provider could not honour</h3>
              <ul>
                {entry.warnings.map((warning, index) => (
                  <li key={index}>
                    <Icon name="info" /> {warningText(warning)}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <AttemptTrail attempts={entry.attempts} label={label} open={entry.fallback} />
        </div>
      </div>
    </dialog>
  );
}
