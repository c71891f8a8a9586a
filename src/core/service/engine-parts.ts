import type { CountedCache } from '../cache/counted-cache.ts';
import type { MotifConfig } from '../config/motif-config.ts';
import type { DataNotice } from '../contract/data-notice.ts';
import type { SpendGuard } from '../ledger/spend-guard.ts';
import type { CostLedger } from '../ledger/cost-ledger.ts';
import type { LibraryHome } from '../library/library-home.ts';
import type { ModelCatalogue } from '../models/model-catalogue.ts';
import type { Router } from '../router/router.ts';
import type { SingleFlight } from '../router/single-flight.ts';
import type { HistoryEntry } from '../contract/history-entry.ts';
import type { KeyChecks } from '../settings/key-checks.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { ConnectionTester } from '../telemetry/connection-tester.ts';
import type { TelemetryHub } from '../telemetry/telemetry-hub.ts';
import type { Clock } from '../util/clock.ts';
import type { Random } from '../util/random.ts';
import type { ProviderRegistry } from './provider-registry.ts';

/**
 * What MotifService orchestrates, built once by `create-motif-service.ts`.
 * Each part does its own work (the ledger guards spend, telemetry tests
 * connections, resilience keeps breakers, the library knows where it lives);
 * the service only calls them.
 */
export interface EngineParts {
  readonly clock: Clock;
  readonly random: Random;
  readonly settings: SettingsService;
  readonly config: MotifConfig | undefined;
  readonly registry: ProviderRegistry;
  readonly router: Router;
  /** Identical deterministic requests in flight share one generation. */
  readonly singleFlight: SingleFlight<readonly HistoryEntry[]>;
  /** Exact results of deterministic requests: request key → library entry ids. */
  readonly resultCache: CountedCache<readonly string[]>;
  readonly telemetry: TelemetryHub;
  readonly ledger: CostLedger;
  readonly spend: SpendGuard;
  readonly connections: ConnectionTester;
  /** What the last check of each provider's key found, kept across restarts. */
  readonly keyChecks: KeyChecks;
  readonly library: LibraryHome;
  readonly enhanceCache: CountedCache<readonly string[]>;
  /** Model search (cached pages), pinning and previews. */
  readonly models: ModelCatalogue;
  /** What was found wrong with Motif's own files at start-up (shown to the user, never silent). */
  readonly notices: readonly DataNotice[];
  /** Motif's version, written into exported files. */
  readonly appVersion: string;
  /** Closes the parts in order: telemetry, providers, breakers, ledger, library. */
  close(): Promise<void>;
}
