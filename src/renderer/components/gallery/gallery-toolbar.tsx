import { useEffect, useState } from 'react';
import { STYLE_IDS, STYLES, isStyleId } from '../../../shared/catalog.ts';
import { formatCount } from '../../lib/format.ts';
import { hasActiveFilters, ROW_HEIGHT_RANGE, useGalleryStore, type GalleryGrouping } from '../../store/gallery-store.ts';
import { useSettingsStore } from '../../store/settings-store.ts';
import { useDebounced } from '../common/use-debounced.ts';
import { Icon } from '../common/icon.tsx';
import { motif, userMessageOf } from '../../bridge.ts';
import { toastError } from '../../store/ui-store.ts';

const SEARCH_DEBOUNCE_MS = 250;
const DAY_MS = 86_400_000;

/** The "When" choices: a few ranges a designer means, and custom dates only on request. */
const WHEN_CHOICES = [
  { id: 'any', label: 'Any time', days: undefined },
  { id: 'today', label: 'Today', days: 1 },
  { id: 'week', label: 'Last 7 days', days: 7 },
  { id: 'month', label: 'Last 30 days', days: 30 },
  { id: 'custom', label: 'Custom dates…', days: undefined },
] as const;
type When = (typeof WHEN_CHOICES)[number]['id'];

const GROUPINGS: ReadonlyArray<{ id: GalleryGrouping; label: string }> = [
  { id: 'day', label: 'By day' },
  { id: 'job', label: 'By generation' },
  { id: 'none', label: 'No groups' },
];

/** `yyyy-mm-dd` from a date input to local midnight in epoch ms. */
function dayStart(value: string): number | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d).getTime();
}

function todayStart(): number {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

/** Search, compact filters (style, provider, when, favourites), grouping and thumbnail size. */
export function GalleryToolbar() {
  const filters = useGalleryStore((s) => s.filters);
  const total = useGalleryStore((s) => s.total);
  const setFilters = useGalleryStore((s) => s.setFilters);
  const clearFilters = useGalleryStore((s) => s.clearFilters);
  const layout = useGalleryStore((s) => s.layout);
  const setLayout = useGalleryStore((s) => s.setLayout);
  const providers = useSettingsStore((s) => s.view?.providers);
  const [text, setText] = useState(filters.text);
  const [when, setWhen] = useState<When>('any');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const debouncedText = useDebounced(text, SEARCH_DEBOUNCE_MS);

  useEffect(() => {
    if (debouncedText !== useGalleryStore.getState().filters.text) setFilters({ text: debouncedText });
  }, [debouncedText, setFilters]);

  // "Clear filters" (here or in the no-results state) resets what the fields show too.
  useEffect(() => {
    if (filters.text === '') setText('');
    if (filters.since === undefined && filters.until === undefined) {
      setWhen('any');
      setFrom('');
      setTo('');
    }
  }, [filters.text, filters.since, filters.until]);

  const setDates = (nextFrom: string, nextTo: string): void => {
    setFrom(nextFrom);
    setTo(nextTo);
    const end = dayStart(nextTo);
    setFilters({ since: dayStart(nextFrom), until: end === undefined ? undefined : end + DAY_MS });
  };
  const chooseWhen = (id: When): void => {
    setWhen(id);
    const days = WHEN_CHOICES.find((choice) => choice.id === id)?.days;
    if (id === 'custom') return;
    setFrom('');
    setTo('');
    setFilters({ since: days === undefined ? undefined : todayStart() - (days - 1) * DAY_MS, until: undefined });
  };
  const active = hasActiveFilters(filters);

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
              event.preventDefault();
              setText('');
            }
          }}
        />
      </div>
      <select
        aria-label="Filter by style"
        className={filters.style ? 'filter-active' : undefined}
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
        className={filters.provider ? 'filter-active' : undefined}
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
      <select
        aria-label="Created when"
        className={when !== 'any' ? 'filter-active' : undefined}
        value={when}
        onChange={(event) => chooseWhen(event.target.value as When)}
      >
        {WHEN_CHOICES.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
      {when === 'custom' && (
        <span className="date-range">
          <input
            type="date"
            value={from}
            max={to || undefined}
            aria-label="Created from"
            onChange={(event) => setDates(event.target.value, to)}
          />
          <span aria-hidden="true">–</span>
          <input
            type="date"
            value={to}
            min={from || undefined}
            aria-label="Created until"
            onChange={(event) => setDates(from, event.target.value)}
          />
        </span>
      )}
      <button
        type="button"
        className={filters.favourite ? 'toggle pressed' : 'toggle'}
        aria-pressed={filters.favourite}
        onClick={() => setFilters({ favourite: !filters.favourite })}
      >
        <Icon name="heart" /> Favourites
      </button>
      {active && (
        <button type="button" className="ghost small" onClick={clearFilters} data-testid="clear-filters">
          <Icon name="x" /> Clear filters
        </button>
      )}
      <span className="toolbar-spacer" />
      <span className="result-count" aria-live="polite" data-testid="gallery-count">
        {total === undefined ? '' : `${formatCount(total)} ${total === 1 ? 'design' : 'designs'}`}
      </span>
      <select
        aria-label="Group designs"
        value={layout.groupBy}
        onChange={(event) => setLayout({ groupBy: event.target.value as GalleryGrouping })}
      >
        {GROUPINGS.map((grouping) => (
          <option key={grouping.id} value={grouping.id}>
            {grouping.label}
          </option>
        ))}
      </select>
      <label className="size-slider" title="Thumbnail size">
        <Icon name="image" size={13} />
        <input
          type="range"
          aria-label="Thumbnail size"
          min={ROW_HEIGHT_RANGE.min}
          max={ROW_HEIGHT_RANGE.max}
          step={ROW_HEIGHT_RANGE.step}
          value={layout.rowHeight}
          onChange={(event) => setLayout({ rowHeight: Number(event.target.value) })}
        />
      </label>
      <button
        type="button"
        className="icon-button"
        aria-label="Open library folder"
        title="Open library folder"
        onClick={() =>
          motif()
            .library.openFolder()
            .catch((error: unknown) => toastError(userMessageOf(error)))
        }
      >
        <Icon name="folder" />
      </button>
    </div>
  );
}
