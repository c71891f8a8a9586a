import { useEffect, useState } from 'react';
import type { HistoryEntry } from '../../../shared/motif-bridge.ts';
import { motif } from '../../bridge.ts';
import { useGalleryStore } from '../../store/gallery-store.ts';
import { Icon } from '../common/icon.tsx';
import { entryTaskLabel } from './tool-labels.ts';

/** How many generations back the chain is followed; older ancestors are summarised as "…". */
const MAX_DEPTH = 12;

/** An ancestor, or one the library no longer has (deleted since). */
type Ancestor = { readonly kind: 'entry'; readonly entry: HistoryEntry } | { readonly kind: 'missing'; readonly id: string };

interface Chain {
  readonly forId: string;
  /** Nearest first: the parent, its parent, … */
  readonly ancestors: readonly Ancestor[];
  /** True when the chain goes back further than MAX_DEPTH. */
  readonly truncated: boolean;
}

/** Follows `parentId` up the library, nearest first, stopping at an original, a deleted entry or a loop. */
async function loadAncestors(entry: HistoryEntry, signal: { cancelled: boolean }): Promise<Omit<Chain, 'forId'>> {
  const ancestors: Ancestor[] = [];
  const seen = new Set([entry.id]);
  let parentId = entry.parentId;
  while (parentId !== undefined && !seen.has(parentId) && ancestors.length < MAX_DEPTH && !signal.cancelled) {
    const id: string = parentId;
    seen.add(id);
    try {
      const parent = await motif().library.get(id);
      ancestors.push({ kind: 'entry', entry: parent });
      parentId = parent.parentId;
    } catch {
      ancestors.push({ kind: 'missing', id });
      parentId = undefined;
    }
  }
  return { ancestors, truncated: parentId !== undefined && !seen.has(parentId) };
}

/**
 * Where an image came from: "Made from <its parent>" (clickable), then the
 * whole chain back to the original, each step named by the tool that made it
 * ("Vary", "Upscale ×2"). Nothing is shown for an original.
 */
export function LineageView({ entry }: { readonly entry: HistoryEntry }) {
  const openDetail = useGalleryStore((s) => s.openDetail);
  const [chain, setChain] = useState<Chain | undefined>(undefined);

  useEffect(() => {
    if (entry.parentId === undefined) return undefined;
    const signal = { cancelled: false };
    void loadAncestors(entry, signal).then((loaded) => {
      if (!signal.cancelled) setChain({ forId: entry.id, ...loaded });
    });
    return () => {
      signal.cancelled = true;
    };
  }, [entry]);

  if (entry.parentId === undefined) return null;
  const current = chain?.forId === entry.id ? chain : undefined;
  const parent = current?.ancestors[0];
  // Oldest first, ending with this image; each step is labelled by the tool that made the next one.
  const steps = current ? [...current.ancestors].reverse() : [];

  return (
    <section className="lineage" aria-label="Lineage" data-testid="lineage">
      <p className="lineage-parent">
        <Icon name="history" /> {entryTaskLabel(entry)} · made from{' '}
        {parent === undefined ? (
          <span className="muted">…</span>
        ) : parent.kind === 'missing' ? (
          <span className="muted">an image since deleted</span>
        ) : (
          <button type="button" className="link-button" data-testid="lineage-parent" onClick={() => openDetail(parent.entry)}>
            {shortPrompt(parent.entry.prompt)}
          </button>
        )}
      </p>
      {steps.length > 0 && (
        <ol className="lineage-chain" aria-label="How this image was made, oldest first">
          {current?.truncated && (
            <li className="lineage-step muted" aria-label="Older steps not shown">
              …
            </li>
          )}
          {steps.map((step, index) => {
            const madeNext: Ancestor = steps[index + 1] ?? { kind: 'entry', entry };
            const arrowLabel = madeNext.kind === 'entry' ? entryTaskLabel(madeNext.entry) : undefined;
            return (
              <li key={step.kind === 'entry' ? step.entry.id : step.id} className="lineage-step">
                {step.kind === 'entry' ? (
                  <button
                    type="button"
                    className="lineage-thumb"
                    onClick={() => openDetail(step.entry)}
                    aria-label={`Open ${step.entry.task === undefined ? 'the original' : entryTaskLabel(step.entry)}: ${shortPrompt(step.entry.prompt)}`}
                    title={step.entry.prompt}
                  >
                    <img src={motif().media.thumbnailUrl(step.entry.id)} alt="" draggable={false} />
                  </button>
                ) : (
                  <span className="lineage-thumb missing" title="Deleted from the library">
                    <Icon name="trash" />
                  </span>
                )}
                {arrowLabel !== undefined && <span className="lineage-arrow">→ {arrowLabel}</span>}
              </li>
            );
          })}
          <li className="lineage-step current" aria-current="true">
            <span className="lineage-thumb">
              <img src={motif().media.thumbnailUrl(entry.id)} alt="This image" draggable={false} />
            </span>
          </li>
        </ol>
      )}
    </section>
  );
}

function shortPrompt(prompt: string): string {
  const text = prompt.trim() || 'an image';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
