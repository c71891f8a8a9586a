import { createHash, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import sharp from 'sharp';
import type { Dispatcher } from 'undici';
import type { WebSocket } from 'ws';
import type {
  CostEstimate,
  HealthCheckResult,
  ImageProvider,
  PoolStats,
  ProviderEventSink,
  ProviderGenerateOptions,
  ProviderImageResult,
  ProviderModel,
  ProviderSpecificationVersion,
  ProviderTaskOptions,
  ProviderTaskResult,
  ProviderWarning,
  GeneratedImage,
  TaskSupport,
} from '../../contract/image-provider.ts';
import type { ImageFormat } from '../../contract/image-request.ts';
import { buildToolTask, imageDataUri, RUNWARE_TASKS, type MappedTool } from './runware-tools.ts';
import { sniffImageFormat } from '../../contract/image-format.ts';
import type { ImageRequest } from '../../contract/image-request.ts';
import type {
  CatalogueCallOptions,
  ModelSearchCapable,
  ModelSearchRequest,
  PinnedModel,
  SearchedModel,
} from '../../contract/model-catalogue.ts';
import { isMotifError, MotifError, toMotifError } from '../../errors/index.ts';
import { systemClock, type Clock } from '../../util/clock.ts';
import { systemRandom, type Random } from '../../util/random.ts';
import type { BackoffOptions } from '../../util/backoff.ts';
import { RunwareConnectionPool } from './runware-connection-pool.ts';
import { abortError, runwareDeadlineScope } from './runware-deadline.ts';
import { RunwareImageCollector } from './runware-image-collector.ts';
import { buildImageInferenceTask, RUNWARE_DEFAULT_PRICES, runwareModels, type RunwareOutputType } from './runware-image-model.ts';
import { buildModelSearchTask, readModelSearchResult, type RunwareModel } from './runware-model-search.ts';
import { buildPromptEnhanceTask, readEnhancedPrompts, type PromptEnhanceOptions } from './runware-prompt-enhance.ts';
import { isUuid } from './runware-protocol.ts';
import { RunwareRestTransport } from './runware-rest-transport.ts';
import { RunwareStatsReporter } from './runware-stats-reporter.ts';
import { RunwareTaskRunner, type TaskRun } from './runware-task-runner.ts';

/** The real service. Environment overrides (`RUNWARE_WS_URL`, `RUNWARE_API_URL`) are applied by the caller that owns the environment. */
const RUNWARE_WS_URL = 'wss://ws-api.runware.ai/v1';
const RUNWARE_API_URL = 'https://api.runware.ai/v1';

export interface RunwareProviderOptions {
  /** Instance name in the app (default `runware`). */
  readonly id?: string;
  /** Read on every call, never cached: a changed key reconnects with the new one. */
  readonly getApiKey: () => string | undefined;
  /** WebSocket endpoint; empty or unset means the real service (the registry applies `RUNWARE_WS_URL`). */
  readonly wsUrl?: string;
  /** REST endpoint; empty or unset means the real service (the registry applies `RUNWARE_API_URL`). */
  readonly apiUrl?: string;
  /** `websocket` (default) multiplexes over the pool, with REST while sockets are down; `rest` always uses HTTP. */
  readonly transport?: 'websocket' | 'rest';
  /** Persistent sockets (default 1). */
  readonly poolSize?: number;
  /** Tasks per socket before submits fail with `overloaded` (default 100). */
  readonly maxInFlightPerConnection?: number;
  /** Ping period (default 30 s). */
  readonly heartbeatIntervalMs?: number;
  /** A ping without pong for this long marks the socket dead (default 10 s). */
  readonly pongTimeoutMs?: number;
  /** Open plus authenticate must finish within this (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** USD per image by model id; defaults are estimates (see `RUNWARE_DEFAULT_PRICES`). */
  readonly priceTable?: Readonly<Record<string, number>>;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly emit?: ProviderEventSink;
  readonly WebSocket?: typeof WebSocket;
  /** `base64Data` (default, no second download) or `URL` (images fetched with the caller's signal). */
  readonly outputType?: RunwareOutputType;
  /** How long `close()` waits for in-flight tasks (default 5 s). */
  readonly closeGraceMs?: number;
  /** Reconnect backoff (default base 500 ms, cap 30 s, full jitter). */
  readonly backoff?: BackoffOptions;
  /** Poll period while `getResponse` reports a task still processing (default 1 s). */
  readonly responsePollIntervalMs?: number;
  /** Health checks give up after this (default 10 s). */
  readonly healthTimeoutMs?: number;
  /** HTTP dispatcher for REST and downloads (default: a keep-alive undici Agent). */
  readonly dispatcher?: Dispatcher;
  /** The designer's pinned models for this instance, read on every call: pinned checkpoints are offered like the built-in ones. */
  readonly pinnedModels?: () => readonly PinnedModel[];
}

/** Largest preview image the catalogue fetches. */
const MAX_PREVIEW_BYTES = 8 * 1024 * 1024;

/** What the UI should prompt the designer about, if anything. */
export type RunwareAttention = 'check-key' | 'out-of-credits';

/**
 * The Runware image provider: FLUX models over a multiplexed, authenticated WebSocket
 * pool, with REST as a configured alternative and as automatic fallback while the sockets
 * are down. Connects lazily on first use, so an app with no key never dials out.
 */
export class RunwareProvider implements ImageProvider, ModelSearchCapable {
  readonly specificationVersion: ProviderSpecificationVersion = 'v1';
  readonly id: string;
  readonly kind = 'runware';
  readonly label = 'Runware';
  readonly requiresKey = true;

  readonly #getApiKey: () => string | undefined;
  readonly #priceTable: Readonly<Record<string, number>>;
  readonly #clock: Clock;
  readonly #emit: ProviderEventSink | undefined;
  readonly #outputType: RunwareOutputType;
  readonly #healthTimeoutMs: number;
  readonly #closeGraceMs: number;
  readonly #pool: RunwareConnectionPool;
  readonly #rest: RunwareRestTransport;
  readonly #runner: RunwareTaskRunner;
  readonly #reporter: RunwareStatsReporter;
  readonly #pinnedModels: () => readonly PinnedModel[];
  /** `models()` is asked on every routing decision: rebuilt only when the pinned list changes. */
  #models: { readonly pinned: readonly PinnedModel[]; readonly models: readonly ProviderModel[] } | undefined;
  #attention: { kind: RunwareAttention; key: string } | undefined;
  /**
   * Images already uploaded, by sha256 of their bytes (and the key that uploaded
   * them): Runware keeps an upload for 30 days after its last use, so one upload
   * serves every tool run on the same image for a day.
   */
  readonly #uploads = new LRUCache<string, string>({ max: 500, ttl: UPLOAD_REUSE_MS });
  #closing: Promise<void> | undefined;

  constructor(options: RunwareProviderOptions) {
    this.id = options.id ?? 'runware';
    this.#getApiKey = options.getApiKey;
    this.#priceTable = { ...RUNWARE_DEFAULT_PRICES, ...options.priceTable };
    this.#clock = options.clock ?? systemClock;
    this.#emit = options.emit;
    this.#outputType = options.outputType ?? 'base64Data';
    this.#healthTimeoutMs = options.healthTimeoutMs ?? 10_000;
    this.#closeGraceMs = options.closeGraceMs ?? 5_000;
    this.#pinnedModels = options.pinnedModels ?? (() => []);
    this.#reporter = new RunwareStatsReporter({ provider: this.id, emit: this.#emit, clock: this.#clock, snapshot: () => this.stats() });
    const onStatsChanged = (): void => this.#reporter.changed();
    this.#pool = new RunwareConnectionPool({
      provider: this.id,
      url: options.wsUrl || RUNWARE_WS_URL,
      getApiKey: this.#getApiKey,
      ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
      clock: this.#clock,
      random: options.random ?? systemRandom,
      ...definedOnly({
        poolSize: options.poolSize,
        maxInFlightPerConnection: options.maxInFlightPerConnection,
        heartbeatIntervalMs: options.heartbeatIntervalMs,
        pongTimeoutMs: options.pongTimeoutMs,
        connectTimeoutMs: options.connectTimeoutMs,
      }),
      closeGraceMs: this.#closeGraceMs,
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      onLog: (level, message) => this.#log(level, message),
      onStatsChanged,
    });
    this.#rest = new RunwareRestTransport({
      provider: this.id,
      url: options.apiUrl || RUNWARE_API_URL,
      clock: this.#clock,
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
      onInFlightChanged: onStatsChanged,
    });
    this.#runner = new RunwareTaskRunner({
      provider: this.id,
      pool: this.#pool,
      rest: this.#rest,
      clock: this.#clock,
      transport: options.transport ?? 'websocket',
      pollIntervalMs: options.responsePollIntervalMs ?? 1_000,
      log: (level, message) => this.#log(level, message),
    });
  }

  hasKey(): boolean {
    const key = this.#getApiKey();
    return key !== undefined && key !== '';
  }

  models(): readonly ProviderModel[] {
    const pinned = this.#pinnedModels();
    if (this.#models?.pinned !== pinned) this.#models = { pinned, models: runwareModels(this.#priceTable, pinned) };
    return this.#models.models;
  }

  estimateCost(request: ImageRequest, model: string): CostEstimate {
    const price = this.#priceTable[model] ?? this.models().find((m) => m.id === model)?.pricePerImageUsd;
    return price === undefined ? { usd: undefined, basis: 'unknown' } : { usd: price * request.count, basis: 'price-table' };
  }

  /** What the designer must fix before Runware works again: the key, or the balance. Cleared when the key changes. */
  needsAttention(): RunwareAttention | undefined {
    const key = this.#getApiKey();
    if (this.#attention !== undefined && this.#attention.key === key) return this.#attention.kind;
    // A background reconnect can learn of a revoked key before any task does.
    return this.#pool.isBlockedFor(key) ? 'check-key' : undefined;
  }

  /** Sockets, tasks in flight (both transports) and the transport in use right now. */
  stats(): PoolStats {
    const pool = this.#pool.stats();
    return { ...pool, transport: this.#runner.activeTransport(), inFlight: pool.inFlight + this.#rest.inFlight };
  }

  async generate(options: ProviderGenerateOptions): Promise<ProviderImageResult> {
    const { request, model, signal, deadline } = options;
    const apiKey = this.#requireKey(signal);
    if (!/^[\w-]+:[\w.-]+@[\w.-]+$/.test(model)) {
      throw new MotifError('invalid_request', {
        param: 'model',
        provider: this.id,
        message: `Runware model ids look like runware:101@1, not ${model}`,
      });
    }
    const taskUUID = isUuid(options.taskId) ? options.taskId : randomUUID();
    const pinned = this.#pinnedModels().find((m) => m.air === model);
    const mapped = buildImageInferenceTask(request, {
      model,
      taskUUID,
      outputType: this.#outputType,
      sampling: pinned && { steps: pinned.defaultSteps, CFGScale: pinned.defaultCFG },
    });
    const warnings: ProviderWarning[] = [...mapped.warnings];
    const collector = new RunwareImageCollector({
      provider: this.id,
      format: request.format,
      width: mapped.width,
      height: mapped.height,
      onImage: options.onImage,
      onFirstItem: () => options.onStage?.('receiving'),
      download: (url) => this.#download(url, signal, deadline),
      onCallbackError: (error) => this.#log('warn', `onImage callback failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    return this.#track(apiKey, async () => {
      options.onStage?.('sending');
      // A resumed job first asks for what the interrupted run already paid for.
      let run: TaskRun | undefined =
        options.resume && isUuid(options.taskId)
          ? await this.#runner.recover(
              taskUUID,
              { expected: request.count, onItem: collector.accept, signal, deadline, notFoundIsAnswer: true },
              apiKey,
            )
          : undefined;
      const resumed = run !== undefined;
      if (run !== undefined && run.items.length < request.count) {
        warnings.push({
          type: 'other',
          message: `The interrupted Runware task had finished ${run.items.length} of ${request.count} images`,
        });
      }
      run ??= await this.#runner.run(
        {
          payload: mapped.payload,
          completion: { kind: 'items', count: request.count },
          onItem: collector.accept,
          signal,
          deadline,
          resendable: true,
        },
        apiKey,
        () => options.onStage?.('waiting'),
      );
      const images = await collector.finish();
      return {
        images,
        warnings,
        costUsd: collector.costUsd,
        providerMetadata: { runware: { taskUUID, transport: run.transport, resumed } },
      };
    });
  }

  tasks(): readonly TaskSupport[] {
    return RUNWARE_TASKS;
  }

  /**
   * Runs a tool: uploads the source (and a mask) once, reusing the Runware
   * image id while it is valid, then sends the tool's task over the same pool
   * (or REST) as generations, so deadlines, cancel and fault handling are shared.
   */
  async runTask(options: ProviderTaskOptions): Promise<ProviderTaskResult> {
    const { task, signal, deadline } = options;
    const apiKey = this.#requireKey(signal);
    return this.#track(apiKey, async () => {
      options.onStage?.('sending');
      const { source } = task;
      const sourceImage = await this.#upload(source.hash, source.bytes, source.format, apiKey, signal, deadline);
      if (task.kind === 'upload')
        return { images: [], warnings: [], costUsd: undefined, providerMetadata: { runware: { imageUUID: sourceImage } }, texts: [] };
      const maskImage =
        task.kind === 'inpaint'
          ? await this.#upload(sha256(task.mask.bytes), task.mask.bytes, task.mask.format, apiKey, signal, deadline)
          : undefined;
      const taskUUID = isUuid(options.taskId) ? options.taskId : randomUUID();
      const mapped = buildToolTask(task, { taskUUID, outputType: this.#outputType, sourceImage, maskImage });
      const direct = mapped.reply === 'image' && mapped.finalWidth === mapped.width && mapped.finalHeight === mapped.height;
      const texts: string[] = [];
      let textCost: number | undefined;
      const collector = new RunwareImageCollector({
        provider: this.id,
        format: mapped.format,
        width: mapped.width,
        height: mapped.height,
        onImage: direct ? options.onImage : undefined,
        onFirstItem: () => options.onStage?.('receiving'),
        download: (url) => this.#download(url, signal, deadline),
        onCallbackError: (error) => this.#log('warn', `onImage callback failed: ${error instanceof Error ? error.message : String(error)}`),
      });
      const run = await this.#runner
        .run(
          {
            payload: mapped.payload,
            completion: { kind: 'items', count: mapped.expected },
            onItem: (item, index) => {
              if (mapped.reply !== 'text') return collector.accept(item, index);
              if (index === 0) options.onStage?.('receiving');
              const text = item.text;
              if (typeof text !== 'string' || text.trim() === '')
                throw new MotifError('upstream_malformed', {
                  provider: this.id,
                  message: 'Runware sent a caption without text',
                  upstream: { provider: this.id },
                });
              texts.push(text.trim());
              if (typeof item.cost === 'number') textCost = (textCost ?? 0) + item.cost;
            },
            signal,
            deadline,
            resendable: true,
          },
          apiKey,
          () => options.onStage?.('waiting'),
        )
        .catch((error: unknown) => {
          // A source Runware no longer knows is uploaded afresh next time.
          if (isMotifError(error) && error.code === 'upstream_invalid_request') this.#uploads.delete(uploadKey(apiKey, source.hash));
          throw error;
        });
      const images = await Promise.all((await collector.finish()).map((image) => finishToolImage(image, mapped, this.id)));
      return {
        images,
        warnings: mapped.warnings,
        costUsd: mapped.reply === 'text' ? textCost : collector.costUsd,
        providerMetadata: { runware: { taskUUID, transport: run.transport, sourceImage } },
        texts,
      };
    });
  }

  /** The Runware image id of these bytes: uploaded once, then reused while valid. */
  async #upload(
    hash: string,
    bytes: Uint8Array,
    format: ImageFormat,
    apiKey: string,
    signal: AbortSignal,
    deadline: number,
  ): Promise<string> {
    const key = uploadKey(apiKey, hash);
    const known = this.#uploads.get(key);
    if (known !== undefined) return known;
    const run = await this.#runner.run(
      {
        payload: { taskType: 'imageUpload', taskUUID: randomUUID(), image: imageDataUri(bytes, format) },
        completion: { kind: 'items', count: 1 },
        onItem: undefined,
        signal,
        deadline,
        resendable: true,
      },
      apiKey,
    );
    const imageUUID = run.items[0]?.imageUUID;
    if (typeof imageUUID !== 'string' || imageUUID === '')
      throw new MotifError('upstream_malformed', {
        provider: this.id,
        message: 'Runware answered an upload without an imageUUID',
        upstream: { provider: this.id },
      });
    this.#uploads.set(key, imageUUID);
    return imageUUID;
  }

  /** Rewrites a prompt into `versions` richer variants with Runware's `promptEnhance`. Not cached here. */
  async enhancePrompt(prompt: string, options: PromptEnhanceOptions): Promise<string[]> {
    const apiKey = this.#requireKey(options.signal);
    const payload = buildPromptEnhanceTask(prompt, options, randomUUID());
    return this.#track(apiKey, async () => {
      const run = await this.#runner.run(
        {
          payload,
          completion: { kind: 'items', count: options.versions },
          onItem: undefined,
          signal: options.signal,
          deadline: options.deadline,
          resendable: true,
        },
        apiKey,
      );
      return readEnhancedPrompts(run.items, this.id);
    });
  }

  /** One page of Runware's model catalogue (`modelSearch`), validated; never cached here (the engine's catalogue caches). */
  async searchModels(query: ModelSearchRequest, options: CatalogueCallOptions): Promise<{ models: SearchedModel[]; total: number }> {
    const apiKey = this.#requireKey(options.signal);
    const payload = buildModelSearchTask(query, randomUUID());
    return this.#track(apiKey, async () => {
      const run = await this.#runner.run(
        {
          payload,
          completion: { kind: 'first-frame' },
          onItem: undefined,
          signal: options.signal,
          deadline: options.deadline,
          resendable: true,
        },
        apiKey,
      );
      const { models, total } = readModelSearchResult(run.items, this.id);
      return { models: models.map(toSearchedModel), total };
    });
  }

  /** Downloads a model's preview image (https, or loopback for emulators), checking that it is an image of sane size. */
  async fetchPreview(url: string, options: CatalogueCallOptions): Promise<Uint8Array> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new MotifError('invalid_request', { provider: this.id, param: 'preview', message: 'The preview address is not a URL' });
    }
    const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost' || parsed.hostname === '[::1]';
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback))
      throw new MotifError('invalid_request', { provider: this.id, param: 'preview', message: 'Previews are fetched over https only' });
    const bytes = await this.#download(parsed.href, options.signal, options.deadline);
    if (bytes.byteLength > MAX_PREVIEW_BYTES || sniffImageFormat(bytes) === undefined)
      throw new MotifError('upstream_malformed', {
        provider: this.id,
        message: 'Runware sent a model preview that is not a PNG, JPEG or WebP image',
        upstream: { provider: this.id },
      });
    return bytes;
  }

  /** An authenticated ping over the pool, or an empty authenticated REST call; never a paid task. */
  async checkHealth(signal: AbortSignal): Promise<HealthCheckResult> {
    const startedAt = this.#clock.now();
    const result = (error: MotifError | undefined): HealthCheckResult => ({
      ok: error === undefined,
      latencyMs: this.#clock.now() - startedAt,
      checkedAt: startedAt,
      error,
    });
    const apiKey = this.#getApiKey();
    if (apiKey === undefined || apiKey === '') return result(new MotifError('key_missing', { provider: this.id }));
    const deadline = startedAt + this.#healthTimeoutMs;
    try {
      await this.#track(apiKey, async () => {
        if (this.#runner.activeTransport() === 'websocket') {
          await this.#pool.ping(signal, deadline);
          return;
        }
        const linked = runwareDeadlineScope({ clock: this.#clock, signal, deadline, provider: this.id, what: 'the health check' });
        try {
          await this.#rest.checkAuth(apiKey, linked.signal);
        } finally {
          linked.dispose();
        }
      });
      return result(undefined);
    } catch (error) {
      return result(toMotifError(error));
    }
  }

  /** Drains the pool (in-flight tasks get a grace period), then releases sockets and timers. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.all([this.#pool.close(), this.#rest.close(this.#closeGraceMs)]);
      this.#reporter.close();
    })();
    return this.#closing;
  }

  #requireKey(signal: AbortSignal): string {
    if (this.#closing !== undefined)
      throw new MotifError('cancelled', { provider: this.id, message: 'The Runware provider is closed and accepts no new tasks' });
    if (signal.aborted) throw abortError(signal, this.id);
    const key = this.#getApiKey();
    if (key === undefined || key === '') throw new MotifError('key_missing', { provider: this.id });
    return key;
  }

  /** Remembers failures the designer must act on, and forgets them after a success. */
  async #track<T>(apiKey: string, work: () => Promise<T>): Promise<T> {
    try {
      const value = await work();
      if (this.#attention?.key === apiKey) this.#attention = undefined;
      return value;
    } catch (error) {
      if (isMotifError(error) && (error.code === 'auth_failed' || error.code === 'key_missing'))
        this.#attention = { kind: 'check-key', key: apiKey };
      if (isMotifError(error) && error.code === 'insufficient_credits') this.#attention = { kind: 'out-of-credits', key: apiKey };
      throw error;
    }
  }

  async #download(url: string, signal: AbortSignal, deadline: number): Promise<Uint8Array> {
    const linked = runwareDeadlineScope({ clock: this.#clock, signal, deadline, provider: this.id, what: 'the image download' });
    try {
      return await this.#rest.download(url, linked.signal);
    } finally {
      linked.dispose();
    }
  }

  #log(level: 'info' | 'warn', message: string): void {
    try {
      this.#emit?.({ type: 'provider-log', provider: this.id, level, message });
    } catch {
      // Telemetry must never break a generation.
    }
  }
}

/** How long an upload's image id is reused (Runware keeps uploads 30 days after last use). */
const UPLOAD_REUSE_MS = 24 * 60 * 60 * 1000;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Uploads are per account: a new key uploads afresh. The key itself is hashed, never kept. */
const uploadKey = (apiKey: string, hash: string): string => `${sha256(new TextEncoder().encode(apiKey)).slice(0, 16)}:${hash}`;

/** A ×3 made as ×4 is scaled down; an SVG becomes a PNG preview with the SVG as its vector twin. */
async function finishToolImage(image: GeneratedImage, mapped: MappedTool, provider: string): Promise<GeneratedImage> {
  if (mapped.reply === 'svg') {
    const svg = Buffer.from(image.bytes).toString('utf8').trim();
    if (!svg.startsWith('<svg') && !svg.startsWith('<?xml'))
      throw new MotifError('upstream_malformed', {
        provider,
        message: 'Runware sent a vectorize result that is not SVG',
        upstream: { provider },
      });
    const png = await sharp(Buffer.from(svg)).resize(mapped.finalWidth, mapped.finalHeight, { fit: 'fill' }).png().toBuffer();
    const clean = svg.slice(svg.indexOf('<svg'));
    return { ...image, bytes: new Uint8Array(png), format: 'png', width: mapped.finalWidth, height: mapped.finalHeight, svg: clean };
  }
  if (mapped.finalWidth === mapped.width && mapped.finalHeight === mapped.height) return image;
  const scaled = await sharp(image.bytes)
    .resize(mapped.finalWidth, mapped.finalHeight, { fit: 'fill' })
    .toFormat(image.format === 'jpeg' ? 'jpeg' : image.format)
    .toBuffer();
  return { ...image, bytes: new Uint8Array(scaled), width: mapped.finalWidth, height: mapped.finalHeight };
}

function toSearchedModel(model: RunwareModel): SearchedModel {
  return {
    air: model.air,
    name: model.name,
    version: model.version,
    category: model.category,
    architecture: model.architecture,
    tags: model.tags,
    previewUrl: model.heroImage || undefined,
    defaultWidth: model.defaultWidth,
    defaultHeight: model.defaultHeight,
    defaultSteps: model.defaultSteps,
    defaultCFG: model.defaultCFG,
    triggerWords: model.positiveTriggerWords || undefined,
  };
}

/** Drops undefined values, so defaults further down apply (exactOptionalPropertyTypes-safe). */
function definedOnly<T extends Record<string, unknown>>(values: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<{
    [K in keyof T]: Exclude<T[K], undefined>;
  }>;
}
