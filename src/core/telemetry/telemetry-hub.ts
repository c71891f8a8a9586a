import type { ImageProvider, PoolStats, ProviderEvent } from '../contract/image-provider.ts';
import type { CostLedger } from '../ledger/cost-ledger.ts';
import type { Router, RouterEvent } from '../router/router.ts';
import type { TargetRuntime } from '../router/target-runtime.ts';
import type { CacheStats, KeyCheck, ProviderHealth, TargetHealth, TelemetrySnapshot } from '../contract/service-types.ts';
import type { Clock } from '../util/clock.ts';

export interface TelemetryHubOptions {
  readonly clock: Clock;
  readonly router: Router;
  readonly providers: () => ReadonlyMap<string, ImageProvider>;
  readonly isEnabled: (provider: string) => boolean;
  readonly caches: () => readonly { stats(): CacheStats }[];
  readonly ledger: CostLedger;
  readonly dailyCapUsd: () => number;
  /** How a person sets a provider's key (`set RUNWARE_API_KEY` headless); undefined: the app's Settings. */
  readonly keyHint?: (provider: string) => string | undefined;
  /** What the last check of a provider's current key found; a rejected key outranks every other status but disabled. */
  readonly keyCheck?: ((provider: string) => KeyCheck | undefined) | undefined;
  /** Least time between pushed snapshots. */
  readonly minIntervalMs: number;
}

type Check = NonNullable<ProviderHealth['lastCheck']>;

/**
 * Turns router and provider events into the bounded snapshot the health
 * panels and `GET /motif/services/metrics` show, and pushes it at most a few
 * times a second while something changes.
 */
export class TelemetryHub {
  readonly #options: TelemetryHubOptions;
  readonly #listeners = new Set<(snapshot: TelemetrySnapshot) => void>();
  readonly #pools = new Map<string, PoolStats>();
  readonly #checks = new Map<string, Check>();
  #timer: unknown;
  #lastPush = 0;
  #closed = false;

  constructor(options: TelemetryHubOptions) {
    this.#options = options;
    options.router.onEvent((event) => this.#onRouterEvent(event));
  }

  onProviderEvent(event: ProviderEvent): void {
    if (event.type === 'pool-stats') {
      this.#pools.set(event.provider, event.stats);
      this.changed();
    }
  }

  recordCheck(provider: string, check: Check): void {
    this.#checks.set(provider, check);
    this.changed();
  }

  subscribe(listener: (snapshot: TelemetrySnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Schedules a push, coalescing bursts into one snapshot per interval. */
  changed(): void {
    if (this.#closed || this.#timer !== undefined || this.#listeners.size === 0) return;
    const wait = Math.max(0, this.#lastPush + this.#options.minIntervalMs - this.#options.clock.now());
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#lastPush = this.#options.clock.now();
      // This runs on a bare timer: anything thrown here would be an uncaught exception in main.
      let snapshot: TelemetrySnapshot;
      try {
        snapshot = this.snapshot();
      } catch {
        return;
      }
      for (const listener of this.#listeners) {
        try {
          listener(snapshot);
        } catch {
          // One broken listener (a closed window) must not stop the others or the process.
        }
      }
    }, wait);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  snapshot(): TelemetrySnapshot {
    const now = this.#options.clock.now();
    const runtimes = this.#options.router.runtimes();
    const targets = runtimes.map((r) => targetHealth(r));
    const today = this.#options.ledger.today();
    const providers = [...this.#options.providers().values()].map((provider) =>
      this.#providerHealth(
        provider,
        runtimes.filter((r) => r.provider === provider.id),
        today.byProvider[provider.id] ?? 0,
        now,
      ),
    );
    return {
      at: now,
      providers,
      targets,
      caches: this.#options.caches().map((c) => c.stats()),
      spend: {
        todayUsd: round(today.totalUsd),
        capUsd: this.#options.dailyCapUsd(),
        unknownPricedToday: today.unknownPriced,
        byProvider: Object.fromEntries(Object.entries(today.byProvider).map(([id, usd]) => [id, round(usd)])),
      },
    };
  }

  #providerHealth(provider: ImageProvider, runtimes: readonly TargetRuntime[], costTodayUsd: number, now: number): ProviderHealth {
    const enabled = this.#options.isEnabled(provider.id);
    const keySet = !provider.requiresKey || provider.hasKey();
    // The card shows the worst target: one open circuit is what a designer needs to see.
    const worst = [...runtimes].sort((a, b) => breakerRank(b.breaker.state) - breakerRank(a.breaker.state))[0];
    const breaker = worst?.breaker.state ?? 'closed';
    const samples = runtimes.flatMap((r) => r.metrics.latency.toArray());
    const requests = runtimes.reduce((a, r) => a + r.metrics.requests, 0);
    const primary = [...runtimes].sort((a, b) => b.metrics.requests - a.metrics.requests)[0];
    const lastError = runtimes
      .map((r) => r.metrics.lastError)
      .filter((e) => e !== undefined)
      .sort((a, b) => b.at - a.at)[0];
    const degraded = runtimes.some((r) => r.metrics.degraded());
    // A provider whose last try failed is not "healthy", whatever its history says.
    const lastSuccessAt = Math.max(...runtimes.map((r) => r.metrics.lastSuccessAt ?? 0), 0);
    const failure = runtimes
      .map((r) => r.metrics.lastFailure)
      .filter((f) => f !== undefined)
      .sort((a, b) => b.at - a.at)[0];
    const lastFailure = failure !== undefined && failure.at >= lastSuccessAt ? failure.code : undefined;
    const inFlight = runtimes.reduce((a, r) => a + r.metrics.inFlight, 0);
    const retryAt = worst?.breaker.retryAt;
    const keyCheck = provider.requiresKey && keySet ? this.#options.keyCheck?.(provider.id) : undefined;
    const { status, statusText } = describeStatus({
      keyRejected: keyCheck?.verdict === 'rejected',
      enabled,
      keySet,
      breaker,
      degraded,
      lastFailure,
      requests,
      inFlight,
      retryAt,
      now,
      isolated: worst?.breaker.mode === 'forced-open',
      keyHint: this.#options.keyHint?.(provider.id),
    });
    const pool = this.#pools.get(provider.id);
    const check = this.#checks.get(provider.id);
    return {
      id: provider.id,
      label: provider.label,
      kind: provider.kind,
      enabled,
      keySet,
      requiresKey: provider.requiresKey,
      status,
      statusText,
      breaker,
      breakerMode: runtimes.find((r) => r.breaker.mode !== 'auto')?.breaker.mode ?? 'auto',
      ...(retryAt === undefined ? {} : { retryAt }),
      successRate: primary?.metrics.successRate() ?? null,
      latency: primary ? primary.metrics.latencySummary() : { avgMs: null, p95Ms: null, recentMs: samples.slice(-60) },
      inFlight,
      queued: runtimes.reduce((a, r) => a + r.queued, 0),
      costTodayUsd: round(costTodayUsd),
      ...(lastError ? { lastError } : {}),
      ...(check ? { lastCheck: check } : {}),
      ...(keyCheck ? { keyCheck } : {}),
      ...(pool ? { pool } : {}),
    };
  }

  #onRouterEvent(_event: RouterEvent): void {
    // The router keeps its own metrics; the hub only needs to know something changed.
    this.changed();
  }
}

function targetHealth(r: TargetRuntime): TargetHealth {
  const m = r.metrics;
  const retryAt = r.breaker.retryAt;
  return {
    id: r.id,
    provider: r.provider,
    model: r.model,
    breaker: r.breaker.state,
    breakerMode: r.breaker.mode,
    ...(retryAt === undefined ? {} : { retryAt }),
    trips: r.breaker.trips,
    transitions: [...r.breaker.transitions],
    requests: m.requests,
    failures: m.failures,
    successRate: m.successRate(),
    latency: m.latencySummary(),
    inFlight: m.inFlight,
    queued: r.queued,
    retries: m.retries,
    fallbacks: m.fallbacks,
    hedgesWon: m.hedgesWon,
    hedgesLost: m.hedgesLost,
    costUsd: round(m.costUsd),
    degraded: m.degraded(),
    ...(r.breaker.lastRecoveryMs === undefined ? {} : { lastRecoveryMs: r.breaker.lastRecoveryMs }),
  };
}

const breakerRank = (state: string): number => ({ closed: 0, 'half-open': 1, open: 2, isolated: 3 })[state] ?? 0;
const round = (usd: number): number => Math.round(usd * 1e6) / 1e6;

/** What a provider's last failure says about it, when that failure is more recent than its last success. */
const FAILURE_STATUS: Readonly<Record<string, Pick<ProviderHealth, 'status' | 'statusText'>>> = {
  auth_failed: { status: 'degraded', statusText: 'Key rejected — check it' },
  permission_denied: { status: 'degraded', statusText: 'Key not allowed to do this — check it' },
  insufficient_credits: { status: 'degraded', statusText: 'Out of credits — top up the account' },
  rate_limited: { status: 'degraded', statusText: 'Rate limited — slowing down' },
  connection_lost: { status: 'degraded', statusText: 'Unreachable — the last try could not connect' },
  upstream_timeout: { status: 'degraded', statusText: 'Not answering — the last request timed out' },
  // The provider works; it was the prompt or a setting it would not take.
  content_rejected: { status: 'healthy', statusText: 'Working — refused the last prompt under its content policy' },
  upstream_invalid_request: { status: 'healthy', statusText: 'Working — rejected a setting of the last request' },
};

/** Key problems say where the key is set: the app's Settings, or (headless) the variable to set. */
const KEY_FAILURES: ReadonlySet<string> = new Set(['auth_failed', 'permission_denied']);

function describeStatus(s: {
  keyRejected: boolean;
  enabled: boolean;
  keySet: boolean;
  breaker: string;
  degraded: boolean;
  lastFailure: string | undefined;
  requests: number;
  inFlight: number;
  retryAt: number | undefined;
  now: number;
  isolated: boolean;
  keyHint: string | undefined;
}): Pick<ProviderHealth, 'status' | 'statusText'> {
  if (!s.enabled) return { status: 'disabled', statusText: 'Disabled in settings' };
  if (!s.keySet) return { status: 'key-missing', statusText: `No API key — ${s.keyHint ?? 'add one in Settings'}` };
  // Until the key changes: "Idle, ready" beside "rejected the API key" told a designer nothing was wrong.
  if (s.keyRejected)
    return {
      status: 'key-rejected',
      statusText: `Key rejected — ${s.keyHint ? s.keyHint.replace(/^set /, 'set a new ') : 'enter a new one in Settings'}`,
    };
  if (s.breaker === 'isolated' || s.isolated) return { status: 'open', statusText: 'Paused by hand — not used until you resume it' };
  if (s.breaker === 'open') {
    const seconds = s.retryAt === undefined ? undefined : Math.max(0, Math.ceil((s.retryAt - s.now) / 1000));
    return {
      status: 'open',
      statusText:
        seconds === undefined || seconds === 0
          ? 'Paused after repeated failures — the next job tries it again'
          : `Paused after repeated failures — trying again in ${seconds} s`,
    };
  }
  if (s.breaker === 'half-open') return { status: 'half-open', statusText: 'Trying again — one request checks it is back' };
  if (s.lastFailure !== undefined && KEY_FAILURES.has(s.lastFailure)) {
    const failure = FAILURE_STATUS[s.lastFailure]!;
    return {
      status: failure.status,
      statusText: `${failure.statusText}${s.keyHint ? ` (${s.keyHint.replace(/^set /, '')})` : ' in Settings'}`,
    };
  }
  if (s.lastFailure !== undefined)
    return FAILURE_STATUS[s.lastFailure] ?? { status: 'degraded', statusText: 'Failing — the last request did not succeed' };
  if (s.degraded) return { status: 'degraded', statusText: 'Degraded — slower or failing more than usual' };
  if (s.requests === 0 && s.inFlight > 0)
    return { status: 'healthy', statusText: `Working — ${s.inFlight} request${s.inFlight === 1 ? '' : 's'} in flight, no answer yet` };
  if (s.requests === 0) return { status: 'idle', statusText: 'Ready — no requests yet' };
  return { status: 'healthy', statusText: 'Healthy' };
}
