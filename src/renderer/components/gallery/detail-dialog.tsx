import { useEffect, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { useModalDialog } from '../common/use-modal-dialog.ts';
import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { describeOfflineDesign, offlineDesignReport, styleLabel } from '../../../shared/catalog.ts';
import { motif } from '../../bridge.ts';
import { formatBytes, formatCost, formatDateTime, formatDuration, formatSize } from '../../lib/format.ts';
import { compareSet, neighboursOf, useGalleryStore } from '../../store/gallery-store.ts';
import { providerLabel, useSettingsStore } from '../../store/settings-store.ts';
import { useStudioStore } from '../../store/studio-store.ts';
import { useUiStore } from '../../store/ui-store.ts';
import { EntryOrganiser } from '../projects/entry-organiser.tsx';
import { Icon } from '../common/icon.tsx';
import { AttemptTrail } from '../queue/attempt-trail.tsx';
import { usePrintStore } from '../../store/print-store.ts';
import { ImageTools } from '../tools/image-tools.tsx';
import { toastError } from '../../store/ui-store.ts';
import { CompareView } from '../viewer/compare-view.tsx';
import { ZoomStage, type ZoomControls } from '../viewer/zoom-stage.tsx';
import { userMessageOf } from '../../bridge.ts';

function warningText(warning: HistoryEntry['warnings'][number]): string {
  return warning.type === 'other' ? warning.message : `${warning.setting}: ${warning.details}`;
}

/** Keys the viewer answers (also listed in its help line). */
const SHORTCUTS = '← → browse · F favourite · Delete · C compare · 0 fit · 1 100 % · + − zoom · Esc close';

/**
 * The viewer: one design big (fit, 100 %, zoom and pan) or two to four side by
 * side, with how it was made and what to do with it. Its geometry is fixed, so
 * ← / → and the buttons stay put whatever the image's shape.
 */
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
  const ref = useModalDialog(Boolean(entry));
  const zoom = useRef<ZoomControls>(null);
  const [compare, setCompare] = useState<0 | 2 | 4>(0);

  useEffect(() => {
    if (!entry) setCompare(0);
  }, [entry]);

  if (!entry) return <dialog ref={ref} className="modal detail-dialog" aria-label="Design details" onClose={closeDetail} />;

  const label = (id: string): string => providerLabel(settings, id);
  const { previous, next } = neighboursOf(entry);
  const comparing = compare > 0 ? compareSet(entry, compare) : [];
  const drew = offlineDesignReport(entry.providerMetadata);
  const copyPrompt = (): void => {
    navigator.clipboard.writeText(entry.prompt).then(
      () => pushToast('Prompt copied.', { tone: 'success', timeoutMs: 3000 }),
      () => pushToast('Could not reach the clipboard.', { tone: 'error' }),
    );
  };
  const copyImage = (): void => {
    motif()
      .library.copyImage(entry.id)
      .then(
        () => pushToast('Image copied.', { tone: 'success' }),
        (error: unknown) => toastError(userMessageOf(error)),
      );
  };
  const toggleCompare = (count: 2 | 4): void => setCompare(compare === count ? 0 : count);
  const keys: Record<string, () => void> = {
    ArrowLeft: () => previous && openDetail(previous),
    ArrowRight: () => next && openDetail(next),
    f: () => void setFavourite(entry, !entry.favourite),
    Delete: () => void deleteEntries([entry.id]),
    Backspace: () => void deleteEntries([entry.id]),
    c: () => toggleCompare(2),
    '0': () => zoom.current?.fit(),
    '1': () => zoom.current?.actualSize(),
    '+': () => zoom.current?.zoom('in'),
    '=': () => zoom.current?.zoom('in'),
    '-': () => zoom.current?.zoom('out'),
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if ((event.target as HTMLElement).closest('input, textarea, select, summary')) return;
    if ((event.ctrlKey || event.metaKey) && event.key === 'c' && !window.getSelection()?.toString()) {
      event.preventDefault();
      copyImage();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const action = keys[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action) return;
    // Space and Enter stay with the focused button; these keys are the viewer's.
    event.preventDefault();
    action();
  };
  // Escape leaves compare first, then closes.
  const onCancel = (event: SyntheticEvent<HTMLDialogElement>): void => {
    if (compare === 0) return;
    event.preventDefault();
    setCompare(0);
  };

  return (
    <dialog
      ref={ref}
      className="modal detail-dialog"
      aria-labelledby="detail-title"
      onClose={closeDetail}
      onCancel={onCancel}
      onKeyDown={onKeyDown}
      data-testid="detail-dialog"
    >
      <div className="detail-layout">
        <section className="viewer-stage-area" aria-label="Image">
          <div className="viewer-bar" role="toolbar" aria-label="View">
            {([2, 4] as const).map((count) => (
              <button
                key={count}
                type="button"
                className={compare === count ? 'ghost small pressed' : 'ghost small'}
                aria-pressed={compare === count}
                onClick={() => toggleCompare(count)}
                title={count === 2 ? 'Compare two side by side (C)' : 'Compare four'}
              >
                <Icon name="columns" /> Compare {count}
              </button>
            ))}
            <span className="viewer-shortcuts">{SHORTCUTS}</span>
          </div>
          {compare > 0 ? (
            <CompareView
              entries={comparing}
              onChoose={(chosen) => {
                setCompare(0);
                openDetail(chosen);
              }}
            />
          ) : (
            <ZoomStage entry={entry} controls={zoom} />
          )}
          <button
            type="button"
            className="viewer-step previous"
            aria-label="Previous design"
            title="Previous (←)"
            disabled={!previous}
            onClick={() => previous && openDetail(previous)}
          >
            <Icon name="up" className="rotate-left" size={22} />
          </button>
          <button
            type="button"
            className="viewer-step next"
            aria-label="Next design"
            title="Next (→)"
            disabled={!next}
            onClick={() => next && openDetail(next)}
          >
            <Icon name="up" className="rotate-right" size={22} />
          </button>
        </section>
        <div className="detail-info">
          <header className="detail-head">
            <h2 id="detail-title">Design details</h2>
            <button type="button" className="icon-button" aria-label="Close details" title="Close (Esc)" onClick={closeDetail}>
              <Icon name="x" />
            </button>
          </header>
          <section aria-label="Prompt">
            <h3 className="field-label">{entry.caption === undefined ? 'Prompt' : 'Caption'}</h3>
            <p className="detail-prompt">{entry.prompt}</p>
            {entry.caption !== undefined && (
              <p className="detail-caption-note" data-testid="detail-caption-note">
                Described by {label(entry.caption.provider)} from the imported image ({formatCost(entry.caption.costUsd)})
              </p>
            )}
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
            <button type="button" className="secondary small" onClick={copyImage} title="Copy the image (Ctrl+C)">
              <Icon name="image" /> Copy image
            </button>
            <button
              type="button"
              className={entry.favourite ? 'secondary small pressed favourite-toggle' : 'secondary small favourite-toggle'}
              aria-pressed={entry.favourite}
              title="Favourite (F)"
              onClick={() => void setFavourite(entry, !entry.favourite)}
            >
              <Icon name="heart" /> Favourite
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
          <EntryOrganiser entry={entry} />
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
