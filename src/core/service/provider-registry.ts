import { createHash } from 'node:crypto';
import type { ImageProvider, ProviderEventSink } from '../contract/image-provider.ts';
import type { MotifConfig, ProviderConfig } from '../config/motif-config.ts';
import type { ProviderDescriptor } from '../providers/provider-descriptor.ts';
import { providerDescriptor, PROVIDERS } from '../providers/provider-list.ts';
import { Catalogue, makeTarget, type ModelRoute } from '../router/catalogue.ts';
import type { BulkheadLimits } from '../router/target-runtime.ts';
import type { Settings } from '../settings/settings-schema.ts';
import type { SecretName } from '../contract/settings-schema.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { PinnedModel } from '../contract/model-catalogue.ts';
import type { Clock } from '../util/clock.ts';
import type { Random } from '../util/random.ts';

export interface ProviderRegistryOptions {
  readonly settings: SettingsService;
  readonly config: MotifConfig | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  readonly random: Random;
  readonly emit: ProviderEventSink;
  /** Providers supplied by the caller (tests, demos); they replace any of the same id. */
  readonly extraProviders: readonly ImageProvider[];
}

/** An instance to build: its descriptor and options, and a fingerprint that changes when a rebuild is needed. */
interface Wanted {
  readonly descriptor: ProviderDescriptor;
  readonly options: Readonly<Record<string, unknown>>;
  readonly label: string | undefined;
  readonly fingerprint: string;
}

/**
 * Builds the providers from settings, MOTIF_CONFIG and secrets, and the model
 * catalogue over them. Providers read their key through a function each call,
 * so a key change applies without a rebuild; a URL or transport change
 * rebuilds only the affected provider.
 */
export class ProviderRegistry {
  readonly #options: ProviderRegistryOptions;
  #providers = new Map<string, ImageProvider>();
  #fingerprints = new Map<string, string>();
  #wanted = new Map<string, Wanted>();
  /** Per provider: its endpoints and current key, as one string (never stored or shown; only its hash is). */
  #credentials = new Map<string, () => string>();
  readonly #identityHashes = new Map<string, { raw: string; hash: string }>();
  #catalogue: Catalogue | undefined;
  /** Each instance's pinned models, kept per settings value so a provider sees the same array until the pins change. */
  readonly #pinned = new Map<string, { readonly source: readonly PinnedModel[]; readonly list: readonly PinnedModel[] }>();
  readonly #retired = new Set<ImageProvider>();

  constructor(options: ProviderRegistryOptions) {
    this.#options = options;
    this.#build(options.settings.get());
    options.settings.onChange((settings) => {
      this.#build(settings);
      this.#catalogue = undefined;
    });
  }

  providers(): ReadonlyMap<string, ImageProvider> {
    return this.#providers;
  }

  get(id: string): ImageProvider | undefined {
    return this.#providers.get(id);
  }

  /**
   * A short hash of the provider's key and endpoints. Breakers belong to one
   * identity: when the key or a base URL changes, the breaker starts fresh,
   * in this process and across restarts (saved breakers carry it). A hash,
   * so breakers.json never holds the key.
   */
  identity(id: string): string {
    const raw = this.#credentials.get(id)?.() ?? '';
    const known = this.#identityHashes.get(id);
    if (known?.raw === raw) return known.hash;
    const hash = createHash('sha256').update(raw).digest('hex').slice(0, 16);
    this.#identityHashes.set(id, { raw, hash });
    return hash;
  }

  /**
   * How a person sets this provider's key, in words: the variable MOTIF_CONFIG
   * names, the headless environment variable, or undefined for the app's Settings.
   */
  keyHint(id: string): string | undefined {
    const configured = this.#options.config?.providers[id];
    if (configured?.apiKeyEnv) return `set ${configured.apiKeyEnv}`;
    // A built-in provider (every descriptor, not a hand-kept list) names its key's variable.
    const builtIn = providerDescriptor(id);
    if (builtIn?.secret) return this.#options.settings.whereToSetKey(builtIn.secret.name as SecretName);
    return configured ? `give provider "${id}" an apiKey or apiKeyEnv in MOTIF_CONFIG` : undefined;
  }

  /** Settings and MOTIF_CONFIG can each switch a provider off; the settings always list the built-ins, so neither may override the other's "off". */
  isEnabled(id: string): boolean {
    const settings = this.#options.settings.get().providers as Record<string, { enabled: boolean } | undefined>;
    return (settings[id]?.enabled ?? true) && (this.#options.config?.providers[id]?.enabled ?? true);
  }

  bulkheadLimits(id: string): BulkheadLimits {
    const config = this.#options.config?.providers[id];
    // The offline engine renders on this machine's CPU: few at once; remote providers can take more.
    const local = this.#runsLocally(id);
    return { maxConcurrent: config?.maxConcurrent ?? (local ? 2 : 16), maxQueued: config?.maxQueued ?? (local ? 64 : 64) };
  }

  catalogue(): Catalogue {
    this.#catalogue ??= new Catalogue(this.#routes(), this.#offeredRoutes());
    return this.#catalogue;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#providers.values(), ...this.#retired].map((p) => p.close()));
  }

  #routes(): ModelRoute[] {
    const settings = this.#options.settings.get();
    const ids = [...this.#providers.keys()];
    const order = [
      ...settings.providerOrder.filter((id) => this.#providers.has(id)),
      ...ids.filter((id) => !settings.providerOrder.includes(id)),
    ];
    const remote = order.filter((id) => !this.#runsLocally(id));
    const locals = order.filter((id) => this.#runsLocally(id));
    const defaultTargets = [
      ...remote.map((id, index) => makeTarget(id, this.#defaultModel(id), { priority: index })),
      ...locals.map((id) => makeTarget(id, this.#defaultModel(id), { priority: 1000, lastResort: true })),
    ];
    const routes = new Map<string, ModelRoute>([
      ['default', { alias: 'default', label: 'Best available', strategy: 'priority', targets: defaultTargets }],
    ]);
    const add = (alias: string, label: string, provider: string, model: string): void => {
      if (this.#providers.has(provider)) routes.set(alias, { alias, label, strategy: 'priority', targets: [makeTarget(provider, model)] });
    };
    for (const descriptor of PROVIDERS) for (const { alias, label, model } of descriptor.aliases) add(alias, label, descriptor.kind, model);
    // Pinned checkpoints are named models like the built-in aliases: the studio's menu lists them and a request naming one goes to its provider.
    for (const pinned of settings.pinnedModels) {
      if (pinned.category === 'checkpoint' && !routes.has(pinned.air)) add(pinned.air, pinned.name, pinned.provider, pinned.air);
    }
    for (const [alias, model] of Object.entries(this.#options.config?.models ?? {})) {
      routes.set(alias, {
        alias,
        label: model.label ?? alias,
        strategy: model.strategy,
        targets: model.targets.map((t, index) =>
          makeTarget(t.provider, t.model, {
            priority: t.priority ?? index,
            weight: t.weight ?? 1,
            pricePerImageUsd: t.price,
            capabilities: t.capabilities
              ? Object.fromEntries(Object.entries(t.capabilities).filter(([, v]) => v !== undefined))
              : undefined,
            lastResort: this.#runsLocally(t.provider) && index === model.targets.length - 1 && index > 0,
          }),
        ),
      });
    }
    return [...routes.values()];
  }

  /** One route per model id the providers offer, through every provider offering it, in provider order. */
  #offeredRoutes(): ModelRoute[] {
    const byModel = new Map<string, string[]>();
    for (const [id, provider] of this.#providers) {
      for (const model of provider.models()) byModel.set(model.id, [...(byModel.get(model.id) ?? []), id]);
    }
    return [...byModel].map(([model, providers]) => ({
      alias: model,
      label: model,
      strategy: 'priority',
      targets: providers.map((provider, priority) => makeTarget(provider, model, { priority })),
    }));
  }

  /** Settings-screen facts about an instance: the secret its key is kept under, and the descriptor's note. */
  presentation(id: string): { readonly secret: string | undefined; readonly note: string | undefined } {
    const provider = this.#providers.get(id);
    const descriptor = provider ? providerDescriptor(provider.kind) : undefined;
    return { secret: provider?.requiresKey ? descriptor?.secret?.name : undefined, note: descriptor?.note };
  }

  #runsLocally(id: string): boolean {
    const kind = this.#providers.get(id)?.kind;
    return kind !== undefined && providerDescriptor(kind)?.runsLocally === true;
  }

  #defaultModel(id: string): string {
    const provider = this.#providers.get(id);
    const wanted = this.#wanted.get(id);
    const preferred = wanted?.descriptor.defaultModel(wanted.options);
    const offered = provider?.models() ?? [];
    return offered.find((m) => m.id === preferred)?.id ?? offered[0]?.id ?? preferred ?? 'default';
  }

  /** Every instance: the built-in one of each kind, configured from Settings, then the MOTIF_CONFIG ones (a config entry may replace a built-in). */
  #instances(settings: Settings): Map<string, Wanted> {
    const wanted = new Map<string, Wanted>();
    const sections = settings.providers as Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;
    for (const descriptor of PROVIDERS) {
      const { enabled: _enabled, ...options } = sections[descriptor.kind] ?? {};
      wanted.set(descriptor.kind, {
        descriptor,
        options,
        label: undefined,
        fingerprint: JSON.stringify({ type: descriptor.kind, ...options }),
      });
    }
    for (const [id, config] of Object.entries(this.#options.config?.providers ?? {})) {
      const descriptor = providerDescriptor(config.type);
      if (!descriptor) continue;
      const {
        type: _type,
        label,
        enabled: _enabled,
        apiKey: _apiKey,
        apiKeyEnv: _apiKeyEnv,
        maxConcurrent: _maxConcurrent,
        maxQueued: _maxQueued,
        ...options
      } = config as ProviderConfig;
      wanted.set(id, { descriptor, options, label, fingerprint: JSON.stringify({ ...config, apiKey: undefined }) });
    }
    return wanted;
  }

  #pinnedFor(id: string): readonly PinnedModel[] {
    const source = this.#options.settings.get().pinnedModels;
    const known = this.#pinned.get(id);
    if (known?.source === source) return known.list;
    const list = source.filter((m) => m.provider === id);
    this.#pinned.set(id, { source, list });
    return list;
  }

  #keyReader(id: string, config: ProviderConfig | undefined): () => string | undefined {
    const { env } = this.#options;
    // The built-in instance's key lives in the key store (the app) or its environment variable (headless), under the descriptor's secret name.
    const secret = providerDescriptor(id)?.secret?.name;
    return () =>
      config?.apiKey ??
      (config?.apiKeyEnv ? env[config.apiKeyEnv] : undefined) ??
      (secret ? this.#options.settings.secret(secret) : undefined);
  }

  #build(settings: Settings): void {
    const { env, clock, random, emit } = this.#options;
    this.#wanted = this.#instances(settings);
    for (const [id, spec] of this.#wanted) {
      const getApiKey = this.#keyReader(id, this.#options.config?.providers[id]);
      const endpoints = spec.descriptor.endpoints({ builtIn: id === spec.descriptor.kind, options: spec.options, env });
      this.#credentials.set(id, () => JSON.stringify([...endpoints.map((url) => url ?? ''), getApiKey() ?? '']));
    }
    const next = new Map<string, ImageProvider>();
    const supplied = new Set(this.#options.extraProviders.map((p) => p.id));
    for (const [id, spec] of this.#wanted) {
      // A supplied provider replaces the built one: never build (and leak) the shadowed one, nor retire the supplied one.
      if (supplied.has(id)) continue;
      const existing = this.#providers.get(id);
      if (existing && this.#fingerprints.get(id) === spec.fingerprint) next.set(id, existing);
      else {
        if (existing) this.#retire(existing);
        const getApiKey = this.#keyReader(id, this.#options.config?.providers[id]);
        next.set(
          id,
          spec.descriptor.create({
            id,
            builtIn: id === spec.descriptor.kind,
            options: spec.options,
            label: spec.label,
            getApiKey,
            pinnedModels: () => this.#pinnedFor(id),
            env,
            clock,
            random,
            emit,
          }),
        );
        this.#fingerprints.set(id, spec.fingerprint);
      }
    }
    for (const provider of this.#options.extraProviders) next.set(provider.id, provider);
    for (const [id, provider] of this.#providers) if (!next.has(id)) this.#retire(provider);
    this.#providers = next;
  }

  /** Closes a replaced provider once its in-flight calls drain; kept until then so `close()` can wait for it too. */
  #retire(provider: ImageProvider): void {
    this.#retired.add(provider);
    void provider
      .close()
      .catch(() => undefined)
      .finally(() => this.#retired.delete(provider));
  }
}
