import { formatCost, formatPercent } from '../../lib/format.ts';
import { useHealthStore } from '../../store/health-store.ts';
import { ProviderCard } from './provider-card.tsx';

const CACHE_NAMES: Readonly<Record<string, string>> = {
  enhance: 'Prompt enhancement',
  'prompt-enhancement': 'Prompt enhancement',
  'cost-estimates': 'Cost estimates',
  'health-checks': 'Health checks',
  'model-config': 'Model config',
  thumbnails: 'Thumbnails',
  results: 'Exact results',
};

/** `cost-estimates` → `Cost estimates`, for caches without a friendlier name. */
function cacheLabel(name: string): string {
  const known = CACHE_NAMES[name];
  if (known) return known;
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Live provider health, spend and cache effectiveness. */
export function HealthView() {
  const snapshot = useHealthStore((s) => s.snapshot);
  if (!snapshot) {
    return (
      <section className="health-view" aria-labelledby="health-title">
        <header className="view-head">
          <h1 id="health-title">Provider health</h1>
        </header>
        <p className="hint">
          <span className="spinner" aria-hidden="true" /> Reading provider health…
        </p>
      </section>
    );
  }
  const { spend } = snapshot;
  const capped = spend.capUsd > 0;
  const used = capped ? Math.min(1, spend.todayUsd / spend.capUsd) : 0;
  return (
    <section className="health-view" aria-labelledby="health-title">
      <header className="view-head">
        <h1 id="health-title">Provider health</h1>
        <p className="view-sub">Live. Motif routes each generation to the first healthy provider and falls back by itself.</p>
      </header>
      <div className="health-summary">
        <section className="summary-card spend-card" aria-label="Spend today">
          <h2>Spent today</h2>
          <p className="big-number" data-testid="spend-today">
            {formatCost(spend.todayUsd)}
          </p>
          {capped ? (
            <>
              <div
                className="meter"
                role="meter"
                aria-valuemin={0}
                aria-valuemax={spend.capUsd}
                aria-valuenow={spend.todayUsd}
                aria-label="Spend against daily cap"
              >
                <span style={{ width: `${used * 100}%` }} className={used >= 0.9 ? 'meter-fill warn' : 'meter-fill'} />
              </div>
              <p className="hint">of a {formatCost(spend.capUsd)} daily cap</p>
            </>
          ) : (
            <p className="hint">No daily cap set</p>
          )}
          {spend.unknownPricedToday > 0 && (
            <p className="hint">
              + {spend.unknownPricedToday} {spend.unknownPricedToday === 1 ? 'image' : 'images'} at an unknown price
            </p>
          )}
        </section>
      </div>
      <div className="provider-grid">
        {snapshot.providers.map((provider) => (
          <ProviderCard key={provider.id} provider={provider} />
        ))}
      </div>
      {/* Engineering detail, for whoever wants it; designers read the cards above first (issue 14, finding 9). */}
      <details className="health-advanced" data-testid="health-advanced">
        <summary>Advanced: caches</summary>
        <section className="cache-card" aria-label="Caches">
          <h2>Caches</h2>
          {snapshot.caches.length === 0 ? (
            <p className="hint">No cache activity yet.</p>
          ) : (
            <ul className="cache-list">
              {snapshot.caches.map((cache) => (
                <li key={cache.name}>
                  <span className="cache-name">{cacheLabel(cache.name)}</span>
                  <span className="cache-bar" aria-hidden="true">
                    <span style={{ width: `${(cache.hitRatio ?? 0) * 100}%` }} />
                  </span>
                  <span className="cache-ratio">{formatPercent(cache.hitRatio)} hits</span>
                  <span className="cache-size hint">
                    {plural(cache.hits + cache.misses, 'lookup')} · {cache.size} kept
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </details>
    </section>
  );
}
