import { MotifError } from '../errors/motif-error.ts';
import type { ProviderCapabilities } from '../contract/image-provider.ts';

export const STRATEGIES = ['priority', 'weighted', 'latency', 'cost'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** One place a model alias can be served: a provider plus its own model id. */
export interface Target {
  readonly provider: string;
  readonly model: string;
  /** Lower goes first under the priority strategy. */
  readonly priority: number;
  /** Share of traffic under the weighted strategy. */
  readonly weight: number;
  /** Overrides the provider's price table; undefined means use the provider's. */
  readonly pricePerImageUsd: number | undefined;
  /** Narrows the provider's capabilities for this target. */
  readonly capabilities: Partial<ProviderCapabilities> | undefined;
  /** The offline engine at the end of the default route: used, and labelled, only when everything else failed. */
  readonly lastResort: boolean;
}

export interface ModelRoute {
  readonly alias: string;
  readonly label: string;
  readonly strategy: Strategy;
  readonly targets: readonly Target[];
}

/** The alias every request without a model uses: all providers in order, the offline engine last. */
export const DEFAULT_MODEL_ALIAS = 'default';

export const targetId = (target: Pick<Target, 'provider' | 'model'>): string => `${target.provider}/${target.model}`;

export function makeTarget(provider: string, model: string, overrides: Partial<Omit<Target, 'provider' | 'model'>> = {}): Target {
  return {
    provider,
    model,
    priority: overrides.priority ?? 0,
    weight: overrides.weight ?? 1,
    pricePerImageUsd: overrides.pricePerImageUsd,
    capabilities: overrides.capabilities,
    lastResort: overrides.lastResort ?? false,
  };
}

/**
 * Model aliases (`default`, `flux-schnell`, …) and the ordered targets behind
 * each. A request may also name `provider/model` directly.
 */
export class Catalogue {
  readonly #routes = new Map<string, ModelRoute>();
  readonly #offered = new Map<string, ModelRoute>();

  /**
   * @param routes the aliases, listed by `routes()`
   * @param offered a route for each model id a provider offers that is not an alias
   *   (`dall-e-2` → openai), so a request naming a provider's model reaches that
   *   provider; resolvable, but not listed.
   */
  constructor(routes: readonly ModelRoute[], offered: readonly ModelRoute[] = []) {
    for (const route of routes) this.#routes.set(route.alias, route);
    for (const route of offered) if (!this.#routes.has(route.alias)) this.#offered.set(route.alias, route);
  }

  routes(): readonly ModelRoute[] {
    return [...this.#routes.values()];
  }

  /** The route for an alias or a direct `provider/model`; `knownProviders` validates the direct form. */
  resolve(model: string, knownProviders: ReadonlySet<string>): ModelRoute {
    const route = this.#routes.get(model) ?? this.#offered.get(model);
    if (route) return route;
    const slash = model.indexOf('/');
    if (slash > 0) {
      const provider = model.slice(0, slash);
      const providerModel = model.slice(slash + 1);
      if (knownProviders.has(provider) && providerModel.length > 0) {
        return { alias: model, label: model, strategy: 'priority', targets: [makeTarget(provider, providerModel)] };
      }
    }
    throw new MotifError('invalid_request', {
      param: 'model',
      message: `Unknown model "${model}". Use one of: ${[...this.#routes.keys()].join(', ')}, or provider/model.`,
    });
  }
}
