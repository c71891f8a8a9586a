import { useEffect, useState } from 'react';
import { useModalDialog } from '../common/use-modal-dialog.ts';
import type { CatalogueModel, ModelSearchQuery } from '../../../shared/motif-bridge.ts';
import { MODEL_ARCHITECTURE_LABELS, MODEL_CATEGORIES } from '../../../shared/catalog.ts';
import { motif } from '../../bridge.ts';
import { formatCost } from '../../lib/format.ts';
import { CATALOGUE_PAGE_SIZE, useModelsStore } from '../../store/models-store.ts';
import { useDebounced } from '../common/use-debounced.ts';
import { Icon } from '../common/icon.tsx';

const CATEGORY_LABELS: Readonly<Record<(typeof MODEL_CATEGORIES)[number], string>> = {
  checkpoint: 'Checkpoints',
  lora: 'LoRAs',
  lycoris: 'LyCORIS',
  controlnet: 'ControlNets',
  vae: 'VAEs',
  embeddings: 'Embeddings',
};

/**
 * "More models…": the model catalogue. Search by name and tags, filter by
 * category and architecture, page through results with previews (served by
 * main through `motif-media:`, never loaded from the internet by this page)
 * and prices where known; pin checkpoints to the model menu and LoRAs to the
 * LoRA picker.
 */
export function ModelCatalogueDialog() {
  const open = useModelsStore((s) => s.open);
  const setOpen = useModelsStore((s) => s.setOpen);
  const filters = useModelsStore((s) => s.filters);
  const setFilters = useModelsStore((s) => s.setFilters);
  const page = useModelsStore((s) => s.page);
  const status = useModelsStore((s) => s.status);
  const error = useModelsStore((s) => s.error);
  const goTo = useModelsStore((s) => s.goTo);
  const [text, setText] = useState(filters.search ?? '');
  const debounced = useDebounced(text, 300);
  const ref = useModalDialog(open);

  useEffect(() => {
    if (open && debounced !== (filters.search ?? '')) setFilters({ search: debounced });
  }, [debounced, open, filters.search, setFilters]);

  const first = page && page.models.length > 0 ? page.offset + 1 : 0;
  const last = page ? page.offset + page.models.length : 0;

  return (
    <dialog
      ref={ref}
      className="modal catalogue-dialog"
      aria-labelledby="catalogue-title"
      onClose={() => setOpen(false)}
      data-testid="catalogue-dialog"
    >
      {open && (
        <div className="catalogue-body">
          <header className="catalogue-head">
            <h2 id="catalogue-title">More models</h2>
            <button type="button" className="icon-button" aria-label="Close" onClick={() => setOpen(false)}>
              <Icon name="x" />
            </button>
          </header>
          <div className="catalogue-filters" role="search">
            <label className="catalogue-search">
              <Icon name="search" />
              <input
                type="search"
                aria-label="Search models"
                placeholder="Search by name or tag: watercolor, sticker, poster…"
                value={text}
                maxLength={200}
                onChange={(event) => setText(event.target.value)}
              />
            </label>
            <select
              aria-label="Category"
              value={filters.category ?? ''}
              onChange={(event) => setFilters({ category: (event.target.value || undefined) as ModelSearchQuery['category'] })}
            >
              <option value="">All categories</option>
              {MODEL_CATEGORIES.map((category) => (
                <option key={category} value={category}>
                  {CATEGORY_LABELS[category]}
                </option>
              ))}
            </select>
            <select
              aria-label="Architecture"
              value={filters.architecture ?? ''}
              onChange={(event) => setFilters({ architecture: (event.target.value || undefined) as ModelSearchQuery['architecture'] })}
            >
              <option value="">All architectures</option>
              {Object.entries(MODEL_ARCHITECTURE_LABELS).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          {page?.offline && (
            <p className="banner tone-warning" role="status" data-testid="catalogue-offline">
              {page.offline.message}
            </p>
          )}
          {status === 'error' && (
            <p className="banner tone-danger" role="alert">
              {error}
            </p>
          )}
          <ul className="catalogue-results" aria-label="Models" aria-busy={status === 'loading'}>
            {page?.models.map((model) => (
              <ModelRow key={`${model.provider}/${model.air}`} model={model} />
            ))}
          </ul>
          {page && page.models.length === 0 && status !== 'loading' && (
            <p className="hint">No models match. Try fewer words or another category.</p>
          )}
          <footer className="catalogue-foot">
            <span className="hint" aria-live="polite">
              {status === 'loading'
                ? 'Searching…'
                : page
                  ? `${first}–${last} of ${page.total}${page.source === 'cache' ? ' · from cache' : ''}`
                  : ''}
            </span>
            <div className="catalogue-paging">
              <button
                type="button"
                className="secondary"
                disabled={!page || page.offset === 0}
                onClick={() => goTo((page?.offset ?? 0) - CATALOGUE_PAGE_SIZE)}
              >
                Previous
              </button>
              <button type="button" className="secondary" disabled={!page || last >= page.total} onClick={() => goTo(last)}>
                Next
              </button>
            </div>
          </footer>
        </div>
      )}
    </dialog>
  );
}

function ModelRow({ model }: { model: CatalogueModel }) {
  const busy = useModelsStore((s) => s.busy === model.air);
  const pin = useModelsStore((s) => s.pin);
  const unpin = useModelsStore((s) => s.unpin);
  const pinnable = !model.builtIn && (model.category === 'checkpoint' || model.category === 'lora');
  const facts = [
    model.category,
    model.architecture
      ? (MODEL_ARCHITECTURE_LABELS[model.architecture as keyof typeof MODEL_ARCHITECTURE_LABELS] ?? model.architecture)
      : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <li className="catalogue-row" data-air={model.air}>
      {model.hasPreview ? (
        <img className="catalogue-preview" src={motif().media.modelPreviewUrl(model.air)} alt="" width={64} height={64} />
      ) : (
        <span className="catalogue-preview catalogue-preview-none" aria-hidden="true">
          <Icon name="image" />
        </span>
      )}
      <div className="catalogue-info">
        <strong className="catalogue-name">{model.name}</strong>
        <span className="hint">
          {facts} · <code>{model.air}</code>
        </span>
        {model.tags.length > 0 && <span className="catalogue-tags">{model.tags.slice(0, 5).join(', ')}</span>}
      </div>
      <span className="catalogue-price">
        {model.pricePerImageUsd === undefined ? 'Price unknown' : `${formatCost(model.pricePerImageUsd)} / image`}
      </span>
      {model.builtIn ? (
        <span className="catalogue-badge">Built in</span>
      ) : pinnable ? (
        <button
          type="button"
          className={model.pinned ? 'secondary pressed' : 'secondary'}
          aria-pressed={model.pinned}
          aria-label={`${model.pinned ? 'Unpin' : 'Pin'} ${model.name}`}
          disabled={busy}
          onClick={() => void (model.pinned ? unpin(model.air, model.name) : pin(model.air, model.name))}
        >
          {model.pinned ? 'Pinned' : 'Pin'}
        </button>
      ) : (
        <span className="catalogue-badge" title="Only checkpoints and LoRAs can be used from the studio">
          Not pinnable
        </span>
      )}
    </li>
  );
}
