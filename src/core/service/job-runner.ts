import type { GeneratedImage } from '../contract/image-provider.ts';
import type { ImageRequest } from '../contract/image-request.ts';
import { taskParams, type ImageTask } from '../contract/image-task.ts';
import { MotifError, toMotifError } from '../errors/motif-error.ts';
import type { CountedCache } from '../cache/counted-cache.ts';
import type { CostLedger } from '../ledger/cost-ledger.ts';
import type { HistoryEntry, Library } from '../library/index.ts';
import type { Router, StreamedImageContext } from '../router/router.ts';
import type { SingleFlight } from '../router/single-flight.ts';
import type { Clock } from '../util/clock.ts';
import type { JobSnapshot } from '../contract/service-types.ts';

export interface JobRunnerDeps {
  readonly clock: Clock;
  readonly router: Router;
  readonly library: () => Library;
  readonly ledger: CostLedger;
  /** Exact results of deterministic requests: request key → library entry ids. */
  readonly resultCache: CountedCache<readonly string[]>;
  /** Identical deterministic requests in flight share one generation. */
  readonly singleFlight: SingleFlight<readonly HistoryEntry[]>;
  readonly update: (jobId: string, patch: Partial<JobSnapshot>) => JobSnapshot;
  /** Called once per image, after it is saved: the one announcement of that image. */
  readonly onEntry: (jobId: string, entry: HistoryEntry) => void;
  /** Called after spend is recorded, so the panels show it at once. */
  readonly onSpend: () => void;
}

export interface JobRun {
  readonly job: JobSnapshot;
  readonly request: ImageRequest;
  /** A tool to run on an image instead of generating; its results record their parent entry. */
  readonly task?: ImageTask | undefined;
  readonly controller: AbortController;
  readonly resume: boolean;
  /** Epoch ms by which the job must settle; fixed when the job starts, so waiting and retrying never extend it. */
  readonly deadline: number;
}

export interface JobOutcome {
  readonly entries: readonly HistoryEntry[];
  readonly cached: boolean;
  /** What a caption task read. */
  readonly texts?: readonly string[] | undefined;
}

/** The canonical identity of a deterministic request, for the result cache and single-flight. */
function requestKey(request: ImageRequest): string {
  const { prompt, negativePrompt, style, width, height, count, seed, format, model, allowFallback, loras, layout } = request;
  // allowFallback is part of the identity: a result a fallback made must never answer a request that refused fallback.
  const identity: unknown[] = [prompt, negativePrompt ?? '', style, width, height, count, seed, format, model, allowFallback === true];
  // LoRAs change the image; without any the key stays as it was, so earlier cached results still answer.
  if (loras && loras.length > 0) identity.push(loras.map((l) => [l.model, l.weight]));
  // A named layout changes the design; the key stays as it was without one, for the same reason.
  if (layout !== undefined) identity.push({ layout });
  return JSON.stringify(identity);
}

/** Tools whose result depends only on the image and the settings (no seed is drawn). */
const TASKS_WITH_ONE_ANSWER: ReadonlySet<ImageTask['kind']> = new Set(['upscale', 'remove-background', 'vectorize']);

/** The identity of a tool call for the result cache: the tool, the source's bytes and the settings. */
function taskKey(task: ImageTask): string {
  return JSON.stringify(['task', task.kind, task.source.hash, taskParams(task)]);
}

/**
 * Runs one job: result cache, single-flight for identical deterministic
 * requests, the router under one deadline, and the library — every image is
 * on disk before the job reports it.
 */
export class JobRunner {
  readonly #deps: JobRunnerDeps;
  readonly #flights: SingleFlight<readonly HistoryEntry[]>;

  constructor(deps: JobRunnerDeps) {
    this.#deps = deps;
    this.#flights = deps.singleFlight;
  }

  async run(run: JobRun): Promise<JobOutcome> {
    const { request, task } = run;
    // A tool on the same image with the same settings gives the same result, except where a seed is drawn (vary, outpaint, inpaint).
    const deterministic = task ? !request.noCache && TASKS_WITH_ONE_ANSWER.has(task.kind) : request.seedExplicit && !request.noCache;
    const key = task ? taskKey(task) : requestKey(request);
    if (deterministic) {
      const cached = this.#fromCache(key);
      if (cached) return { entries: cached, cached: true };
    }
    const { deadline } = run;
    const timer = this.#deps.clock.setTimeout(
      () => run.controller.abort(new MotifError('deadline_exceeded')),
      deadline - this.#deps.clock.now(),
    );
    try {
      if (!deterministic) return { ...(await this.#generate(run, deadline, run.controller.signal)), cached: false };
      // Each caller may cancel alone: the shared work runs on its own signal and stops only when every caller has left.
      const flight = this.#flights.join(key, run.controller.signal, async (signal) => {
        const { entries } = await this.#generate(run, deadline, signal);
        this.#deps.resultCache.set(
          key,
          entries.map((e) => e.id),
        );
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

  async #generate(
    run: JobRun,
    deadline: number,
    signal: AbortSignal,
  ): Promise<{ entries: readonly HistoryEntry[]; texts: readonly string[] }> {
    const { job, request, controller, task } = run;
    const lineage = task ? { parentId: task.source.entryId, task: task.kind, taskParams: taskParams(task) } : ({} as Record<string, never>);
    const started = this.#deps.clock.now();
    // A caller that left (cancelled while others still share the work) keeps the state it left in.
    const update = (patch: Partial<JobSnapshot>): void => {
      if (!controller.signal.aborted) this.#deps.update(job.id, patch);
    };
    // One road per image: the router hands over each image once; it is saved once and announced once, with its entry.
    // Saves by attempt, then by index: the winning attempt's are the job's result; any other attempt's are kept too (paid for).
    const saves = new Map<number, Promise<HistoryEntry>[]>();
    const save = (image: GeneratedImage, served: StreamedImageContext): Promise<HistoryEntry> =>
      this.#deps
        .library()
        .add({
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
            provider: served.provider,
            model: served.model,
            ...(image.seed === undefined ? {} : { seed: image.seed }),
            ...(served.loras.length > 0 ? { loras: served.loras.map(({ model, weight }) => ({ model, weight })) } : {}),
            ...(image.costUsd === undefined ? {} : { costUsd: image.costUsd }),
            latencyMs: this.#deps.clock.now() - started,
            fallback: served.fallback,
            warnings: [...served.warnings],
            attempts: [...served.attempts],
            ...(image.providerMetadata === undefined ? {} : { providerMetadata: image.providerMetadata }),
            ...lineage,
          },
        })
        .then((entry) => {
          if (!controller.signal.aborted) this.#deps.onEntry(job.id, entry);
          return entry;
        });

    // What arrived before the call settled, by provider: paid for even when the job is then cancelled or fails.
    const received = new Map<string, { usd: number; unknownPriced: number }>();
    const tally = (image: GeneratedImage, provider: string): void => {
      const spent = received.get(provider) ?? { usd: 0, unknownPriced: 0 };
      if (image.costUsd === undefined) spent.unknownPriced += 1;
      else spent.usd += image.costUsd;
      received.set(provider, spent);
    };
    let result: Awaited<ReturnType<Router['route']>>;
    try {
      result = await this.#routeJob(run, deadline, signal, update, (image, index, served) => {
        tally(image, served.provider);
        const saving = save(image, served);
        // Awaited below when it is part of the result; a stray attempt's failure to save must not go unhandled.
        saving.catch(() => undefined);
        const attemptSaves = saves.get(served.attemptId) ?? [];
        attemptSaves[index] = saving;
        saves.set(served.attemptId, attemptSaves);
      });
    } catch (error) {
      this.#recordPartialSpend(job.id, received);
      throw error;
    }
    // Paid for as soon as it was made, even if saving it then fails.
    this.#deps.ledger.record(result.provider, result.costUsd, result.imageCount);
    this.#deps.onSpend();
    const served = saves.get(result.attemptId) ?? [];
    const entries: HistoryEntry[] = [];
    for (let index = 0; index < result.imageCount; index += 1) {
      try {
        const saving = served[index];
        if (!saving) throw new MotifError('internal', { message: `The router reported image ${index} but never handed it over.` });
        entries.push(await saving);
      } catch (error) {
        const failure = toMotifError(error);
        throw failure.code === 'internal'
          ? new MotifError('upstream_malformed', {
              provider: result.provider,
              message: `${result.provider} sent an image that could not be decoded`,
              attempts: result.attempts,
              cause: error,
            })
          : new MotifError(failure.code, {
              message: failure.message,
              param: failure.param,
              provider: failure.provider ?? result.provider,
              attempts: result.attempts,
              cause: failure,
            });
      }
    }
    update({
      provider: result.provider,
      model: result.model,
      attempts: [...result.attempts],
      fallback: result.fallback,
      ...(result.costUsd === undefined ? {} : { costUsd: result.costUsd }),
      ...(result.texts.length > 0 ? { texts: [...result.texts] } : {}),
    });
    return { entries, texts: result.texts };
  }

  #routeJob(
    run: JobRun,
    deadline: number,
    signal: AbortSignal,
    update: (patch: Partial<JobSnapshot>) => void,
    onImage: (image: GeneratedImage, index: number, served: StreamedImageContext) => void,
  ): ReturnType<Router['route']> {
    return this.#deps.router.route({
      request: run.request,
      task: run.task,
      signal,
      deadline,
      taskId: run.job.id,
      resume: run.resume,
      onStage: (stage, provider, model) => update({ state: stage, provider, model }),
      onNotice: (notice) => update({ notice }),
      onImage: (image, index, served) => {
        update({ state: 'receiving', provider: served.provider, model: served.model });
        onImage(image, index, served);
      },
    });
  }

  /**
   * A job cancelled or failed after some images arrived still paid for them:
   * the ledger records them, and the job shows that cost rather than its estimate.
   */
  #recordPartialSpend(jobId: string, received: ReadonlyMap<string, { usd: number; unknownPriced: number }>): void {
    if (received.size === 0) return;
    let total = 0;
    let unknown = false;
    for (const [provider, spent] of received) {
      if (spent.usd > 0) this.#deps.ledger.record(provider, spent.usd, 0);
      if (spent.unknownPriced > 0) this.#deps.ledger.record(provider, undefined, spent.unknownPriced);
      total += spent.usd;
      unknown ||= spent.unknownPriced > 0;
    }
    this.#deps.onSpend();
    // Set even on a cancelled job (whose other updates stop): what it cost is not the caller's to leave behind.
    if (!unknown) this.#deps.update(jobId, { costUsd: total });
  }
}
