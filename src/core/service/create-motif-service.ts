import { join } from 'node:path';
import { definedOnly } from '../util/defined-only.ts';
import type { ImageProvider } from '../contract/image-provider.ts';
import { loadMotifConfig, type MotifConfig } from '../config/motif-config.ts';
import { JobStore } from '../jobs/job-store.ts';
import type { DataNotice } from '../contract/data-notice.ts';
import { ConfSettingsStore } from '../settings/conf-settings-store.ts';
import { KeyChecks } from '../settings/key-checks.ts';
import { SettingsService } from '../settings/settings-service.ts';
import { environmentSecretStore, type SecretStore, type SettingsStore } from '../settings/settings-store.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import { systemRandom, type Random } from '../util/random.ts';
import { defaultDataDir } from '../settings/data-dir.ts';
import { CountedCache } from '../cache/counted-cache.ts';
import { ModelCatalogue, type SearchedPage } from '../models/model-catalogue.ts';
import type { HistoryEntry } from '../contract/history-entry.ts';
import { CostLedger } from '../ledger/cost-ledger.ts';
import { SpendGuard, type PricedTarget } from '../ledger/spend-guard.ts';
import { Library } from '../library/index.ts';
import { LibraryHome } from '../library/library-home.ts';
import { DEFAULT_BACKOFF } from '../resilience/backoff.ts';
import { BreakerStore } from '../resilience/breaker-store.ts';
import { DEFAULT_BREAKER_OPTIONS } from '../resilience/target-breaker.ts';
import { Router } from '../router/router.ts';
import { SingleFlight } from '../router/single-flight.ts';
import { ConnectionTester, type ConnectionTestResult } from '../telemetry/connection-tester.ts';
import { TelemetryHub } from '../telemetry/telemetry-hub.ts';
import type { EngineParts } from './engine-parts.ts';
import { MotifService } from './motif-service.ts';
import { motifVersion } from '../about/motif-version.ts';
import { ProviderRegistry } from './provider-registry.ts';

export interface MotifServiceOptions {
  /** Holds jobs, the cost ledger and breaker state; the library too unless settings name another folder. */
  readonly dataDir: string;
  readonly settingsStore: SettingsStore;
  readonly secretStore: SecretStore;
  readonly env?: NodeJS.ProcessEnv;
  /** Providers and model routes from a MOTIF_CONFIG file. */
  readonly config?: MotifConfig;
  readonly clock?: Clock;
  readonly random?: Random;
  /** Extra or replacement providers (tests and demos). */
  readonly providers?: readonly ImageProvider[];
  readonly telemetryIntervalMs?: number;
  /** Written into exported files; package.json's version when not given. */
  readonly appVersion?: string;
}

/** Builds a ready MotifService; jobs left unfinished by the last run come back as interrupted. */
export async function createMotifService(options: MotifServiceOptions): Promise<MotifService> {
  return (await createMotifEngine(options)).service;
}

/**
 * The service and the parts it was built from. Only tests and benchmarks that
 * must look inside (the router alone, single-flight counts) use the parts; the
 * service itself hands none of them out.
 */
export async function createMotifEngine(
  options: MotifServiceOptions,
): Promise<{ readonly service: MotifService; readonly parts: EngineParts }> {
  const env = options.env ?? process.env;
  const settings = new SettingsService(options.settingsStore, options.secretStore);
  const notices: DataNotice[] = [...settings.notices];
  const chosenDir = settings.get().libraryDir;
  const parts = await buildEngineParts({
    dataDir: options.dataDir,
    libraryDir: chosenDir || join(options.dataDir, 'library'),
    // The default location is made on first run; a folder the user chose must already exist.
    createLibrary: chosenDir === '',
    settings,
    config: options.config,
    env,
    clock: options.clock ?? systemClock,
    random: options.random ?? systemRandom,
    extraProviders: options.providers ?? [],
    notices,
    telemetryIntervalMs: options.telemetryIntervalMs ?? 250,
    appVersion: options.appVersion ?? motifVersion(),
  });
  const jobStore = new JobStore(join(options.dataDir, 'jobs'));
  const interrupted = await jobStore.loadInterrupted();
  notices.push(...jobStore.notices);
  return { service: new MotifService(parts, jobStore, interrupted), parts };
}

interface EngineOptions {
  readonly dataDir: string;
  readonly libraryDir: string;
  readonly createLibrary: boolean;
  readonly settings: SettingsService;
  readonly config: MotifConfig | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  readonly random: Random;
  readonly extraProviders: readonly ImageProvider[];
  readonly notices: DataNotice[];
  readonly telemetryIntervalMs: number;
  readonly appVersion: string;
}

/** Wires every part once: settings, providers, router, caches, telemetry, ledger, breakers and library. */
async function buildEngineParts(options: EngineOptions): Promise<EngineParts> {
  const { clock, settings, config, notices } = options;
  const now = (): number => clock.now();
  // Progressive: the gallery is served while the snapshot's rows are still being checked; a damaged one is a notice.
  const homeRef: { current?: LibraryHome } = {};
  const library = await Library.open(options.libraryDir, {
    ...LibraryHome.options(clock, () => homeRef.current),
    create: options.createLibrary,
    progressive: true,
    onNotice: (notice) => notices.push(notice),
  });
  if (library.readOnly)
    notices.push({
      file: 'library',
      message: `The library folder ${library.dir} is read-only: images can be browsed, but new images cannot be saved.`,
    });
  const ledger = await CostLedger.open(join(options.dataDir, 'ledger.jsonl'), now);
  notices.push(...ledger.notices);
  const breakers = new BreakerStore(join(options.dataDir, 'breakers.json'));
  const savedBreakers = await breakers.load(clock.now(), notices);

  const caches = {
    enhance: new CountedCache<readonly string[]>({ name: 'prompt-enhancement', max: 500, ttlMs: 24 * 3600_000, now }),
    costs: new CountedCache<{ usd: number | undefined }>({ name: 'cost-estimates', max: 1000, ttlMs: 3600_000, now }),
    health: new CountedCache<ConnectionTestResult>({ name: 'health-checks', max: 64, ttlMs: 15_000, now }),
    results: new CountedCache<readonly string[]>({ name: 'results', max: 2000, ttlMs: 0, now }),
    modelPages: new CountedCache<SearchedPage>({ name: 'model-catalogue', max: 200, ttlMs: 10 * 60_000, now }),
    modelPreviews: new CountedCache<Uint8Array>({
      name: 'model-previews',
      max: 500,
      ttlMs: 3600_000,
      maxSize: 32 * 1024 * 1024,
      sizeOf: (bytes) => (bytes as Uint8Array).byteLength,
      now,
    }),
  };
  // Providers are built before the hub; events before then have no listener yet.
  const hubRef: { current?: TelemetryHub } = {};
  const registry = new ProviderRegistry({
    settings,
    config,
    env: options.env,
    clock,
    random: options.random,
    emit: (event) => hubRef.current?.onProviderEvent(event),
    extraProviders: options.extraProviders,
  });
  const keyChecks = await KeyChecks.open(
    { path: join(options.dataDir, 'key-checks.json'), identity: (id) => registry.identity(id), now },
    notices,
  );
  const saveBreakers = (): Promise<void> => breakers.save(router.runtimes());
  const router = new Router({
    providers: () => registry.providers(),
    isEnabled: (id) => registry.isEnabled(id),
    catalogue: () => registry.catalogue(),
    clock,
    random: options.random,
    breaker: { ...DEFAULT_BREAKER_OPTIONS, ...definedOnly(config?.routing?.breaker ?? {}) },
    backoff: DEFAULT_BACKOFF,
    maxRetriesPerTarget: config?.routing?.maxRetries ?? 2,
    bulkhead: (id) => registry.bulkheadLimits(id),
    hedging: () => config?.routing?.hedging ?? settings.get().routing.hedging,
    hedgeMaxExtraRatio: 0.1,
    explorationRate: 0.05,
    savedBreakers,
    identity: (id) => registry.identity(id),
    onBreakerChange: () => void saveBreakers(),
    keyRejected: (id) => keyChecks.isRejected(id),
  });
  // A job's own tries are key checks too: a refusal marks the key rejected, a success clears that.
  router.onEvent((event) => {
    if (event.type !== 'attempt-end' || registry.get(event.attempt.provider)?.requiresKey !== true) return;
    if (event.attempt.outcome === 'success') void keyChecks.record(event.attempt.provider, 'valid');
    else if (event.attempt.outcome === 'failure' && event.attempt.errorCode === 'auth_failed')
      void keyChecks.record(event.attempt.provider, 'rejected', event.attempt.detail);
  });
  const hub = new TelemetryHub({
    clock,
    router,
    providers: () => registry.providers(),
    isEnabled: (id) => registry.isEnabled(id),
    caches: () => Object.values(caches),
    ledger,
    dailyCapUsd: () => settings.get().budget.dailyCapUsd,
    keyHint: (id) => registry.keyHint(id),
    keyCheck: (id) => keyChecks.get(id),
    minIntervalMs: options.telemetryIntervalMs,
  });
  hubRef.current = hub;
  settings.onChange(() => {
    // Keys and URLs may have changed: earlier connection tests no longer say anything.
    caches.health.clear();
    hub.changed();
  });
  const home = new LibraryHome(library, clock);
  homeRef.current = home;
  return {
    clock,
    random: options.random,
    settings,
    config,
    registry,
    router,
    singleFlight: new SingleFlight<readonly HistoryEntry[]>(),
    resultCache: caches.results,
    telemetry: hub,
    ledger,
    spend: new SpendGuard({
      ledger,
      dailyCapUsd: () => settings.get().budget.dailyCapUsd,
      route: (model) => pricedRoute(registry, model),
      estimates: caches.costs,
    }),
    connections: new ConnectionTester({ clock, provider: (id) => registry.get(id), cache: caches.health, telemetry: hub, keyChecks }),
    keyChecks,
    library: home,
    enhanceCache: caches.enhance,
    models: new ModelCatalogue({
      providers: () => registry.providers(),
      isEnabled: (id) => registry.isEnabled(id),
      identity: (id) => registry.identity(id),
      pinned: () => settings.get().pinnedModels,
      savePinned: (pinnedModels) => settings.update({ pinnedModels: [...pinnedModels] }),
      clock,
      pages: caches.modelPages,
      previews: caches.modelPreviews,
    }),
    notices,
    appVersion: options.appVersion,
    close: async () => {
      hub.close();
      await registry.close();
      await saveBreakers();
      await ledger.flush();
      await keyChecks.flush();
      await home.close();
    },
  };
}

/** A model's route as the spend guard sees it: each target's provider state and price. */
function pricedRoute(registry: ProviderRegistry, model: string): PricedTarget[] {
  const route = registry.catalogue().resolve(model, new Set(registry.providers().keys()));
  return route.targets.map((target) => {
    const provider = registry.get(target.provider);
    return {
      provider: target.provider,
      model: target.model,
      usable: provider !== undefined && registry.isEnabled(target.provider) && (!provider.requiresKey || provider.hasKey()),
      chargesNow: provider !== undefined && provider.kind !== 'local' && registry.isEnabled(target.provider) && provider.hasKey(),
      estimateUsd: (request) =>
        target.pricePerImageUsd !== undefined ? target.pricePerImageUsd * request.count : provider?.estimateCost(request, target.model).usd,
    };
  });
}

/**
 * The engine for `motif generate` and `motif serve`: settings in the data
 * folder via `conf`, keys from environment variables, providers and routes
 * from MOTIF_CONFIG when set.
 */
export async function createHeadlessMotifService(
  options: { env?: NodeJS.ProcessEnv; dataDir?: string; providers?: readonly ImageProvider[]; clock?: Clock; random?: Random } = {},
): Promise<MotifService> {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? defaultDataDir(env);
  const config = env.MOTIF_CONFIG ? await loadMotifConfig(env.MOTIF_CONFIG) : undefined;
  return createMotifService({
    dataDir,
    settingsStore: new ConfSettingsStore(dataDir),
    secretStore: environmentSecretStore(env),
    env,
    ...(config ? { config } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
}
