import type { GeneratedImage, ProviderWarning } from '../contract/image-provider.ts';
import type { ImageRequest } from '../contract/image-request.ts';
import { MotifError, toMotifError } from '../errors/motif-error.ts';
import type { CountedCache } from '../cache/counted-cache.ts';
import type { CostLedger } from '../ledger/cost-ledger.ts';
import type { Attempt, HistoryEntry, Library } from '../library/index.ts';
import type { Router } from '../router/router.ts';
import { SingleFlight } from '../router/single-flight.ts';
import type { Clock } from '../util/clock.ts';
import type { JobSnapshot } from '../contract/service-types.ts';

export interface JobRunnerDeps {
  readonly clock: Clock;
  readonly router: Router;
  readonly library: () => Library;
  readonly ledger: CostLedger;
  /** Exact results of deterministic requests: request key → library entry ids. */
  readonly resultCache: CountedCache<readonly string[]>;
  readonly update: (jobId: string, patch: Partial<JobSnapshot>) => JobSnapshot;
  readonly onEntry: (jobId: string, entry: HistoryEntry) => void;
  /** Called after spend is recorded, so the panels show it at once. */
  readonly onSpend: () => void;
}

export interface JobRun {
  readonly job: JobSnapshot;
  readonly request: ImageRequest;
  readonly controller: AbortController;
  readonly resume: boolean;
  /** Epoch ms by which the job must settle; fixed when the job starts, so waiting and retrying never extend it. */
  readonly deadline: number;
}

export interface JobOutcome {
  readonly entries: readonly HistoryEntry[];
  readonly cached: boolean;
}

/** The canonical identity of a deterministic request, for the result cache and single-flight. */
export function requestKey(request: ImageRequest): string {
  const { prompt, negativePrompt, style, width, height, count, seed, format, model, allowFallback } = request;
  // allowFallback is part of the identity: a result a fallback made must never answer a request that refused fallback.
  return JSON.stringify([prompt, negativePrompt ?? '', style, width, height, count, seed, format, model, allowFallback === true]);
}

/**
 * Runs one job: result cache, single-flight for identical deterministic
 * requests, the router under one deadline, and the library — every image is
 * on disk before the job reports it.
 */
export class JobRunner {
  readonly #deps: JobRunnerDeps;
  readonly #flights = new SingleFlight<readonly HistoryEntry[]>();

  constructor(deps: JobRunnerDeps) {
    this.#deps = deps;
  }

  get singleFlight(): SingleFlight<readonly HistoryEntry[]> {
    return this.#flights;
  }

  async run(run: JobRun): Promise<JobOutcome> {
    const { request } = run;
    const deterministic = request.seedExplicit && !request.noCache;
    const key = requestKey(request);
    if (deterministic) {
      const cached = this.#fromCache(key);
      if (cached) return { entries: cached, cached: true };
    }
    const { deadline } = run;
    const timer = this.#deps.clock.setTimeout(() => run.controller.abort(new MotifError('deadline_exceeded')), deadline - this.#deps.clock.now());
    try {
      if (!deterministic) return { entries: await this.#generate(run, deadline, run.controller.signal), cached: false };
      // Each caller may cancel alone: the shared work runs on its own signal and stops only when every caller has left.
      const flight = this.#flights.join(key, run.controller.signal, async (signal) => {
        const entries = await this.#generate(run, deadline, signal);
        this.#deps.resultCache.set(key, entries.map((e) => e.id));
        return entries;
      });
      return { entries: await flight.promise, cached: flight.joined };
    } finally {
      this.#deps.clock.clearTimeout(timer);
    }
  }

  #fromCache(key: string): readonly HistoryEntry[] | undefined {
    const ids = this.#deps.resultCache.get(key);
    if (!ids) return undefined;
    const entries = ids.map((id) => this.#deps.library().get(id));
    if (entries.some((e) => e === undefined)) {
      // The designer deleted one of them: the cache must not point at missing files.
      this.#deps.resultCache.delete(key);
      return undefined;
    }
    return entries as HistoryEntry[];
  }

  async #generate(run: JobRun, deadline: number, signal: AbortSignal): Promise<readonly HistoryEntry[]> {
    const { job, request, controller } = run;
    const started = this.#deps.clock.now();
    // Once this job has left (cancelled while others still share the work) or the work is over,
    // nothing may move its state again: a late image must not turn a saved job back into "receiving".
    let open = true;
    const live = (): boolean => open && !controller.signal.aborted;
    const update = (patch: Partial<JobSnapshot>): void => {
      if (live()) this.#deps.update(job.id, patch);
    };
    const saved = new Map<string, Promise<HistoryEntry>>();
    let savedChain: Promise<unknown> = Promise.resolve();
    const save = (image: GeneratedImage, index: number, provider: string, model: string, extra: { warnings: readonly ProviderWarning[]; attempts: readonly Attempt[]; fallback: boolean }): Promise<HistoryEntry> => {
      const slot = `${provider}:${index}`;
      const existing = saved.get(slot);
      if (existing) return existing;
      const promise = savedChain.then(async () => {
        const entry = await this.#deps.library().add({
          bytes: image.bytes,
          svg: image.svg,
          entry: {
            jobId: job.id,
            format: image.format,
            width: image.width,
            height: image.height,
            prompt: request.prompt,
            ...(request.negativePrompt ? { negativePrompt: request.negativePrompt } : {}),
            style: request.style,
            provider,
            model,
            ...(image.seed === undefined ? {} : { seed: image.seed }),
            ...(image.costUsd === undefined ? {} : { costUsd: image.costUsd }),
            latencyMs: this.#deps.clock.now() - started,
            fallback: extra.fallback,
            warnings: [...extra.warnings],
            attempts: [...extra.attempts],
            ...(image.providerMetadata === undefined ? {} : { providerMetadata: image.providerMetadata }),
          },
        });
        if (live()) this.#deps.onEntry(job.id, entry);
        return entry;
      });
      savedChain = promise.catch(() => undefined);
      saved.set(slot, promise);
      return promise;
    };

    try {
      const result = await this.#deps.router.route({
        request,
        signal,
        deadline,
        taskId: job.id,
        resume: run.resume,
        onStage: (stage, provider, model) => update({ state: stage, provider, model }),
        onNotice: (notice) => update({ notice }),
        onImage: (image, index, served) => {
          if (!open) return;
          update({ state: 'receiving', provider: served.provider, model: served.model });
          void save(image, index, served.provider, served.model, served).catch(() => undefined);
        },
      });
      // Paid for as soon as it was made, even if saving it then fails.
      this.#deps.ledger.record(result.provider, result.costUsd, result.images.length);
      this.#deps.onSpend();
      const entries: HistoryEntry[] = [];
      for (const [index, image] of result.images.entries()) {
        try {
          entries.push(await save(image, index, result.provider, result.model, { warnings: result.warnings, attempts: result.attempts, fallback: result.fallback }));
        } catch (error) {
          const failure = toMotifError(error);
          throw failure.code === 'internal'
            ? new MotifError('upstream_malformed', { provider: result.provider, message: `${result.provider} sent an image that could not be decoded`, attempts: result.attempts, cause: error })
            : new MotifError(failure.code, { message: failure.message, param: failure.param, provider: failure.provider ?? result.provider, attempts: result.attempts, cause: failure });
        }
      }
      update({
        provider: result.provider,
        model: result.model,
        attempts: [...result.attempts],
        fallback: result.fallback,
        ...(result.costUsd === undefined ? {} : { costUsd: result.costUsd }),
      });
      return entries;
    } finally {
      open = false;
    }
  }
}
