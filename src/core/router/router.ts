import { BrokenCircuitError, BulkheadRejectedError, IsolatedCircuitError } from 'cockatiel';
import { findModel, type GeneratedImage, type ImageProvider, type ProviderWarning } from '../contract/image-provider.ts';
import type { ImageRequest } from '../contract/image-request.ts';
import { isMotifError, MotifError, toMotifError } from '../errors/motif-error.ts';
import type { Attempt } from '../contract/history-entry.ts';
import { retryDelayMs, type BackoffOptions } from '../resilience/backoff.ts';
import { RetryBudget } from '../resilience/retry-budget.ts';
import type { SavedBreaker, TargetBreakerOptions } from '../resilience/target-breaker.ts';
import { sleep, type Clock } from '../util/clock.ts';
import { raceAbort } from '../util/race-abort.ts';
import type { Random } from '../util/random.ts';
import { adaptRequest, mergeCapabilities } from './adapt-request.ts';
import { targetId, type Catalogue, type Target } from './catalogue.ts';
import { orderTargets } from './strategies.ts';
import { TargetRuntime, type BulkheadLimits } from './target-runtime.ts';
import { runHedged } from './hedge.ts';

export interface RouterOptions {
  readonly providers: () => ReadonlyMap<string, ImageProvider>;
  readonly isEnabled: (provider: string) => boolean;
  readonly catalogue: () => Catalogue;
  readonly clock: Clock;
  readonly random: Random;
  readonly breaker: Omit<TargetBreakerOptions, 'now'>;
  readonly backoff: BackoffOptions;
  /** Retries of the same target after its first try. */
  readonly maxRetriesPerTarget: number;
  readonly bulkhead: (provider: string) => BulkheadLimits;
  readonly hedging: () => boolean;
  /** Hedged calls allowed as a fraction of jobs routed: the cap on extra spend. */
  readonly hedgeMaxExtraRatio: number;
  readonly explorationRate: number;
  readonly savedBreakers: Readonly<Record<string, SavedBreaker>>;
  readonly onBreakerChange: (targetId: string) => void;
}

export interface RouteJob {
  readonly request: ImageRequest;
  /** Aborted on cancel and at the deadline, with a MotifError as its reason. */
  readonly signal: AbortSignal;
  readonly deadline: number;
  readonly taskId: string | undefined;
  readonly resume: boolean;
  /** Called as each image arrives, with the trail so far (the current try counted as a success). */
  readonly onImage: ((image: GeneratedImage, index: number, served: StreamedImageContext) => void) | undefined;
  readonly onStage: ((stage: 'sending' | 'waiting' | 'receiving', provider: string, model: string) => void) | undefined;
  /** What the router is doing about a problem, in words. */
  readonly onNotice: ((notice: string) => void) | undefined;
}

export interface StreamedImageContext {
  readonly provider: string;
  readonly model: string;
  readonly attempts: readonly Attempt[];
  readonly warnings: readonly ProviderWarning[];
  readonly fallback: boolean;
}

export interface RouteResult {
  readonly images: readonly GeneratedImage[];
  readonly warnings: readonly ProviderWarning[];
  readonly attempts: readonly Attempt[];
  readonly provider: string;
  readonly model: string;
  /** True when a target other than the first choice served the job. */
  readonly fallback: boolean;
  readonly costUsd: number | undefined;
}

export type RouterEvent =
  | { readonly type: 'attempt-start'; readonly target: string }
  | { readonly type: 'attempt-end'; readonly target: string; readonly attempt: Attempt; readonly countsAsRequest: boolean }
  | { readonly type: 'retry'; readonly target: string }
  | { readonly type: 'fallback'; readonly from: string }
  | { readonly type: 'hedge'; readonly target: string; readonly won: boolean };

interface Candidate {
  readonly target: Target;
  readonly runtime: TargetRuntime;
  readonly provider: ImageProvider;
  readonly request: ImageRequest;
  readonly warnings: readonly ProviderWarning[];
  readonly chunks: readonly number[];
}

/**
 * Routes one job to the best available target: resolve the model, filter by
 * capability, key and breaker, order by strategy, then attempt through
 * bulkhead → breaker → provider with jittered retries, fallback and an
 * optional hedge. Every try lands in the attempt trail.
 */
export class Router {
  readonly #options: RouterOptions;
  readonly #runtimes = new Map<string, TargetRuntime>();
  readonly #listeners = new Set<(event: RouterEvent) => void>();
  readonly #budget: RetryBudget;
  #jobsRouted = 0;
  #hedgesStarted = 0;

  constructor(options: RouterOptions) {
    this.#options = options;
    this.#budget = new RetryBudget({ ratio: 0.2, minRetries: 10, windowMs: 10_000, now: () => options.clock.now() });
    // Restore saved breakers at once, so a circuit forced open before a restart shows and holds from the start.
    for (const id of Object.keys(options.savedBreakers)) {
      const slash = id.indexOf('/');
      if (slash > 0) this.runtime({ provider: id.slice(0, slash), model: id.slice(slash + 1) });
    }
  }

  onEvent(listener: (event: RouterEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The runtime of a target, created on first use so breakers exist for every target ever routed. */
  runtime(target: Pick<Target, 'provider' | 'model'>): TargetRuntime {
    const id = targetId(target);
    let runtime = this.#runtimes.get(id);
    if (!runtime) {
      runtime = new TargetRuntime(target, { ...this.#options.breaker, now: () => this.#options.clock.now() }, this.#options.bulkhead(target.provider), this.#options.savedBreakers[id]);
      runtime.breaker.onChange(() => this.#options.onBreakerChange(id));
      this.#runtimes.set(id, runtime);
    }
    return runtime;
  }

  runtimes(): readonly TargetRuntime[] {
    return [...this.#runtimes.values()];
  }

  async route(job: RouteJob): Promise<RouteResult> {
    this.#jobsRouted += 1;
    this.#budget.recordRequest();
    const providers = this.#options.providers();
    const route = this.#options.catalogue().resolve(job.request.model, new Set(providers.keys()));
    const ordered = orderTargets(route.strategy, route.targets, {
      random: this.#options.random,
      explorationRate: this.#options.explorationRate,
      latencyMs: (t) => this.runtime(t).metrics.latency.mean(),
      priceUsd: (t) => t.pricePerImageUsd ?? providers.get(t.provider)?.models().find((m) => m.id === t.model)?.pricePerImageUsd,
    });
    const attempts: Attempt[] = [];
    const candidates = this.#filter(ordered, job.request, providers, attempts);
    let lastError: MotifError | undefined;
    // A target already tried in this job (as a hedge) is not tried again as a fallback.
    const tried = (c: Candidate): boolean => attempts.some((a) => a.outcome !== 'skipped' && a.provider === c.target.provider && a.model === c.target.model);
    for (let i = 0; i < candidates.length; i += 1) {
      // A cancelled job calls nothing more (a hedge would otherwise start on fresh signals and never be stopped).
      if (job.signal.aborted) throw withAttempts(toMotifError(job.signal.reason), attempts);
      const candidate = candidates[i]!;
      if (tried(candidate)) continue;
      if (!candidate.runtime.breaker.canAttempt()) {
        attempts.push(skipped(candidate.target, 'circuit_open', candidate.runtime.breaker.describeBlock()));
        continue;
      }
      if (candidate.target.lastResort && attempts.some(isRealFailure)) {
        job.onNotice?.('No other provider could serve this; using the offline engine as a last resort.');
      }
      const next = candidates.slice(i + 1).find((c) => !c.target.lastResort && c.runtime.breaker.canAttempt());
      try {
        const hedge = next && this.#shouldHedge(candidate) ? next : undefined;
        const result = hedge
          ? await runHedged(candidate, hedge, this.#hedgeDelay(candidate), job, attempts, this.#hedgeDeps())
          : await this.attemptWithRetries(candidate, job, job.signal, attempts);
        const served = result.candidate;
        return {
          images: result.images,
          warnings: [...served.warnings, ...result.warnings],
          attempts,
          provider: served.target.provider,
          model: served.target.model,
          fallback: attempts.some((a) => a.provider !== served.target.provider && isRealFailure(a)),
          costUsd: result.costUsd,
        };
      } catch (error) {
        const failure = toMotifError(error);
        if (job.signal.aborted) throw withAttempts(toMotifError(job.signal.reason), attempts);
        if (!failure.spec.fallbackable) throw withAttempts(failure, attempts);
        lastError = failure;
        this.#emit({ type: 'fallback', from: candidate.runtime.id });
        const following = candidates.slice(i + 1).find((c) => !tried(c) && c.runtime.breaker.canAttempt());
        job.onNotice?.(`${providerLabel(candidate)} failed (${failure.userMessage.replace(/\.$/, '')})${following ? `; trying ${providerLabel(following)}` : ''}.`);
      }
    }
    throw withAttempts(noProvider(attempts, lastError), attempts);
  }

  /** Tries one target, retrying retryable failures with backoff while the budget and deadline allow. */
  async attemptWithRetries(candidate: Candidate, job: RouteJob, signal: AbortSignal, attempts: Attempt[], isHedgeLoser: () => boolean = () => false): Promise<{ candidate: Candidate; images: readonly GeneratedImage[]; warnings: readonly ProviderWarning[]; costUsd: number | undefined }> {
    const { clock } = this.#options;
    for (let retry = 0; ; retry += 1) {
      const started = clock.now();
      this.#emit({ type: 'attempt-start', target: candidate.runtime.id });
      try {
        const result = await this.#attemptOnce(candidate, job, signal, attempts, started);
        const attempt: Attempt = { provider: candidate.target.provider, model: candidate.target.model, outcome: 'success', durationMs: clock.now() - started, ...(result.costUsd === undefined ? {} : { costUsd: result.costUsd }) };
        attempts.push(attempt);
        this.#emit({ type: 'attempt-end', target: candidate.runtime.id, attempt, countsAsRequest: true });
        return { candidate, ...result };
      } catch (error) {
        const failure = (signal.aborted ? toMotifError(signal.reason) : toMotifError(error)).labelled(candidate.provider.label);
        const outcome = isHedgeLoser() ? 'hedge-lost' : failure.code === 'cancelled' ? 'cancelled' : 'failure';
        const attempt: Attempt = { provider: candidate.target.provider, model: candidate.target.model, outcome, durationMs: clock.now() - started, errorCode: failure.code, detail: failure.message.slice(0, 300) };
        attempts.push(attempt);
        this.#emit({ type: 'attempt-end', target: candidate.runtime.id, attempt, countsAsRequest: failure.spec.breakerFailure });
        if (signal.aborted || !failure.spec.retryable || retry >= this.#options.maxRetriesPerTarget) throw failure;
        const delay = retryDelayMs(retry + 1, failure, this.#options.random, this.#options.backoff);
        if (clock.now() + delay >= job.deadline || !candidate.runtime.breaker.canAttempt() || !this.#budget.tryRetry()) throw failure;
        this.#emit({ type: 'retry', target: candidate.runtime.id });
        job.onNotice?.(`${providerLabel(candidate)}: ${failure.userMessage} Retrying in ${(delay / 1000).toFixed(1)} s.`);
        await sleep(clock, delay, signal);
      }
    }
  }

  async #attemptOnce(candidate: Candidate, job: RouteJob, signal: AbortSignal, attempts: readonly Attempt[], started: number): Promise<{ images: readonly GeneratedImage[]; warnings: readonly ProviderWarning[]; costUsd: number | undefined }> {
    const { runtime } = candidate;
    runtime.metrics.inFlight += 1;
    try {
      // Raced with the signal: a bulkhead queue and a half-open breaker wait without watching it, so cancel and deadline would otherwise wait for a free slot.
      return await raceAbort(runtime.bulkhead.execute(({ signal: bulkheadSignal }) => runtime.breaker.execute((inner) => this.#callProvider(candidate, job, inner, attempts, started).catch((error: unknown) => {
        // The job ran out of time while this target still had not answered: to its breaker that is a timeout, or a hung target would never trip.
        if (inner.aborted && isMotifError(inner.reason) && inner.reason.code === 'deadline_exceeded') {
          throw new MotifError('upstream_timeout', { provider: candidate.target.provider, message: `${candidate.provider.label} had not answered by the deadline`, cause: error });
        }
        throw error;
      }), bulkheadSignal), signal), signal);
    } catch (error) {
      if (error instanceof BulkheadRejectedError) throw new MotifError('overloaded', { provider: candidate.target.provider, cause: error });
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) throw new MotifError('circuit_open', { provider: candidate.target.provider, cause: error });
      throw error;
    } finally {
      runtime.metrics.inFlight -= 1;
    }
  }

  async #callProvider(candidate: Candidate, job: RouteJob, signal: AbortSignal, attempts: readonly Attempt[], started: number): Promise<{ images: readonly GeneratedImage[]; warnings: readonly ProviderWarning[]; costUsd: number | undefined }> {
    const { provider, target, chunks, request } = candidate;
    // The provider's own cost where it reports one; otherwise its list price; otherwise unknown (never $0).
    const listPrice = this.#pricePerImage(candidate);
    const priced = (image: GeneratedImage): GeneratedImage => (image.costUsd === undefined && listPrice !== undefined ? { ...image, costUsd: listPrice } : image);
    // One controller per attempt: a failed chunk cancels its siblings (no paying for images nobody gets),
    // and whatever a provider attaches to the signal ends with the attempt.
    const attempt = new AbortController();
    const forward = (): void => attempt.abort(signal.reason);
    if (signal.aborted) attempt.abort(signal.reason);
    else signal.addEventListener('abort', forward, { once: true });
    let open = true;
    try {
      let offset = 0;
      const calls = chunks.map((count, chunkIndex) => {
        const first = offset;
        offset += count;
        return provider.generate({
          request: { ...request, count, seed: (request.seed + first) >>> 0 },
          model: target.model,
          signal: attempt.signal,
          deadline: job.deadline,
          // Nothing reaches the job once this attempt is over: the job may already be served elsewhere.
          onImage: (image, index) => {
            if (!open) return;
            job.onImage?.(priced(image), first + index, {
              provider: target.provider,
              model: target.model,
              attempts: [...attempts, { provider: target.provider, model: target.model, outcome: 'success', durationMs: this.#options.clock.now() - started }],
              warnings: candidate.warnings,
              fallback: attempts.some(isRealFailure),
            });
          },
          onStage: (stage) => {
            if (open) job.onStage?.(stage, target.provider, target.model);
          },
          taskId: chunks.length === 1 ? job.taskId : undefined,
          resume: job.resume && chunkIndex === 0 && chunks.length === 1,
        }).catch((error: unknown) => {
          attempt.abort(new MotifError('cancelled', { message: 'Another part of this request failed.' }));
          throw error;
        });
      });
      const results = await Promise.all(calls);
      const reported = results.flatMap((r) => r.images);
      if (reported.length !== request.count || reported.some((image) => image.bytes.byteLength === 0)) {
        throw new MotifError('upstream_malformed', { provider: target.provider, message: `${target.provider} returned ${reported.length} of ${request.count} images` });
      }
      const images = reported.map(priced);
      const costs = results.map((r, i) => r.costUsd ?? (listPrice === undefined ? undefined : listPrice * chunks[i]!));
      return { images, warnings: results.flatMap((r) => r.warnings), costUsd: costs.some((c) => c === undefined) ? undefined : costs.reduce<number>((a, b) => a + (b ?? 0), 0) };
    } finally {
      open = false;
      signal.removeEventListener('abort', forward);
    }
  }

  #pricePerImage(candidate: Candidate): number | undefined {
    if (candidate.target.pricePerImageUsd !== undefined) return candidate.target.pricePerImageUsd;
    const estimate = candidate.provider.estimateCost({ ...candidate.request, count: 1 }, candidate.target.model);
    return estimate.usd;
  }

  #filter(ordered: readonly Target[], request: ImageRequest, providers: ReadonlyMap<string, ImageProvider>, attempts: Attempt[]): Candidate[] {
    const candidates: Candidate[] = [];
    for (const target of ordered) {
      const provider = providers.get(target.provider);
      if (!provider) {
        attempts.push(skipped(target, 'no_provider_available', `no provider named ${target.provider}`));
        continue;
      }
      if (!this.#options.isEnabled(target.provider)) {
        attempts.push(skipped(target, 'no_provider_available', 'disabled in settings'));
        continue;
      }
      if (provider.requiresKey && !provider.hasKey()) {
        attempts.push(skipped(target, 'key_missing', 'no API key set'));
        continue;
      }
      const model = findModel(provider, target.model);
      if (!model) {
        attempts.push(skipped(target, 'invalid_request', `${target.provider} does not offer ${target.model}`));
        continue;
      }
      const adaptation = adaptRequest(request, mergeCapabilities(model.capabilities, target.capabilities));
      if (!adaptation.ok) {
        attempts.push(skipped(target, 'unsupported_size', adaptation.reason));
        continue;
      }
      candidates.push({ target, provider, runtime: this.runtime(target), request: adaptation.request, warnings: adaptation.warnings, chunks: adaptation.chunks });
    }
    return candidates;
  }

  #shouldHedge(candidate: Candidate): boolean {
    if (!this.#options.hedging()) return false;
    if (this.#hedgeDelay(candidate) === null) return false;
    return this.#hedgesStarted < HEDGE_BURST + this.#options.hedgeMaxExtraRatio * this.#jobsRouted;
  }

  /**
   * The target's observed p90 plus a margin. Without the margin, ordinary
   * jitter just past p90 (by definition a tenth of all calls) would spend the
   * whole hedge budget and leave nothing for the real tail.
   */
  #hedgeDelay(candidate: Candidate): number | null {
    const p90 = candidate.runtime.metrics.hedgeDelayMs();
    return p90 === null ? null : p90 + Math.max(HEDGE_MARGIN_MIN_MS, p90 * HEDGE_MARGIN_RATIO);
  }

  #hedgeDeps(): Parameters<typeof runHedged>[5] {
    return {
      clock: this.#options.clock,
      attempt: (candidate, job, signal, attempts, isLoser) => this.attemptWithRetries(candidate, job, signal, attempts, isLoser),
      onHedgeStarted: () => (this.#hedgesStarted += 1),
      onHedgeSettled: (candidate, won) => this.#emit({ type: 'hedge', target: candidate.runtime.id, won }),
    };
  }

  #emit(event: RouterEvent): void {
    const id = 'target' in event ? event.target : event.from;
    this.#runtimes.get(id)?.record(event, this.#options.clock.now());
    for (const listener of this.#listeners) listener(event);
  }
}

export type { Candidate };

const HEDGE_MARGIN_RATIO = 0.25;
const HEDGE_MARGIN_MIN_MS = 20;
/** Hedges allowed before the per-job allowance has built up. */
const HEDGE_BURST = 2;

/** A try that failed for provider reasons — not one skipped for want of a key or a capability. */
const isRealFailure = (attempt: Attempt): boolean =>
  attempt.outcome === 'failure' || (attempt.outcome === 'skipped' && (attempt.errorCode === 'circuit_open' || attempt.errorCode === 'overloaded'));

const providerLabel = (candidate: Pick<Candidate, 'provider'>): string => candidate.provider.label;

function skipped(target: Target, code: Attempt['errorCode'], detail: string): Attempt {
  return { provider: target.provider, model: target.model, outcome: 'skipped', durationMs: 0, ...(code ? { errorCode: code } : {}), detail };
}

function withAttempts(error: MotifError, attempts: readonly Attempt[]): MotifError {
  if (error.attempts) return error;
  return new MotifError(error.code, { message: error.message, param: error.param, provider: error.provider, retryAfterMs: error.retryAfterMs, upstream: error.upstream, attempts: [...attempts], cause: error.cause ?? error });
}

function noProvider(attempts: readonly Attempt[], lastError: MotifError | undefined): MotifError {
  const reasons = new Map<string, string>();
  for (const attempt of attempts) if (attempt.outcome !== 'success') reasons.set(attempt.provider, attempt.detail ?? attempt.errorCode ?? attempt.outcome);
  const summary = [...reasons].map(([provider, reason]) => `${provider}: ${reason}`).join('; ');
  return new MotifError('no_provider_available', { message: `No provider could make this image${summary ? ` — ${summary}` : ''}.`, cause: lastError });
}
