import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CountedCache } from '../cache/counted-cache.ts';
import type { ImageProvider } from '../contract/image-provider.ts';
import type { ImageRequest } from '../contract/image-request.ts';
import type { MotifConfig } from '../config/motif-config.ts';
import { MotifError, toMotifError } from '../errors/motif-error.ts';
import { CostLedger } from '../ledger/cost-ledger.ts';
import { Library } from '../library/index.ts';
import { DEFAULT_BACKOFF } from '../resilience/backoff.ts';
import { DEFAULT_BREAKER_OPTIONS, type SavedBreaker } from '../resilience/target-breaker.ts';
import { Router } from '../router/router.ts';
import { moveLibraryFolder } from '../library/move-library.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import { TelemetryHub } from '../telemetry/telemetry-hub.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { setAsideUnreadable } from '../util/set-aside.ts';
import type { DataNotice } from '../contract/data-notice.ts';
import { raceAbort } from '../util/race-abort.ts';
import type { Clock } from '../util/clock.ts';
import type { Random } from '../util/random.ts';
import type { SettingsView } from '../contract/settings-view.ts';
import { ProviderRegistry } from './provider-registry.ts';
import { BREAKER_MODES, type BreakerMode } from '../contract/service-types.ts';

export interface EnginePartsOptions {
  readonly dataDir: string;
  readonly settings: SettingsService;
  readonly config: MotifConfig | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  readonly random: Random;
  readonly extraProviders: readonly ImageProvider[];
  /** Collects what was found wrong with Motif's own files at start-up (shown to the user, never silent). */
  readonly notices: DataNotice[];
  /** Telemetry push interval; a few per second at most. */
  readonly telemetryIntervalMs?: number;
}

interface PromptEnhancer {
  enhancePrompt(prompt: string, options: { versions: number; signal: AbortSignal; deadline: number }): Promise<string[]>;
}

/** What TargetBreaker.toJSON writes; cockatiel's own part is checked for the fields it reads back. */
const savedBreakerSchema = z.object({
  mode: z.enum(BREAKER_MODES),
  policy: z.object({ ownState: z.object({ value: z.number() }).passthrough(), breakerState: z.unknown() }).passthrough().optional(),
  retryAt: z.number().optional(),
  trips: z.number().int().nonnegative(),
  identity: z.string().optional(),
});

/**
 * Breaker states saved by the last run, entry by entry: one that does not look
 * like ours (another version, a hand edit) starts closed instead of stopping
 * the app. An unreadable file is kept aside and reported.
 */
async function loadSavedBreakers(path: string, now: number, notices: DataNotice[]): Promise<Record<string, SavedBreaker>> {
  const saved: Record<string, SavedBreaker> = {};
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return saved;
    let kept = '';
    try {
      kept = `; it was kept as ${setAsideUnreadable(path, now)}`;
    } catch {
      // A read-only folder: leave it where it is.
    }
    notices.push({ file: 'breakers.json', message: `Saved provider breaker states could not be read${kept}. Every provider starts ready.` });
    return saved;
  }
  for (const [id, entry] of Object.entries(typeof raw === 'object' && raw !== null ? raw : {})) {
    const parsed = savedBreakerSchema.safeParse(entry);
    if (parsed.success) saved[id] = parsed.data as SavedBreaker;
  }
  return saved;
}

const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

const hasEnhancer = (provider: ImageProvider | undefined): provider is ImageProvider & PromptEnhancer =>
  provider !== undefined && typeof (provider as Partial<PromptEnhancer>).enhancePrompt === 'function';

/**
 * Everything the service is made of, wired once: settings, providers, router,
 * caches, telemetry, ledger and library. Kept apart from MotifService so the
 * service reads as its API.
 */
export class EngineParts {
  readonly clock: Clock;
  readonly random: Random;
  readonly settings: SettingsService;
  readonly config: MotifConfig | undefined;
  readonly registry: ProviderRegistry;
  readonly router: Router;
  readonly telemetry: TelemetryHub;
  readonly ledger: CostLedger;
  readonly caches: {
    readonly enhance: CountedCache<readonly string[]>;
    readonly costs: CountedCache<{ usd: number | undefined }>;
    readonly health: CountedCache<{ ok: boolean; latencyMs: number; message: string | undefined }>;
    readonly results: CountedCache<readonly string[]>;
  };
  readonly #dataDir: string;
  readonly #notices: readonly DataNotice[];
  #library: Library;
  #breakerWrite: Promise<void> = Promise.resolve();

  private constructor(options: EnginePartsOptions, library: Library, ledger: CostLedger, savedBreakers: Record<string, SavedBreaker>) {
    const now = (): number => options.clock.now();
    this.clock = options.clock;
    this.random = options.random;
    this.settings = options.settings;
    this.config = options.config;
    this.#dataDir = options.dataDir;
    this.#notices = options.notices;
    this.#library = library;
    this.ledger = ledger;
    this.caches = {
      enhance: new CountedCache({ name: 'prompt-enhancement', max: 500, ttlMs: 24 * 3600_000, now }),
      costs: new CountedCache({ name: 'cost-estimates', max: 1000, ttlMs: 3600_000, now }),
      health: new CountedCache({ name: 'health-checks', max: 64, ttlMs: 15_000, now }),
      results: new CountedCache({ name: 'results', max: 2000, ttlMs: 0, now }),
    };
    this.registry = new ProviderRegistry({
      settings: options.settings,
      config: options.config,
      env: options.env,
      clock: options.clock,
      random: options.random,
      // Providers are built before the hub; events before then have no listener yet.
      emit: (event) => (this.telemetry as TelemetryHub | undefined)?.onProviderEvent(event),
      extraProviders: options.extraProviders,
    });
    this.router = new Router({
      providers: () => this.registry.providers(),
      isEnabled: (id) => this.registry.isEnabled(id),
      catalogue: () => this.registry.catalogue(),
      clock: options.clock,
      random: options.random,
      breaker: { ...DEFAULT_BREAKER_OPTIONS, ...definedOnly(options.config?.routing?.breaker ?? {}) },
      backoff: DEFAULT_BACKOFF,
      maxRetriesPerTarget: options.config?.routing?.maxRetries ?? 2,
      bulkhead: (id) => this.registry.bulkheadLimits(id),
      hedging: () => options.config?.routing?.hedging ?? options.settings.get().routing.hedging,
      hedgeMaxExtraRatio: 0.1,
      explorationRate: 0.05,
      savedBreakers,
      identity: (id) => this.registry.identity(id),
      onBreakerChange: () => this.#saveBreakers(),
    });
    const telemetry = new TelemetryHub({
      clock: options.clock,
      router: this.router,
      providers: () => this.registry.providers(),
      isEnabled: (id) => this.registry.isEnabled(id),
      caches: () => Object.values(this.caches),
      ledger,
      dailyCapUsd: () => options.settings.get().budget.dailyCapUsd,
      keyHint: (id) => this.registry.keyHint(id),
      minIntervalMs: options.telemetryIntervalMs ?? 250,
    });
    this.telemetry = telemetry;
    options.settings.onChange(() => {
      // Keys and URLs may have changed: earlier connection tests no longer say anything.
      this.caches.health.clear();
      telemetry.changed();
    });
  }

  /** `createLibrary`: true for the default location (made on first run), false for a folder the user chose. */
  static async create(options: EnginePartsOptions, libraryDir: string, createLibrary = true): Promise<EngineParts> {
    const library = await Library.open(libraryDir, { clock: options.clock, create: createLibrary });
    if (library.readOnly) options.notices.push({ file: 'library', message: `The library folder ${library.dir} is read-only: images can be browsed, but new images cannot be saved.` });
    const ledger = await CostLedger.open(join(options.dataDir, 'ledger.jsonl'), () => options.clock.now());
    options.notices.push(...ledger.notices);
    const saved = await loadSavedBreakers(join(options.dataDir, 'breakers.json'), options.clock.now(), options.notices);
    return new EngineParts(options, library, ledger, saved);
  }

  library(): Library {
    return this.#library;
  }

  /** The estimated cost of a request on its first-choice target, cached; unknown stays unknown. */
  estimate(request: ImageRequest): { estimatedCostUsd?: number } {
    try {
      const route = this.registry.catalogue().resolve(request.model, new Set(this.registry.providers().keys()));
      const target = route.targets.find((t) => {
        const provider = this.registry.get(t.provider);
        return provider && this.registry.isEnabled(t.provider) && (!provider.requiresKey || provider.hasKey());
      });
      if (!target) return {};
      const key = `${target.provider}/${target.model}/${request.width}x${request.height}/${request.count}`;
      let cached = this.caches.costs.get(key);
      if (!cached) {
        const provider = this.registry.get(target.provider)!;
        const usd = target.pricePerImageUsd !== undefined ? target.pricePerImageUsd * request.count : provider.estimateCost(request, target.model).usd;
        cached = { usd };
        this.caches.costs.set(key, cached);
      }
      return cached.usd === undefined ? {} : { estimatedCostUsd: cached.usd };
    } catch (error) {
      if (error instanceof MotifError && error.code === 'invalid_request') throw error;
      return {};
    }
  }

  /** Blocks new paid jobs once today's spend reaches the cap; the offline engine stays available. */
  checkBudget(request: ImageRequest): void {
    const cap = this.settings.get().budget.dailyCapUsd;
    const today = this.ledger.today();
    // Spend that could not be read back (a damaged ledger) counts as at the cap: never spend past it blind.
    if (cap <= 0 || (today.totalUsd < cap && today.uncertain !== true)) return;
    const route = this.registry.catalogue().resolve(request.model, new Set(this.registry.providers().keys()));
    const paid = route.targets.some((t) => this.registry.get(t.provider)?.kind !== 'local' && this.registry.isEnabled(t.provider) && this.registry.get(t.provider)?.hasKey());
    if (paid && today.uncertain === true) throw new MotifError('budget_exceeded', { message: `Part of today’s spend could not be read from the ledger, so the $${cap.toFixed(2)} cap holds paid providers today. Choose the offline engine, or clear the cap in Settings.` });
    if (paid) throw new MotifError('budget_exceeded', { message: `Today’s spend has reached the $${cap.toFixed(2)} cap. Choose the offline engine or raise the cap in Settings.` });
  }

  async enhancePrompt(prompt: string, versions: number, signal: AbortSignal | undefined): Promise<readonly string[]> {
    if (typeof prompt !== 'string' || prompt.trim().length === 0 || prompt.length > 2000) throw new MotifError('invalid_request', { param: 'prompt', message: 'prompt must be 1–2000 characters' });
    if (!Number.isInteger(versions) || versions < 1 || versions > 5) throw new MotifError('invalid_request', { param: 'versions', message: 'versions must be 1–5' });
    const provider = [...this.registry.providers().values()].find((p) => hasEnhancer(p) && p.hasKey() && this.registry.isEnabled(p.id));
    if (!hasEnhancer(provider)) throw new MotifError('key_missing', { provider: 'Runware', message: 'Prompt enhancement uses Runware. Add a Runware key in Settings.' });
    const key = `${provider.id}\u0000${versions}\u0000${prompt.trim()}`;
    return this.caches.enhance.getOrLoad(key, () => provider.enhancePrompt(prompt.trim(), { versions, signal: signal ?? new AbortController().signal, deadline: this.clock.now() + 30_000 }));
  }

  /**
   * A cheap active probe (the provider's health check: an auth or model-list
   * call, never a paid generation), bounded by a timeout and cached briefly so
   * repeated clicks and metric polls do not hammer the provider. A key or
   * settings change clears the cache.
   */
  async testConnection(providerId: string, options: { force?: boolean } = {}): Promise<{ ok: boolean; latencyMs: number; message: string | undefined }> {
    const provider = this.registry.get(providerId);
    if (!provider) throw new MotifError('not_found', { param: 'provider', message: `No provider ${String(providerId)}.` });
    if (provider.requiresKey && !provider.hasKey()) return { ok: false, latencyMs: 0, message: 'No API key set.' };
    const cached = options.force ? undefined : this.caches.health.get(providerId);
    if (cached) return cached;
    const controller = new AbortController();
    const timer = this.clock.setTimeout(() => controller.abort(new MotifError('upstream_timeout', { provider: provider.label, message: `${provider.label} did not answer the connection test within 10 s.` })), 10_000);
    let outcome: { ok: boolean; latencyMs: number; message: string | undefined };
    try {
      // Raced with the timeout, so a provider that ignores its signal cannot hang the test.
      const result = await raceAbort(provider.checkHealth(controller.signal), controller.signal);
      outcome = { ok: result.ok, latencyMs: Math.round(result.latencyMs), message: result.error?.labelled(provider.label).userMessage };
    } catch (error) {
      outcome = { ok: false, latencyMs: 0, message: toMotifError(error).labelled(provider.label).userMessage };
    } finally {
      this.clock.clearTimeout(timer);
    }
    if (outcome.ok) this.caches.health.set(providerId, outcome);
    this.telemetry.recordCheck(providerId, { ok: outcome.ok, latencyMs: outcome.latencyMs, at: this.clock.now(), ...(outcome.message ? { message: outcome.message } : {}) });
    return outcome;
  }

  setBreakerMode(providerId: string, mode: BreakerMode): void {
    const provider = this.registry.get(providerId);
    if (!provider) throw new MotifError('not_found', { param: 'provider', message: `No provider ${String(providerId)}.` });
    const runtimes = this.router.runtimes().filter((r) => r.provider === providerId);
    // A provider never routed yet still gets a breaker, so forcing it open works before the first job.
    if (runtimes.length === 0) for (const model of provider.models()) runtimes.push(this.router.runtime({ provider: providerId, model: model.id }));
    for (const runtime of runtimes) runtime.breaker.setMode(mode);
    this.telemetry.changed();
  }

  settingsView(): SettingsView {
    const providers = [...this.registry.providers().values()].map((p) => ({
      id: p.id, label: p.label, kind: p.kind, requiresKey: p.requiresKey, ...definedOnly(this.registry.presentation(p.id)), keySet: !p.requiresKey || p.hasKey(), enabled: this.registry.isEnabled(p.id),
      models: p.models().map((m) => ({ id: m.id, label: m.label, ...(m.pricePerImageUsd === undefined ? {} : { pricePerImageUsd: m.pricePerImageUsd }) })),
    }));
    return {
      settings: this.settings.get(),
      secrets: this.settings.secretsSet(),
      secretStorage: this.settings.secretStorage(),
      providers,
      models: this.registry.catalogue().routes().map((r) => ({ id: r.alias, label: r.label })),
      libraryDir: this.#library.dir,
      notices: [...this.#notices],
    };
  }

  async moveLibrary(dir: string): Promise<void> {
    if (typeof dir !== 'string' || dir.length === 0 || dir.length > 4096) throw new MotifError('invalid_request', { param: 'dir' });
    const current = this.#library;
    await current.close();
    try {
      await moveLibraryFolder(current.dir, dir);
      this.#library = await Library.open(dir, { clock: this.clock });
      this.settings.update({ libraryDir: dir });
    } catch (error) {
      this.#library = await Library.open(current.dir, { clock: this.clock });
      throw error instanceof MotifError ? error : new MotifError('library_io', { message: `Could not move the library: ${(error as Error).message}`, cause: error });
    }
  }

  async close(): Promise<void> {
    this.telemetry.close();
    await this.registry.close();
    await this.#saveBreakers();
    await this.ledger.flush();
    await this.#library.close();
  }

  #saveBreakers(): Promise<void> {
    const snapshot = Object.fromEntries(this.router.runtimes().map((r) => [r.id, { ...r.breaker.toJSON(), identity: r.identity }]));
    // Never left rejected: breaker listeners drop this promise, so a failed write (unwritable folder)
    // would be an unhandled rejection, and close() would stop before closing the library.
    this.#breakerWrite = this.#breakerWrite.then(() => writeFileAtomic(join(this.#dataDir, 'breakers.json'), JSON.stringify(snapshot), { sync: false })).catch(() => undefined);
    return this.#breakerWrite;
  }
}
