import type { TelemetrySnapshot } from '../core/contract/service-types.ts';
import type { DataNotice } from '../core/contract/data-notice.ts';
import type { RegisterRoutes } from './route-context.ts';

/** The compact per-provider view the original front end reads. */
interface LegacyServiceMetrics {
  readonly status: string;
  readonly circuit_state: string;
  readonly avg_response_ms: number | null;
  readonly success_rate: number | null;
}

/**
 * The body of `GET /motif/services/metrics`: the full telemetry snapshot (the
 * one the app's panels get) plus `services`, keyed by provider id,
 * `cache_hit_ratios`, keyed by cache name, and `data_notices`: what the engine
 * found wrong with its own files at start-up (settings, ledger, jobs, library).
 */
function metricsBody(
  snapshot: TelemetrySnapshot,
  notices: readonly DataNotice[] = [],
): TelemetrySnapshot & {
  readonly services: Readonly<Record<string, LegacyServiceMetrics>>;
  readonly cache_hit_ratios: Readonly<Record<string, number | null>>;
  readonly data_notices: readonly DataNotice[];
} {
  const services: Record<string, LegacyServiceMetrics> = Object.create(null) as Record<string, LegacyServiceMetrics>;
  for (const provider of snapshot.providers) {
    services[provider.id] = {
      status: provider.status,
      circuit_state: provider.breaker,
      avg_response_ms: provider.latency.avgMs === null ? null : Math.round(provider.latency.avgMs),
      success_rate: provider.successRate,
    };
  }
  const cacheHitRatios: Record<string, number | null> = Object.create(null) as Record<string, number | null>;
  for (const cache of snapshot.caches) cacheHitRatios[cache.name] = cache.hitRatio;
  return { ...snapshot, services, cache_hit_ratios: cacheHitRatios, data_notices: notices };
}

/** `GET /motif/services/metrics`. */
export const registerMetrics: RegisterRoutes = (app, service) => {
  app.get('/motif/services/metrics', { config: { auth: true } }, async () =>
    metricsBody(service.telemetry(), service.getSettings().notices),
  );
};
