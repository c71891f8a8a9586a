import type { ImageProvider } from '../../src/core/contract/image-provider.ts';
import type { ImageRequest } from '../../src/core/contract/image-request.ts';
import { MotifError } from '../../src/core/errors/motif-error.ts';
import { DEFAULT_BACKOFF } from '../../src/core/resilience/backoff.ts';
import { DEFAULT_BREAKER_OPTIONS } from '../../src/core/resilience/target-breaker.ts';
import { Catalogue, makeTarget, type Strategy } from '../../src/core/router/catalogue.ts';
import { Router, type RouteJob } from '../../src/core/router/router.ts';
import type { AttemptTimeoutPolicy } from '../../src/core/router/attempt-timeout.ts';
import { systemClock } from '../../src/core/util/clock.ts';
import { seededRandom } from '../../src/core/util/random.ts';
import { vi } from 'vitest';
import type { ScriptedProvider } from './scripted-provider.ts';

export const baseRequest: ImageRequest = {
  prompt: 'balloons',
  negativePrompt: undefined,
  style: 'party',
  width: 512,
  height: 512,
  count: 1,
  seed: 7,
  seedExplicit: true,
  format: 'png',
  model: 'default',
  noCache: false,
};

/** A router over the given providers, `default` routing to them in order. Uses the (fakeable) system clock. */
export function makeRouter(
  providers: readonly ImageProvider[],
  options: {
    hedging?: boolean;
    strategy?: Strategy;
    bulkhead?: { maxConcurrent: number; maxQueued: number };
    maxRetries?: number;
    attemptTimeout?: AttemptTimeoutPolicy;
  } = {},
): Router {
  const map = new Map(providers.map((p) => [p.id, p]));
  const catalogue = new Catalogue([
    {
      alias: 'default',
      label: 'Default',
      strategy: options.strategy ?? 'priority',
      targets: providers.map((p, i) => makeTarget(p.id, 'model-a', { priority: i })),
    },
  ]);
  return new Router({
    providers: () => map,
    isEnabled: () => true,
    catalogue: () => catalogue,
    clock: systemClock,
    random: seededRandom(42),
    breaker: { ...DEFAULT_BREAKER_OPTIONS, minimumRequests: 4, consecutiveFailures: 3, cooldownMs: 1000 },
    backoff: DEFAULT_BACKOFF,
    maxRetriesPerTarget: options.maxRetries ?? 2,
    bulkhead: () => options.bulkhead ?? { maxConcurrent: 16, maxQueued: 64 },
    hedging: () => options.hedging ?? false,
    hedgeMaxExtraRatio: 1,
    explorationRate: 0,
    savedBreakers: {},
    onBreakerChange: () => undefined,
    attemptTimeout: options.attemptTimeout,
  });
}

/** A job with its own controller and a deadline timer that aborts with `deadline_exceeded`. */
export function makeJob(
  request: Partial<ImageRequest> = {},
  deadlineMs = 60_000,
): RouteJob & { controller: AbortController; notices: string[] } {
  const controller = new AbortController();
  const deadline = Date.now() + deadlineMs;
  const timer = setTimeout(() => controller.abort(new MotifError('deadline_exceeded')), deadlineMs);
  controller.signal.addEventListener('abort', () => clearTimeout(timer));
  const notices: string[] = [];
  return {
    request: { ...baseRequest, ...request },
    signal: controller.signal,
    deadline,
    taskId: undefined,
    resume: false,
    onImage: undefined,
    onStage: undefined,
    onNotice: (n) => notices.push(n),
    controller,
    notices,
  };
}

/** Teaches the router the primary's normal latency (ten 100 ms calls, so p90 = 100 ms) under fake timers, so it knows when to hedge. */
export async function warmUp(router: Router, primary: ScriptedProvider): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    primary.script({ kind: 'ok', delayMs: 100 });
    const done = router.route(makeJob());
    await vi.advanceTimersByTimeAsync(100);
    await done;
  }
}
