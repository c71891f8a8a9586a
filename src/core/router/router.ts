import { BrokenCircuitError, BulkheadRejectedError, IsolatedCircuitError, type IBackoff } from 'cockatiel';
import {
  findModel,
  findTaskSupport,
  type GeneratedImage,
  type ImageProvider,
  type ProviderImageResult,
  type ProviderWarning,
} from '../contract/image-provider.ts';
import type { ImageRequest } from '../contract/image-request.ts';
import type { Lora } from '../contract/model-catalogue.ts';
import { describeTask, providerTask, taskImageCount, type ImageTask } from '../contract/image-task.ts';
import { isMotifError, MotifError, toMotifError } from '../errors/motif-error.ts';
import { isErrorCode, type ErrorCode } from '../errors/error-codes.ts';
import type { Attempt } from '../contract/history-entry.ts';
import { retryDelayMs } from '../resilience/backoff.ts';
import { fullJitterBackoff, nextBackoff, type BackoffOptions } from '../util/backoff.ts';
import { deadlineScope } from '../util/deadline.ts';
import { DEFAULT_RETRY_BUDGET, RetryBudget } from '../resilience/retry-budget.ts';
import type { SavedBreaker, TargetBreakerOptions } from '../resilience/target-breaker.ts';
import { sleep, type Clock } from '../util/clock.ts';
import { raceAbort } from '../util/race-abort.ts';
import type { Random } from '../util/random.ts';
import { adaptRequest, mergeCapabilities } from './adapt-request.ts';
import { attemptWindow, DEFAULT_ATTEMPT_TIMEOUT, type AttemptTimeoutPolicy } from './attempt-timeout.ts';
import { DEFAULT_MODEL_ALIAS, makeTarget, targetId, type Catalogue, type ModelRoute, type Target } from './catalogue.ts';
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
  /**
   * The provider's identity (hashed key and endpoints). A target whose
   * provider identity changed gets a fresh breaker: a new key or URL deserves
   * a try, whatever the old one's failures taught. Omitted: one identity.
   */
  readonly identity?: (provider: string) => string;
  readonly onBreakerChange: (targetId: string) => void;
  /** True while a provider's current key stands rejected: its targets are skipped, with that reason, until the key changes. */
  readonly keyRejected?: ((provider: string) => boolean) | undefined;
  /** Per-attempt timeouts; {@link DEFAULT_ATTEMPT_TIMEOUT} when not given. */
  readonly attemptTimeout?: AttemptTimeoutPolicy | undefined;
}

export interface RouteJob {
  readonly request: ImageRequest;
  /**
   * A tool to run instead of generating (`request` then describes the result:
   * its size, count and format). Routed only to providers whose `tasks()` list
   * it, through the same breakers, retries, deadlines and attempt trail.
   */
  readonly task?: ImageTask | undefined;
  /** Aborted on cancel and at the deadline, with a MotifError as its reason. */
  readonly signal: AbortSignal;
  readonly deadline: number;
  readonly taskId: string | undefined;
  readonly resume: boolean;
  /**
   * The one road of every image: called exactly once per image an attempt
   * made, as it arrives (or, for a provider that only returns its images at
   * the end, when the call returns), with the trail so far (the current try
   * counted as a success). Images of an attempt that then failed or lost a
   * hedge are real and paid for, so they are forwarded too; `served.attemptId`
   * tells them from the winning attempt's (`RouteResult.attemptId`).
   */
  readonly onImage: ((image: GeneratedImage, index: number, served: StreamedImageContext) => void) | undefined;
  readonly onStage: ((stage: 'sending' | 'waiting' | 'receiving', provider: string, model: string) => void) | undefined;
  /** What the router is doing about a problem, in words. */
  readonly onNotice: ((notice: string) => void) | undefined;
}

export interface StreamedImageContext {
  /** Which attempt made the image; unique within the router. */
  readonly attemptId: number;
  readonly provider: string;
  readonly model: string;
  readonly attempts: readonly Attempt[];
  readonly warnings: readonly ProviderWarning[];
  readonly fallback: boolean;
  /** The LoRAs this target applied (none when it cannot apply them). */
  readonly loras: readonly Lora[];
}

/** What one successful attempt made. `images` are for the router's own checks; the job got them through `onImage`. */
export interface AttemptImages {
  readonly attemptId: number;
  readonly images: readonly GeneratedImage[];
  readonly warnings: readonly ProviderWarning[];
  readonly costUsd: number | undefined;
  readonly texts: readonly string[];
}

/** How a job was served. The images themselves went through `RouteJob.onImage`. */
export interface RouteResult {
  /** The attempt whose images are the job's result. */
  readonly attemptId: number;
  /** How many images that attempt made (the request's count). */
  readonly imageCount: number;
  readonly warnings: readonly ProviderWarning[];
  readonly attempts: readonly Attempt[];
  readonly provider: string;
  readonly model: string;
  /** True when a target other than the first choice served the job. */
  readonly fallback: boolean;
  readonly costUsd: number | undefined;
  /** What a caption task read from the image. */
  readonly texts: readonly string[];
}

export type RouterEvent =
  | { readonly type: 'attempt-start'; readonly target: string }
  | { readonly type: 'attempt-end'; readonly target: string; readonly attempt: Attempt; readonly countsAsRequest: boolean }
  | { readonly type: 'retry'; readonly target: string }
  | { readonly type: 'fallback'; readonly from: string }
  | { readonly type: 'hedge'; readonly target: string; readonly won: boolean };

/** What follows the target being attempted, which sets how much of the job's time it may use. */
export interface AttemptPlan {
  /** Paid targets that could still be tried after this one. */
  readonly laterTargets: number;
  /** Whether the offline engine follows as the last resort. */
  readonly lastResortLater: boolean;
  /** The job's whole time, from when routing began. */
  readonly budgetMs: number;
}

interface Candidate {
  readonly target: Target;
  readonly runtime: TargetRuntime;
  readonly provider: ImageProvider;
  readonly request: ImageRequest;
  readonly warnings: readonly ProviderWarning[];
  readonly chunks: readonly number[];
  /** Not one of the requested model's targets: reached only because the caller allowed fallback. */
  readonly outsideRoute: boolean;
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
  #attemptSeq = 0;

  constructor(options: RouterOptions) {
    this.#options = options;
    this.#budget = new RetryBudget({ ...DEFAULT_RETRY_BUDGET, now: () => options.clock.now() });
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

  /**
   * The runtime of a target, created on first use so breakers exist for every
   * target ever routed, and created afresh when the provider's key or
   * endpoints changed (only a mode set by hand carries over).
   */
  runtime(target: Pick<Target, 'provider' | 'model'>): TargetRuntime {
    const id = targetId(target);
    const identity = this.#options.identity?.(target.provider) ?? '';
    const existing = this.#runtimes.get(id);
    if (existing?.identity === identity) return existing;
    const saved = existing ? handSetMode(existing.breaker.toJSON()) : this.#savedFor(id, identity);
    const runtime = new TargetRuntime(
      target,
      { ...this.#options.breaker, now: () => this.#options.clock.now() },
      this.#options.bulkhead(target.provider),
      saved,
      identity,
    );
    runtime.breaker.onChange(() => this.#options.onBreakerChange(id));
    this.#runtimes.set(id, runtime);
    if (existing) this.#options.onBreakerChange(id);
    return runtime;
  }

  /** A saved breaker, whole when it was learned under this identity; otherwise only its hand-set mode. */
  #savedFor(id: string, identity: string): SavedBreaker | undefined {
    const saved = this.#options.savedBreakers[id];
    if (!saved) return undefined;
    return saved.identity === identity ? saved : handSetMode(saved);
  }

  runtimes(): readonly TargetRuntime[] {
    return [...this.#runtimes.values()];
  }

  /**
   * Who could run a tool on this image now, first choice first, and who
   * cannot and why: what the estimate shows before a tool runs.
   */
  planTask(task: ImageTask, request: ImageRequest): { readonly targets: readonly Target[]; readonly skipped: readonly Attempt[] } {
    const providers = this.#options.providers();
    const route = this.#options.catalogue().resolve(DEFAULT_MODEL_ALIAS, new Set(providers.keys()));
    const skipped: Attempt[] = [];
    const candidates = this.#taskCandidates(task, request, route.targets, providers, skipped);
    return { targets: candidates.map((c) => c.target), skipped };
  }

  async route(job: RouteJob): Promise<RouteResult> {
    this.#jobsRouted += 1;
    this.#budget.recordRequest();
    const providers = this.#options.providers();
    const catalogue = this.#options.catalogue();
    const route = catalogue.resolve(job.request.model, new Set(providers.keys()));
    const order = (r: ModelRoute, targets: readonly Target[]): readonly Target[] =>
      orderTargets(r.strategy, targets, {
        random: this.#options.random,
        explorationRate: this.#options.explorationRate,
        latencyMs: (t) => this.runtime(t).metrics.latency.mean(),
        priceUsd: (t) =>
          t.pricePerImageUsd ??
          providers
            .get(t.provider)
            ?.models()
            .find((m) => m.id === t.model)?.pricePerImageUsd,
      });
    const ordered = order(route, route.targets);
    // A named model is served by its own targets only, unless the caller allowed fallback: then the default route follows them.
    const fallbackRoute =
      job.request.allowFallback && route.alias !== DEFAULT_MODEL_ALIAS
        ? catalogue.resolve(DEFAULT_MODEL_ALIAS, new Set(providers.keys()))
        : undefined;
    const inRoute = new Set(route.targets.map(targetId));
    const fallbackTargets = fallbackRoute
      ? order(
          fallbackRoute,
          fallbackRoute.targets.filter((t) => !inRoute.has(targetId(t))),
        )
      : [];
    const attempts: Attempt[] = [];
    const candidates = job.task
      ? this.#taskCandidates(job.task, job.request, ordered, providers, attempts)
      : [
          ...this.#filter(ordered, job.request, providers, attempts, false),
          ...this.#filter(fallbackTargets, job.request, providers, attempts, true),
        ];
    if (job.task && candidates.length === 0) throw withAttempts(taskUnavailable(job.task, attempts), attempts);
    const routeStarted = this.#options.clock.now();
    let lastError: MotifError | undefined;
    // When a target could be tried again (a rate limit's Retry-After, a breaker's next probe), epoch ms.
    const retryHints: (number | undefined)[] = [];
    // A target already tried in this job (as a hedge) is not tried again as a fallback.
    const tried = (c: Candidate): boolean =>
      attempts.some((a) => a.outcome !== 'skipped' && a.provider === c.target.provider && a.model === c.target.model);
    for (let i = 0; i < candidates.length; i += 1) {
      // A cancelled job calls nothing more (a hedge would otherwise start on fresh signals and never be stopped).
      if (job.signal.aborted) throw withAttempts(toMotifError(job.signal.reason), attempts);
      const candidate = candidates[i]!;
      if (tried(candidate)) continue;
      if (!candidate.runtime.breaker.canAttempt()) {
        attempts.push(skipped(candidate.target, 'circuit_open', candidate.runtime.breaker.describeBlock()));
        retryHints.push(candidate.runtime.breaker.retryAt);
        continue;
      }
      // Past the deadline nothing starts: a target started now could only fail and be blamed for another's delay.
      const remainingMs = job.deadline - this.#options.clock.now();
      if (remainingMs <= 0) throw withAttempts(deadlineExceeded(), attempts);
      if (!candidate.target.lastResort && remainingMs < this.#timeouts.minAttemptMs) {
        attempts.push(skipped(candidate.target, 'deadline_exceeded', 'not enough time left before the deadline'));
        continue;
      }
      if (candidate.target.lastResort && attempts.some(isRealFailure)) {
        job.onNotice?.('No other provider could serve this; using the offline engine as a last resort.');
      }
      const later = candidates.slice(i + 1).filter((c) => !tried(c) && c.runtime.breaker.canAttempt());
      const plan: AttemptPlan = {
        laterTargets: later.filter((c) => !c.target.lastResort).length,
        lastResortLater: later.some((c) => c.target.lastResort),
        budgetMs: job.deadline - routeStarted,
      };
      const next = later.find((c) => !c.target.lastResort);
      try {
        const hedge = next && this.#shouldHedge(candidate) ? next : undefined;
        const result = hedge
          ? await runHedged(candidate, hedge, this.#hedgeDelay(candidate), job, attempts, this.#hedgeDeps(plan))
          : await this.attemptWithRetries(candidate, job, job.signal, attempts, plan);
        const served = result.candidate;
        return {
          attemptId: result.attemptId,
          imageCount: result.images.length,
          warnings: [...served.warnings, ...result.warnings],
          attempts,
          provider: served.target.provider,
          model: served.target.model,
          fallback: served.outsideRoute || attempts.some((a) => a.provider !== served.target.provider && isRealFailure(a)),
          costUsd: result.costUsd,
          texts: result.texts,
        };
      } catch (error) {
        const failure = toMotifError(error);
        if (job.signal.aborted) throw withAttempts(toMotifError(job.signal.reason), attempts);
        // One cause, one answer: a job that ran out of time fails as such, whichever timer fired first.
        if (this.#options.clock.now() >= job.deadline) throw withAttempts(deadlineExceeded(), attempts);
        if (!failure.spec.fallbackable) throw withAttempts(failure, attempts);
        lastError = failure;
        if (failure.retryAfterMs !== undefined) retryHints.push(this.#options.clock.now() + failure.retryAfterMs);
        this.#emit({ type: 'fallback', from: candidate.runtime.id });
        const following = candidates.slice(i + 1).find((c) => !tried(c) && c.runtime.breaker.canAttempt());
        job.onNotice?.(
          `${providerLabel(candidate)} failed (${failure.userMessage.replace(/\.$/, '')})${following ? `; trying ${providerLabel(following)}` : ''}.`,
        );
      }
    }
    // A target left untried for want of time: the job ran out of time, whatever else failed before.
    if (attempts.some((a) => a.outcome === 'skipped' && a.errorCode === 'deadline_exceeded'))
      throw withAttempts(deadlineExceeded(), attempts);
    const namedModel = fallbackRoute === undefined && route.alias !== DEFAULT_MODEL_ALIAS ? route.alias : undefined;
    throw withAttempts(noProvider(attempts, lastError, earliest(retryHints, this.#options.clock.now()), namedModel), attempts);
  }

  /**
   * Tries one target, retrying retryable failures with backoff while the
   * budget and deadline allow. Each try has its own timeout (see
   * attempt-timeout.ts): a target that never answers costs one attempt, and
   * the router moves on while a later target could still serve the job.
   */
  async attemptWithRetries(
    candidate: Candidate,
    job: RouteJob,
    signal: AbortSignal,
    attempts: Attempt[],
    plan: AttemptPlan,
    isHedgeLoser: () => boolean = () => false,
  ): Promise<{ candidate: Candidate } & AttemptImages> {
    const { clock } = this.#options;
    const label = candidate.provider.label;
    const backoffs = fullJitterBackoff(this.#options.backoff, this.#options.random);
    let backoff: IBackoff<unknown> | undefined;
    for (let retry = 0; ; retry += 1) {
      const started = clock.now();
      const window = attemptWindow({ remainingMs: job.deadline - started, ...plan, ...this.#history(candidate) }, this.#timeouts);
      const attemptDeadline = Math.min(job.deadline, started + window.timeoutMs);
      const timeout = new MotifError('upstream_timeout', {
        provider: candidate.target.provider,
        providerLabel: label,
        message: `${label} had not answered after ${formatSeconds(window.timeoutMs)}`,
      });
      const scope = deadlineScope({ clock, signal, deadline: started + window.timeoutMs, reason: () => timeout });
      // A target that ran out of time is to blame only when it had a fair window (see attempt-timeout.ts).
      const blame = (): boolean => clock.now() - started >= window.blameAfterMs;
      const call = { started: false };
      this.#emit({ type: 'attempt-start', target: candidate.runtime.id });
      try {
        const result = await this.#attemptOnce(candidate, job, scope.signal, attempts, started, attemptDeadline, blame, call);
        const attempt: Attempt = {
          provider: candidate.target.provider,
          model: candidate.target.model,
          outcome: 'success',
          durationMs: clock.now() - started,
          ...(result.costUsd === undefined ? {} : { costUsd: result.costUsd }),
        };
        attempts.push(attempt);
        this.#emit({ type: 'attempt-end', target: candidate.runtime.id, attempt, countsAsRequest: true });
        return { candidate, ...result };
      } catch (error) {
        const raw = toMotifError(error);
        const ourTimeout = scope.expired;
        // The target was working on the call when the clock ran out: its timeout, the job's deadline, or its own deadline timer.
        const ranOut =
          call.started &&
          !isHedgeLoser() &&
          (signal.aborted
            ? isMotifError(signal.reason) && signal.reason.code === 'deadline_exceeded'
            : ourTimeout || (raw.code === 'upstream_timeout' && clock.now() >= attemptDeadline));
        const failure = signal.aborted
          ? toMotifError(signal.reason)
          : ourTimeout && !call.started
            ? new MotifError('overloaded', {
                provider: candidate.target.provider,
                providerLabel: label,
                message: `${label} had no free slot within ${formatSeconds(window.timeoutMs)}`,
              })
            : ranOut
              ? timeout
              : raw.labelled(label);
        const recorded =
          ranOut && failure !== timeout
            ? new MotifError('upstream_timeout', {
                provider: candidate.target.provider,
                providerLabel: label,
                message: `${label} had not answered by the job's deadline`,
              })
            : failure;
        const outcome = isHedgeLoser() ? 'hedge-lost' : failure.code === 'cancelled' ? 'cancelled' : 'failure';
        const attempt: Attempt = {
          provider: candidate.target.provider,
          model: candidate.target.model,
          outcome,
          durationMs: clock.now() - started,
          errorCode: recorded.code,
          detail: recorded.message.slice(0, 300),
        };
        attempts.push(attempt);
        // Every failure of a call the target received moves its numbers; running out of time only when the window was fair.
        const counts = outcome === 'failure' && call.started && (!ranOut || blame());
        this.#emit({ type: 'attempt-end', target: candidate.runtime.id, attempt, countsAsRequest: counts });
        if (signal.aborted || !failure.spec.retryable || retry >= this.#options.maxRetriesPerTarget) throw failure;
        // A target that never answered is not asked again while another could still serve the job.
        if (ranOut && (plan.laterTargets > 0 || plan.lastResortLater)) throw failure;
        backoff = nextBackoff(backoffs, backoff);
        const delay = retryDelayMs(backoff, failure, this.#options.backoff);
        if (clock.now() + delay >= job.deadline || !candidate.runtime.breaker.canAttempt() || !this.#budget.tryRetry()) throw failure;
        this.#emit({ type: 'retry', target: candidate.runtime.id });
        job.onNotice?.(`${providerLabel(candidate)}: ${failure.userMessage} Retrying in ${(delay / 1000).toFixed(1)} s.`);
        await sleep(clock, delay, signal);
      } finally {
        scope.dispose();
      }
    }
  }

  async #attemptOnce(
    candidate: Candidate,
    job: RouteJob,
    signal: AbortSignal,
    attempts: readonly Attempt[],
    started: number,
    deadline: number,
    blame: () => boolean,
    call: { started: boolean },
  ): Promise<AttemptImages> {
    const { runtime } = candidate;
    runtime.metrics.inFlight += 1;
    try {
      // Raced with the signal: a bulkhead queue and a half-open breaker wait without watching it, so cancel and deadline would otherwise wait for a free slot.
      return await raceAbort(
        runtime.bulkhead.execute(
          ({ signal: bulkheadSignal }) =>
            runtime.breaker.execute((inner) => {
              call.started = true;
              return this.#callProvider(candidate, job, inner, attempts, started, deadline).catch((error: unknown) => {
                // Stopped by the clock while this target still had not answered: to its breaker that is a timeout when the
                // window was fair, and no verdict at all when earlier targets had used up the job's time.
                const ranOut = inner.aborted
                  ? isMotifError(inner.reason) && (inner.reason.code === 'deadline_exceeded' || inner.reason.code === 'upstream_timeout')
                  : isMotifError(error) && error.code === 'upstream_timeout' && this.#options.clock.now() >= deadline;
                if (ranOut) {
                  throw blame()
                    ? new MotifError('upstream_timeout', {
                        provider: candidate.target.provider,
                        message: `${candidate.provider.label} had not answered in time`,
                        cause: error,
                      })
                    : new MotifError('cancelled', {
                        provider: candidate.target.provider,
                        message: 'The job ran out of time before this target had a fair chance.',
                        cause: error,
                      });
                }
                throw error;
              });
            }, bulkheadSignal),
          signal,
        ),
        signal,
      );
    } catch (error) {
      if (error instanceof BulkheadRejectedError) throw new MotifError('overloaded', { provider: candidate.target.provider, cause: error });
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        const retryAt = runtime.breaker.retryAt;
        throw new MotifError('circuit_open', {
          provider: candidate.target.provider,
          retryAfterMs: retryAt === undefined ? undefined : Math.max(0, retryAt - this.#options.clock.now()),
          cause: error,
        });
      }
      throw error;
    } finally {
      runtime.metrics.inFlight -= 1;
    }
  }

  async #callProvider(
    candidate: Candidate,
    job: RouteJob,
    signal: AbortSignal,
    attempts: readonly Attempt[],
    started: number,
    deadline: number,
  ): Promise<AttemptImages> {
    const { provider, target, chunks, request } = candidate;
    // The provider's own cost where it reports one; otherwise its list price; otherwise unknown (never $0).
    const listPrice = this.#pricePerImage(candidate);
    const priced = (image: GeneratedImage): GeneratedImage =>
      image.costUsd === undefined && listPrice !== undefined ? { ...image, costUsd: listPrice } : image;
    // One controller per attempt: a failed chunk cancels its siblings (no paying for images nobody gets),
    // and whatever a provider attaches to the signal ends with the attempt.
    const attempt = new AbortController();
    const forward = (): void => attempt.abort(signal.reason);
    if (signal.aborted) attempt.abort(signal.reason);
    else signal.addEventListener('abort', forward, { once: true });
    let open = true;
    const attemptId = (this.#attemptSeq += 1);
    // Each image goes to the job once: as it streams in, or after the call for a provider that did not stream it.
    const forwarded = new Set<number>();
    const toJob = (image: GeneratedImage, index: number): void => {
      if (!open || forwarded.has(index)) return;
      forwarded.add(index);
      job.onImage?.(priced(image), index, {
        attemptId,
        provider: target.provider,
        model: target.model,
        attempts: [
          ...attempts,
          { provider: target.provider, model: target.model, outcome: 'success', durationMs: this.#options.clock.now() - started },
        ],
        warnings: candidate.warnings,
        fallback: candidate.outsideRoute || attempts.some(isRealFailure),
        loras: candidate.request.loras ?? [],
      });
    };
    try {
      if (job.task) {
        const result = await this.#runTask(candidate, job.task, job, attempt.signal, deadline, toJob, () => open);
        const images = result.images.map(priced);
        return {
          attemptId,
          images,
          warnings: result.warnings,
          costUsd: result.costUsd ?? (listPrice === undefined ? undefined : listPrice * Math.max(1, images.length)),
          texts: result.texts,
        };
      }
      let offset = 0;
      const calls = chunks.map((count, chunkIndex) => {
        const first = offset;
        offset += count;
        return provider
          .generate({
            request: { ...request, count, seed: (request.seed + first) >>> 0 },
            model: target.model,
            signal: attempt.signal,
            deadline,
            // Nothing reaches the job once this attempt is over: the job may already be served elsewhere.
            onImage: (image, index) => toJob(image, first + index),
            onStage: (stage) => {
              if (open) job.onStage?.(stage, target.provider, target.model);
            },
            taskId: chunks.length === 1 ? job.taskId : undefined,
            resume: job.resume && chunkIndex === 0 && chunks.length === 1,
          })
          .catch((error: unknown) => {
            attempt.abort(new MotifError('cancelled', { message: 'Another part of this request failed.' }));
            throw error;
          });
      });
      const results = await Promise.all(calls);
      const reported = results.flatMap((r) => r.images);
      for (const [index, image] of reported.entries()) if (image.bytes.byteLength > 0) toJob(image, index);
      if (reported.length !== request.count || reported.some((image) => image.bytes.byteLength === 0)) {
        throw new MotifError('upstream_malformed', {
          provider: target.provider,
          message: `${target.provider} returned ${reported.length} of ${request.count} images`,
        });
      }
      const images = reported.map(priced);
      const costs = results.map((r, i) => r.costUsd ?? (listPrice === undefined ? undefined : listPrice * chunks[i]!));
      return {
        attemptId,
        images,
        warnings: results.flatMap((r) => r.warnings),
        costUsd: costs.some((c) => c === undefined) ? undefined : costs.reduce<number>((a, b) => a + (b ?? 0), 0),
        texts: [],
      };
    } finally {
      open = false;
      signal.removeEventListener('abort', forward);
    }
  }

  /** One tool call: every image it makes goes to the job once, like a generation's; a short answer is malformed. */
  async #runTask(
    candidate: Candidate,
    task: ImageTask,
    job: RouteJob,
    signal: AbortSignal,
    deadline: number,
    toJob: (image: GeneratedImage, index: number) => void,
    open: () => boolean,
  ): Promise<ProviderImageResult & { readonly texts: readonly string[] }> {
    const { provider, target } = candidate;
    if (!provider.runTask) throw new MotifError('internal', { provider: target.provider, message: `${provider.label} runs no tools.` });
    const result = await provider.runTask({
      // A composed task (a seam repair) runs as the tool it is made of.
      task: providerTask(task),
      model: target.model,
      signal,
      deadline,
      onImage: toJob,
      onStage: (stage) => {
        if (open()) job.onStage?.(stage, target.provider, target.model);
      },
      taskId: job.taskId,
    });
    for (const [index, image] of result.images.entries()) if (image.bytes.byteLength > 0) toJob(image, index);
    const expected = taskImageCount(task);
    if (result.images.length !== expected || result.images.some((image) => image.bytes.byteLength === 0))
      throw new MotifError('upstream_malformed', {
        provider: target.provider,
        message: `${target.provider} returned ${result.images.length} of ${expected} images`,
      });
    if (task.kind === 'caption' && !result.texts.some((t) => t.trim() !== ''))
      throw new MotifError('upstream_malformed', { provider: target.provider, message: `${target.provider} returned an empty caption` });
    return result;
  }

  /**
   * The targets for a tool: each provider of the default route (in its order,
   * then any other) whose `tasks()` lists the tool, with its tool model.
   * Providers that cannot take it are recorded as skipped, with the reason.
   */
  #taskCandidates(
    task: ImageTask,
    request: ImageRequest,
    ordered: readonly Target[],
    providers: ReadonlyMap<string, ImageProvider>,
    attempts: Attempt[],
  ): Candidate[] {
    // Each provider once: in the default route's order, then any provider the route does not list.
    const byProvider = new Map<string, Target>();
    for (const t of ordered) if (!byProvider.has(t.provider)) byProvider.set(t.provider, t);
    for (const id of providers.keys()) if (!byProvider.has(id)) byProvider.set(id, makeTarget(id, ''));
    const candidates: Candidate[] = [];
    // A seam repair is offered by whoever offers inpainting.
    const tool = providerTask(task);
    const what = `${describeTask({ kind: tool.kind })}${tool.kind === task.kind ? '' : `, which ${describeTask({ kind: task.kind })} needs`}`;
    for (const route of byProvider.values()) {
      const provider = providers.get(route.provider);
      if (!provider) continue;
      const support = findTaskSupport(provider, tool.kind);
      const target = makeTarget(route.provider, support?.model ?? route.model, {
        lastResort: route.lastResort,
        pricePerImageUsd: support?.priceUsd,
      });
      const skip = (code: Attempt['errorCode'], detail: string): void => void attempts.push(skipped(target, code, detail));
      if (!support || !provider.runTask) skip('unsupported_task', `does not offer ${what}`);
      else if (!this.#options.isEnabled(route.provider)) skip('no_provider_available', 'disabled in settings');
      else if (provider.requiresKey && !provider.hasKey()) skip('key_missing', 'no API key set');
      else {
        const declined = provider.declineTask?.(tool);
        if (declined !== undefined) skip('unsupported_task', declined);
        else
          candidates.push({
            target,
            provider,
            runtime: this.runtime(target),
            request,
            warnings: [],
            chunks: [request.count],
            outsideRoute: false,
          });
      }
    }
    return candidates;
  }

  #pricePerImage(candidate: Candidate): number | undefined {
    if (candidate.target.pricePerImageUsd !== undefined) return candidate.target.pricePerImageUsd;
    const estimate = candidate.provider.estimateCost({ ...candidate.request, count: 1 }, candidate.target.model);
    return estimate.usd;
  }

  #filter(
    ordered: readonly Target[],
    request: ImageRequest,
    providers: ReadonlyMap<string, ImageProvider>,
    attempts: Attempt[],
    outsideRoute: boolean,
  ): Candidate[] {
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
      if (provider.requiresKey && this.#options.keyRejected?.(target.provider) === true) {
        attempts.push(skipped(target, 'auth_failed', 'its API key was rejected; change it in Settings'));
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
      candidates.push({
        target,
        provider,
        runtime: this.runtime(target),
        request: adaptation.request,
        warnings: adaptation.warnings,
        chunks: adaptation.chunks,
        outsideRoute,
      });
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

  #hedgeDeps(plan: AttemptPlan): Parameters<typeof runHedged>[5] {
    return {
      clock: this.#options.clock,
      attempt: (candidate, job, signal, attempts, isLoser) => this.attemptWithRetries(candidate, job, signal, attempts, plan, isLoser),
      onHedgeStarted: () => (this.#hedgesStarted += 1),
      onHedgeSettled: (candidate, won) => this.#emit({ type: 'hedge', target: candidate.runtime.id, won }),
    };
  }

  get #timeouts(): AttemptTimeoutPolicy {
    return this.#options.attemptTimeout ?? DEFAULT_ATTEMPT_TIMEOUT;
  }

  /** The target's latency history, which its timeout is learned from. */
  #history(candidate: Candidate): { p95Ms: number | null; samples: number } {
    const { latency } = candidate.runtime.metrics;
    return { p95Ms: latency.quantile(0.95), samples: latency.count };
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

/** Only what a person chose (forced open or closed), none of what failures taught. */
const handSetMode = (saved: SavedBreaker): SavedBreaker => ({ mode: saved.mode, policy: undefined, retryAt: undefined, trips: 0 });

/** A try that failed for provider reasons — not one skipped for want of a key or a capability. */
const isRealFailure = (attempt: Attempt): boolean =>
  attempt.outcome === 'failure' ||
  (attempt.outcome === 'skipped' && (attempt.errorCode === 'circuit_open' || attempt.errorCode === 'overloaded'));

const providerLabel = (candidate: Pick<Candidate, 'provider'>): string => candidate.provider.label;

function skipped(target: Target, code: Attempt['errorCode'], detail: string): Attempt {
  return {
    provider: target.provider,
    model: target.model,
    outcome: 'skipped',
    durationMs: 0,
    ...(code ? { errorCode: code } : {}),
    detail,
  };
}

function withAttempts(error: MotifError, attempts: readonly Attempt[]): MotifError {
  if (error.attempts) return error;
  return new MotifError(error.code, {
    message: error.message,
    param: error.param,
    provider: error.provider,
    providerLabel: error.providerLabel,
    retryAfterMs: error.retryAfterMs,
    upstream: error.upstream,
    attempts: [...attempts],
    cause: error.cause ?? error,
  });
}

/** Causes that keep their own code (and status) when they are the only reason every target failed. */
const SOLE_CAUSES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['rate_limited', 'upstream_timeout']);

/**
 * Why nothing served the job. When every real failure had the same cause
 * worth telling apart (all rate limited, all timed out), the job fails with
 * that cause, so a caller sees `429` and when to come back rather than a bare
 * `503`. For a named model whose caller did not allow fallback (`namedModel`),
 * it says which provider the model needs and how to accept another one, so the
 * caller is never silently served something else. `retryAfterMs` is the
 * soonest a target could be tried again.
 */
function noProvider(
  attempts: readonly Attempt[],
  lastError: MotifError | undefined,
  retryAfterMs: number | undefined,
  namedModel: string | undefined,
): MotifError {
  const reasons = new Map<string, string>();
  for (const attempt of attempts)
    if (attempt.outcome !== 'success') reasons.set(attempt.provider, attempt.detail ?? attempt.errorCode ?? attempt.outcome);
  const summary = [...reasons].map(([provider, reason]) => `${provider}: ${reason}`).join('; ');
  const failures = attempts.filter((a) => a.outcome === 'failure');
  const causes = new Set(failures.map((a) => a.errorCode));
  const [cause] = causes;
  if (
    causes.size === 1 &&
    isErrorCode(cause) &&
    SOLE_CAUSES.has(cause) &&
    !attempts.some((a) => a.outcome === 'skipped' && (a.errorCode === 'circuit_open' || a.errorCode === 'overloaded'))
  ) {
    const providers = new Set(failures.map((a) => a.provider));
    const single = providers.size === 1 ? (lastError?.providerLabel ?? lastError?.provider) : undefined;
    return new MotifError(cause, { ...(single === undefined ? {} : { providerLabel: single }), retryAfterMs, cause: lastError });
  }
  if (namedModel !== undefined) {
    const providers = [...new Set(attempts.map((a) => a.provider))].join(' or ') || 'its provider';
    return new MotifError('no_provider_available', {
      param: 'model',
      message: `Model "${namedModel}" is served only by ${providers}, which could not make this image${summary ? ` — ${summary}` : ''}. Allow fallback (--fallback on the command line, "allow_fallback": true in the API) to accept another provider, or ask for model "${DEFAULT_MODEL_ALIAS}".`,
      retryAfterMs,
      cause: lastError,
    });
  }
  return new MotifError('no_provider_available', {
    message: `No provider could make this image${summary ? ` — ${summary}` : ''}.`,
    retryAfterMs,
    cause: lastError,
  });
}

const deadlineExceeded = (): MotifError => new MotifError('deadline_exceeded');

/**
 * No provider can run this tool now: which could (and why each is out: no
 * key, disabled, breaker), and which cannot at all.
 */
export function taskUnavailable(task: ImageTask, attempts: readonly Attempt[]): MotifError {
  const what = describeTask({ kind: task.kind });
  const able = attempts.filter((a) => a.errorCode !== 'unsupported_task');
  const unable = attempts.filter((a) => a.errorCode === 'unsupported_task');
  const parts = [
    able.length > 0
      ? `${able.map((a) => `${a.provider} could (${a.detail ?? a.errorCode ?? 'unavailable'})`).join('; ')}`
      : `no configured provider offers it`,
    ...(unable.length > 0 ? [`${unable.map((a) => `${a.provider} ${a.detail ?? 'cannot'}`).join('; ')}`] : []),
  ];
  return new MotifError('task_unavailable', {
    param: 'task',
    message: `No provider can run ${what} on this image now — ${parts.join('; ')}.`,
  });
}

/** The soonest of the hinted times, as a delay from now; undefined when none is known. */
function earliest(hints: readonly (number | undefined)[], now: number): number | undefined {
  const known = hints.filter((h): h is number => h !== undefined && Number.isFinite(h));
  return known.length === 0 ? undefined : Math.max(0, Math.min(...known) - now);
}

const formatSeconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
