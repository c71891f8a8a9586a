import { LRUCache } from 'lru-cache';
import type { CountedCache } from '../cache/counted-cache.ts';
import type { ImageProvider } from '../contract/image-provider.ts';
import {
  canSearchModels,
  modelSearchQuerySchema,
  type CatalogueModel,
  type CatalogueModelsPage,
  type ModelSearchCapable,
  type ModelSearchQuery,
  type ModelSearchRequest,
  type PinnedModel,
  type SearchedModel,
} from '../contract/model-catalogue.ts';
import { CATALOGUE_LIMITS, PINNABLE_CATEGORIES, type PinnableCategory } from '../contract/model-catalogue-limits.ts';
import { MotifError, toMotifError } from '../errors/index.ts';
import { sniffImageFormat } from '../contract/image-format.ts';
import { mediaTypeOf } from '../library/image-format.ts';
import type { Clock } from '../util/clock.ts';
import { definedOnly } from '../util/defined-only.ts';

/** One upstream page as cached: the provider's own fields, before prices and pins are added. */
export interface SearchedPage {
  readonly models: readonly SearchedModel[];
  readonly total: number;
}

export interface ModelCatalogueOptions {
  readonly providers: () => ReadonlyMap<string, ImageProvider>;
  readonly isEnabled: (provider: string) => boolean;
  /** The provider's identity (hashed key and endpoints): a new key may see other (private) models, so it never reads another key's pages. */
  readonly identity: (provider: string) => string;
  readonly pinned: () => readonly PinnedModel[];
  /** Saves the pinned list (validated by the settings schema). */
  readonly savePinned: (pinned: readonly PinnedModel[]) => void;
  readonly clock: Clock;
  /** Search results by query; `getOrLoad` makes concurrent identical searches one upstream call. */
  readonly pages: CountedCache<SearchedPage>;
  /** Preview images by model. */
  readonly previews: CountedCache<Uint8Array>;
  /** How long one upstream call may take (default 15 s). */
  readonly timeoutMs?: number;
}

/** Codes that are the caller's to fix or stop: a search fails with them instead of falling back to the offline list. */
const NOT_OFFLINE: ReadonlySet<string> = new Set(['invalid_request', 'cancelled']);

/**
 * The model catalogue: the upstream's `modelSearch` behind an LRU of pages
 * (cold: one upstream call; warm: none), decorated with what the engine knows
 * (price, built in, pinned). Without a key or a network it answers from the
 * built-in and pinned models and says why. Pinning stores enough of a model
 * (from a page the designer saw, never from the window) to route to it and
 * show it offline.
 */
export class ModelCatalogue {
  readonly #o: ModelCatalogueOptions;
  /** Every model a search returned lately, by `provider/air`: what pin and preview may refer to. */
  readonly #seen = new LRUCache<string, SearchedModel>({ max: 5_000 });

  constructor(options: ModelCatalogueOptions) {
    this.#o = options;
  }

  async search(query: ModelSearchQuery, signal: AbortSignal = new AbortController().signal): Promise<CatalogueModelsPage> {
    const parsed = modelSearchQuerySchema.safeParse(query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MotifError('invalid_request', {
        param: issue?.path.join('.') || 'query',
        message: `Invalid model search: ${issue?.message ?? 'bad value'}`,
      });
    }
    const request = parsed.data;
    const source = this.#source();
    if (source === undefined)
      return this.#offline(
        request,
        undefined,
        new MotifError('no_provider_available', { message: 'No enabled provider can search models.' }),
      );
    if (source.requiresKey && !source.hasKey())
      return this.#offline(request, source, new MotifError('key_missing', { provider: source.id }));
    let page: SearchedPage;
    let warm: boolean;
    try {
      ({ page, warm } = await this.#fetch(source, request, signal));
    } catch (error) {
      const failure = toMotifError(error);
      if (NOT_OFFLINE.has(failure.code)) throw failure;
      return this.#offline(request, source, failure);
    }
    return {
      models: page.models.map((model) => this.#decorate(source, model)),
      total: page.total,
      offset: request.offset,
      limit: request.limit,
      source: warm ? 'cache' : 'live',
    };
  }

  /** The pinned models, checkpoints and LoRAs. */
  pinned(): readonly PinnedModel[] {
    return this.#o.pinned();
  }

  /**
   * Pins a model a search showed (looked up again by its id when it is no
   * longer remembered). Checkpoints join the model menu, LoRAs the LoRA picker.
   */
  async pin(air: string, signal: AbortSignal = new AbortController().signal): Promise<readonly PinnedModel[]> {
    const source = this.#source();
    if (source === undefined) throw new MotifError('no_provider_available', { message: 'No enabled provider can search models.' });
    const current = this.#o.pinned();
    if (current.some((m) => m.provider === source.id && m.air === air)) return current;
    const model = this.#seen.get(`${source.id}/${air}`) ?? (await this.#lookUp(source, air, signal));
    if (model === undefined)
      throw new MotifError('not_found', { param: 'air', message: `No model ${air} in the ${source.label} catalogue.` });
    if (!isPinnable(model.category))
      throw new MotifError('invalid_request', {
        param: 'air',
        message: `${model.name} is a ${model.category}; only checkpoints and LoRAs can be pinned.`,
      });
    if (this.#builtIn(source, air))
      throw new MotifError('invalid_request', { param: 'air', message: `${model.name} is already in the model menu.` });
    if (current.length >= CATALOGUE_LIMITS.maxPinned)
      throw new MotifError('invalid_request', {
        param: 'air',
        message: `At most ${CATALOGUE_LIMITS.maxPinned} models can be pinned; unpin one first.`,
      });
    const pinned: PinnedModel = {
      provider: source.id,
      air: model.air,
      name: model.name.slice(0, 200),
      category: model.category,
      ...definedOnly({
        architecture: model.architecture?.slice(0, 32),
        pricePerImageUsd: this.#price(source, model.air),
        defaultSteps: model.defaultSteps !== undefined && model.defaultSteps <= 150 ? model.defaultSteps : undefined,
        defaultCFG: model.defaultCFG !== undefined && model.defaultCFG <= 50 ? model.defaultCFG : undefined,
        triggerWords: model.triggerWords?.slice(0, 500),
        previewUrl: model.previewUrl !== undefined && model.previewUrl.length <= 2000 ? model.previewUrl : undefined,
      }),
    };
    this.#o.savePinned([...current, pinned]);
    return this.#o.pinned();
  }

  /** Unpins a model; unpinning one that is not pinned changes nothing. */
  unpin(air: string): readonly PinnedModel[] {
    const current = this.#o.pinned();
    const next = current.filter((m) => m.air !== air);
    if (next.length !== current.length) this.#o.savePinned(next);
    return this.#o.pinned();
  }

  /** A model's preview image, fetched by the engine (so the window never loads a remote address) and cached. */
  async preview(air: string, signal: AbortSignal = new AbortController().signal): Promise<{ bytes: Uint8Array; mediaType: string }> {
    const source = this.#source();
    const url =
      source === undefined
        ? undefined
        : (this.#seen.get(`${source.id}/${air}`)?.previewUrl ??
          this.#o.pinned().find((m) => m.provider === source.id && m.air === air)?.previewUrl);
    if (source === undefined || url === undefined) throw new MotifError('not_found', { param: 'air', message: `No preview for ${air}.` });
    const bytes = await this.#o.previews.getOrLoad(`${source.id}/${url}`, () =>
      source.fetchPreview(url, { signal, deadline: this.#o.clock.now() + (this.#o.timeoutMs ?? 15_000) }),
    );
    const format = sniffImageFormat(bytes);
    if (format === undefined) throw new MotifError('upstream_malformed', { provider: source.id, message: 'The preview is not an image.' });
    return { bytes, mediaType: mediaTypeOf(format) };
  }

  /** The first enabled provider that searches models (Runware). */
  #source(): (ImageProvider & ModelSearchCapable) | undefined {
    for (const provider of this.#o.providers().values()) {
      if (canSearchModels(provider) && this.#o.isEnabled(provider.id)) return provider;
    }
    return undefined;
  }

  /** One page from the cache (warm) or the upstream (cold); remembers its models for pin and preview. */
  async #fetch(
    source: ImageProvider & ModelSearchCapable,
    request: ModelSearchRequest,
    signal: AbortSignal,
  ): Promise<{ page: SearchedPage; warm: boolean }> {
    const key = JSON.stringify([source.id, this.#o.identity(source.id), request]);
    const warm = this.#o.pages.peek(key) !== undefined;
    const page = await this.#o.pages.getOrLoad(key, () =>
      source.searchModels(request, { signal, deadline: this.#o.clock.now() + (this.#o.timeoutMs ?? 15_000) }),
    );
    for (const model of page.models) this.#seen.set(`${source.id}/${model.air}`, model);
    return { page, warm };
  }

  /** Finds a model by its id upstream; failures are thrown as they are (pinning needs the upstream). */
  async #lookUp(source: ImageProvider & ModelSearchCapable, air: string, signal: AbortSignal): Promise<SearchedModel | undefined> {
    const { page } = await this.#fetch(source, modelSearchQuerySchema.parse({ search: air, limit: 20 }), signal);
    return page.models.find((m) => m.air === air);
  }

  #decorate(source: ImageProvider, model: SearchedModel): CatalogueModel {
    const pinned = this.#o.pinned().some((m) => m.provider === source.id && m.air === model.air);
    return {
      provider: source.id,
      air: model.air,
      name: model.name.slice(0, 200),
      category: model.category.slice(0, 32),
      tags: model.tags.slice(0, 50).map((t) => t.slice(0, 64)),
      hasPreview: model.previewUrl !== undefined,
      builtIn: this.#builtIn(source, model.air),
      pinned,
      ...definedOnly({
        version: model.version?.slice(0, 100),
        architecture: model.architecture?.slice(0, 32),
        pricePerImageUsd: this.#price(source, model.air),
        defaultWidth: model.defaultWidth,
        defaultHeight: model.defaultHeight,
        defaultSteps: model.defaultSteps,
        defaultCFG: model.defaultCFG,
        triggerWords: model.triggerWords?.slice(0, 500),
      }),
    };
  }

  /** Built-in and pinned models matching the query: what the catalogue shows without the upstream, with the reason. */
  #offline(request: ModelSearchRequest, source: ImageProvider | undefined, reason: MotifError): CatalogueModelsPage {
    const pinned = this.#o.pinned();
    const local: CatalogueModel[] = [];
    if (source !== undefined) {
      for (const model of source.models()) {
        if (pinned.some((p) => p.provider === source.id && p.air === model.id)) continue;
        local.push({
          provider: source.id,
          air: model.id,
          name: model.label,
          category: 'checkpoint',
          tags: [],
          hasPreview: false,
          builtIn: true,
          pinned: false,
          ...definedOnly({ pricePerImageUsd: model.pricePerImageUsd }),
        });
      }
    }
    for (const model of pinned) {
      local.push({
        provider: model.provider,
        air: model.air,
        name: model.name,
        category: model.category,
        tags: [],
        hasPreview: model.previewUrl !== undefined,
        builtIn: false,
        pinned: true,
        ...definedOnly({
          architecture: model.architecture,
          pricePerImageUsd: model.pricePerImageUsd,
          defaultSteps: model.defaultSteps,
          defaultCFG: model.defaultCFG,
          triggerWords: model.triggerWords,
        }),
      });
    }
    const words = (request.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matching = local.filter(
      (m) =>
        (request.category === undefined || m.category === request.category) &&
        (request.architecture === undefined || m.architecture === request.architecture) &&
        words.every((w) => `${m.name} ${m.air}`.toLowerCase().includes(w)),
    );
    return {
      models: matching.slice(request.offset, request.offset + request.limit),
      total: matching.length,
      offset: request.offset,
      limit: request.limit,
      source: 'offline',
      offline: { code: reason.code, message: offlineMessage(reason) },
    };
  }

  #builtIn(source: ImageProvider, air: string): boolean {
    return source.models().some((m) => m.id === air) && !this.#o.pinned().some((p) => p.provider === source.id && p.air === air);
  }

  #price(source: ImageProvider, air: string): number | undefined {
    return source.models().find((m) => m.id === air)?.pricePerImageUsd;
  }
}

const isPinnable = (category: string): category is PinnableCategory => (PINNABLE_CATEGORIES as readonly string[]).includes(category);

/** What the designer reads: the registered message, and the upstream's detail when it adds something. */
function offlineMessage(error: MotifError): string {
  const detail = error.message && error.message !== error.userMessage ? ` (${error.message})` : '';
  return `Showing built-in and pinned models only: ${error.userMessage}${detail}`;
}
