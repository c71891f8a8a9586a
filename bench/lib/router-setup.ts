import type { ImageProvider } from '../../src/core/contract/image-provider.ts';
import type { ImageRequest } from '../../src/core/contract/image-request.ts';
import { MotifError } from '../../src/core/errors/motif-error.ts';
import { DEFAULT_BACKOFF } from '../../src/core/resilience/backoff.ts';
import { DEFAULT_BREAKER_OPTIONS } from '../../src/core/resilience/target-breaker.ts';
import { Catalogue, makeTarget } from '../../src/core/router/catalogue.ts';
import { Router, type RouteJob } from '../../src/core/router/router.ts';
import { systemClock } from '../../src/core/util/clock.ts';
import { seededRandom } from '../../src/core/util/random.ts';

/**
 * A Router wired like the engine's (src/core/service/engine-parts.ts): default
 * breaker, backoff and retry settings, bulkhead 16 running / 64 queued per remote
 * provider (2 / 64 for a local one), hedges capped at 10% of jobs, `default`
 * routing to `targets` in priority order.
 */
export function productionRouter(
  providers: readonly ImageProvider[],
  options: {
    targets: readonly { provider: string; model: string; lastResort?: boolean }[];
    hedging?: boolean;
    seed?: number;
  },
): Router {
  const map = new Map(providers.map((p) => [p.id, p]));
  const catalogue = new Catalogue([
    {
      alias: 'default',
      label: 'Default',
      strategy: 'priority',
      targets: options.targets.map((t, i) =>
        makeTarget(t.provider, t.model, { priority: t.lastResort ? 1000 : i, lastResort: t.lastResort ?? false }),
      ),
    },
  ]);
  return new Router({
    providers: () => map,
    isEnabled: () => true,
    catalogue: () => catalogue,
    clock: systemClock,
    random: seededRandom(options.seed ?? 42),
    breaker: DEFAULT_BREAKER_OPTIONS,
    backoff: DEFAULT_BACKOFF,
    maxRetriesPerTarget: 2,
    bulkhead: (id) => (map.get(id)?.kind === 'local' ? { maxConcurrent: 2, maxQueued: 64 } : { maxConcurrent: 16, maxQueued: 64 }),
    hedging: () => options.hedging ?? false,
    hedgeMaxExtraRatio: 0.1,
    explorationRate: 0.05,
    savedBreakers: {},
    onBreakerChange: () => undefined,
  });
}

/** A route job as the JobRunner builds one: own controller, deadline, no-op callbacks. */
export function routeJob(request: ImageRequest, deadlineMs = 120_000): RouteJob & { controller: AbortController } {
  const controller = new AbortController();
  return {
    request,
    signal: controller.signal,
    deadline: Date.now() + deadlineMs,
    taskId: undefined,
    resume: false,
    onImage: undefined,
    onStage: undefined,
    onNotice: undefined,
    controller,
  };
}

/** Like routeJob, with a real deadline timer (as JobRunner arms one); clear it with `done()`. */
export function timedRouteJob(request: ImageRequest, deadlineMs = 120_000): RouteJob & { done: () => void } {
  const job = routeJob(request, deadlineMs);
  const timer = setTimeout(() => job.controller.abort(new MotifError('deadline_exceeded')), deadlineMs);
  return { ...job, done: () => clearTimeout(timer) };
}

let counter = 0;

/** A request for `model` (default `default`); every call gets its own prompt unless `prompt` is given. */
export function benchRequest(overrides: Partial<ImageRequest> = {}): ImageRequest {
  counter += 1;
  return {
    prompt: `bench job ${counter}`,
    negativePrompt: undefined,
    style: 'party',
    width: 128,
    height: 128,
    count: 1,
    seed: 7,
    seedExplicit: true,
    format: 'webp',
    model: 'default',
    noCache: true,
    ...overrides,
  };
}
