import { useEffect, useState } from 'react';
import { STYLE_IDS, STYLES, isStyleId } from '../../../shared/catalog.ts';
import { formatCount } from '../../lib/format.ts';
import { useGalleryStore } from '../../store/gallery-store.ts';
import { useSettingsStore } from '../../store/settings-store.ts';
import { useDebounced } from '../common/use-debounced.ts';
import { Icon } from '../common/icon.tsx';
import { motif, userMessageOf } from '../../bridge.ts';
import { toastError } from '../../store/ui-store.ts';

const SEARCH_DEBOUNCE_MS = 250;
const DAY_MS = 86_400_000;

/** `yyyy-mm-dd` from a date input to local midnight in epoch ms. */
function dayStart(value: string): number | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d).getTime();
}

/** Search by prompt, and filter by style, provider, favourites and dates. */
export function GalleryToolbar() {
  const filters = useGalleryStore((s) => s.filters);
  const total = useGalleryStore((s) => s.total);
  const setFilters = useGalleryStore((s) => s.setFilters);
  const providers = useSettingsStore((s) => s.view?.providers);
  const [text, setText] = useState(filters.text);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const debouncedText = useDebounced(text, SEARCH_DEBOUNCE_MS);

  useEffect(() => {
    if (debouncedText !== useGalleryStore.getState().filters.text) setFilters({ text: debouncedText });
  }, [debouncedText, setFilters]);

  const setDates = (nextFrom: string, nextTo: string): void => {
    setFrom(nextFrom);
    setTo(nextTo);
    const end = dayStart(nextTo);
    setFilters({ since: dayStart(nextFrom), until: end === undefined ? undefined : end + DAY_MS });
  };

  return (
    <div className="gallery-toolbar" role="search">
      <div className="search-box">
        <Icon name="search" />
        <input
          type="search"
          value={text}
          placeholder="Search prompts"
          aria-label="Search designs by prompt"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && text) {
              event.stopPropagation();
              setText('');
            }
          }}
        />
      </div>
      <select
        aria-label="Filter by style"
        value={filters.style ?? ''}
        onChange={(event) => setFilters({ style: isStyleId(event.target.value) ? event.target.value : undefined })}
      >
        <option value="">All styles</option>
        {STYLE_IDS.map((id) => (
          <option key={id} value={id}>
            {STYLES[id].label}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by provider"
        value={filters.provider ?? ''}
        onChange={(event) => setFilters({ provider: event.target.value || undefined })}
      >
        <option value="">All providers</option>
        {(providers ?? []).map((provider) => (
          <option key={provider.id} value={provider.id}>
            {provider.label}
          </option>
        ))}
      </select>
      <label className="date-field">
        <span>From</span>
        <input
          type="date"
          value={from}
          max={to || undefined}
          aria-label="Created from"
          onChange={(event) => setDates(event.target.value, to)}
        />
      </label>
      <label className="date-field">
        <span>To</span>
        <input
          type="date"
          value={to}
          min={from || undefined}
          aria-label="Created until"
          onChange={(event) => setDates(from, event.target.value)}
        />
      </label>
      <button
        type="button"
        className={filters.favourite ? 'toggle pressed' : 'toggle'}
        aria-pressed={filters.favourite}
        onClick={() => setFilters({ favourite: !filters.favourite })}
      >
        <Icon name="heart" /> Favourites
      </button>
      <span className="toolbar-spacer" />
      <span className="result-count" aria-live="polite" data-testid="gallery-count">
        {total === undefined ? '' : `${formatCount(total)} ${total === 1 ? 'design' : 'designs'}`}
      </span>
      <button
        type="button"
        className="ghost small"
        onClick={() =>
          motif()
            .library.openFolder()
            .catch((error: unknown) => toastError(userMessageOf(error)))
        }
      >
        <Icon name="folder" /> Open library folder
      </button>
    </div>
  );
}
