import { memo } from 'react';
import type { ProviderHealth } from '../../../shared/motif-bridge.ts';
import { formatCost, formatCountdown, formatDuration, formatPercent, formatRelativeTime } from '../../lib/format.ts';
import { PROVIDER_STATUS_LABELS, PROVIDER_STATUS_TONES } from '../../lib/provider-status.ts';
import { useHealthStore } from '../../store/health-store.ts';
import { Icon } from '../common/icon.tsx';
import { StatusPill } from '../common/status-pill.tsx';
import { useNow } from '../common/use-now.ts';
import { BreakerControl } from './breaker-control.tsx';
import { LatencySparkline } from './latency-sparkline.tsx';

/** Cards whose "Advanced" section the designer opened: it stays open when they come back to Health. */
const advancedOpen = new Set<string>();

/** One provider's health at a glance: status in colour and words, numbers, and its controls. */
export const ProviderCard = memo(function ProviderCard({ provider }: { provider: ProviderHealth }) {
  const setBreakerMode = useHealthStore((s) => s.setBreakerMode);
  const testConnection = useHealthStore((s) => s.testConnection);
  const test = useHealthStore((s) => s.tests[provider.id]);
  const counting = provider.retryAt !== undefined && (provider.status === 'open' || provider.breaker === 'open');
  const now = useNow(1000, counting || test?.at !== undefined);
  const tone = PROVIDER_STATUS_TONES[provider.status];
  const lastCheck =
    test && !test.running && test.at !== undefined ? test : provider.lastCheck ? { ...provider.lastCheck, running: false } : undefined;

  return (
    <article
      className={`provider-card tone-border-${tone}`}
      aria-labelledby={`provider-${provider.id}`}
      data-testid="provider-card"
      data-provider={provider.id}
      data-status={provider.status}
    >
      <header className="provider-head">
        <div>
          <h2 id={`provider-${provider.id}`}>{provider.label}</h2>
          <p className="provider-kind">
            {provider.kind === 'local'
              ? 'Runs on this computer · no key needed'
              : provider.requiresKey
                ? provider.keySet
                  ? provider.keyCheck?.verdict === 'rejected'
                    ? 'Key rejected — enter a new one in Settings'
                    : 'Key set'
                  : 'No key'
                : 'No key needed'}
          </p>
        </div>
        <StatusPill
          tone={tone}
          label={PROVIDER_STATUS_LABELS[provider.status]}
          pulse={provider.status === 'half-open'}
          className="provider-status"
        />
      </header>
      <p className="provider-status-text" aria-live="polite">
        {/* The engine's "retry in N s" was true when it was sent; the countdown below is live. */}
        {counting ? provider.statusText.replace(/\s*—\s*retry in \d+ s$/, '') : provider.statusText}
        {counting && provider.retryAt !== undefined && (
          <span className="countdown" data-testid="retry-countdown">
            {provider.retryAt > now ? ` · next try in ${formatCountdown(provider.retryAt, now)}` : ' · ready to try again'}
          </span>
        )}
      </p>
      <dl className="provider-stats">
        <div>
          <dt>Success</dt>
          <dd>{formatPercent(provider.successRate)}</dd>
        </div>
        <div>
          <dt>In flight</dt>
          <dd>{provider.inFlight}</dd>
        </div>
        <div>
          <dt>Queued</dt>
          <dd>{provider.queued}</dd>
        </div>
        <div>
          <dt>Today</dt>
          <dd>{formatCost(provider.costTodayUsd)}</dd>
        </div>
      </dl>
      <LatencySparkline recentMs={provider.latency.recentMs} avgMs={provider.latency.avgMs} p95Ms={provider.latency.p95Ms} />
      {provider.lastError && (
        <p className="provider-last-error">
          <Icon name="alert" /> Last error {formatRelativeTime(provider.lastError.at, Date.now())}: {provider.lastError.message}
        </p>
      )}
      {/* The plumbing (connection pool, breaker by hand) stays one click away, not in a designer's face (issue 14, finding 9). */}
      <details
        className="provider-advanced"
        open={advancedOpen.has(provider.id)}
        onToggle={(event) => {
          if (event.currentTarget.open) advancedOpen.add(provider.id);
          else advancedOpen.delete(provider.id);
        }}
      >
        <summary>Advanced</summary>
        {provider.pool && (
          <dl className="provider-pool" aria-label="Connection pool">
            <div>
              <dt>Transport</dt>
              <dd>{provider.pool.transport === 'websocket' ? 'WebSocket' : 'REST'}</dd>
            </div>
            <div>
              <dt>Sockets</dt>
              <dd>
                {provider.pool.openSockets} open{provider.pool.connecting > 0 ? `, ${provider.pool.connecting} connecting` : ''}
              </dd>
            </div>
            <div>
              <dt>Reconnects</dt>
              <dd>{provider.pool.reconnects}</dd>
            </div>
            <div>
              <dt>Tasks</dt>
              <dd>
                {provider.pool.inFlight} in flight{provider.pool.queued > 0 ? `, ${provider.pool.queued} queued` : ''}
              </dd>
            </div>
          </dl>
        )}
        <BreakerControl
          provider={provider.id}
          providerName={provider.label}
          mode={provider.breakerMode}
          onChange={(mode) => void setBreakerMode(provider.id, mode)}
        />
      </details>
      <footer className="provider-foot">
        <button
          type="button"
          className="secondary small"
          onClick={() => void testConnection(provider.id)}
          disabled={test?.running}
          aria-label={`Test connection to ${provider.label}`}
        >
          {test?.running ? <span className="spinner" aria-hidden="true" /> : <Icon name="activity" />} Test connection
        </button>
        <span className="test-result" role="status" data-testid="test-result">
          {test?.running
            ? 'Testing…'
            : lastCheck
              ? lastCheck.ok
                ? `Connected in ${formatDuration(lastCheck.latencyMs)}`
                : `Failed${lastCheck.message ? `: ${lastCheck.message}` : ''}`
              : ''}
        </span>
      </footer>
    </article>
  );
});
