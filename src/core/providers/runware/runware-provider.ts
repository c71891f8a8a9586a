import { randomUUID } from 'node:crypto';
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
  ProviderWarning,
} from '../../contract/image-provider.ts';
import type { ImageRequest } from '../../contract/image-request.ts';
import { isMotifError, MotifError, toMotifError } from '../../errors/index.ts';
import { systemClock, type Clock } from '../../util/clock.ts';
import { systemRandom, type Random } from '../../util/random.ts';
import type { BackoffOptions } from '../../util/backoff.ts';
import { RunwareConnectionPool } from './runware-connection-pool.ts';
import { abortError, runwareDeadlineScope } from './runware-deadline.ts';
import { RunwareImageCollector } from './runware-image-collector.ts';
import { buildImageInferenceTask, RUNWARE_DEFAULT_PRICES, runwareModels, type RunwareOutputType } from './runware-image-model.ts';
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
}

/** What the UI should prompt the designer about, if anything. */
export type RunwareAttention = 'check-key' | 'out-of-credits';

/**
 * The Runware image provider: FLUX models over a multiplexed, authenticated WebSocket
 * pool, with REST as a configured alternative and as automatic fallback while the sockets
 * are down. Connects lazily on first use, so an app with no key never dials out.
 */
export class RunwareProvider implements ImageProvider {
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
  readonly #models: readonly ProviderModel[];
  #attention: { kind: RunwareAttention; key: string } | undefined;
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
    this.#models = runwareModels(this.#priceTable);
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
    return this.#models;
  }

  estimateCost(request: ImageRequest, model: string): CostEstimate {
    const price = this.#priceTable[model];
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
    const mapped = buildImageInferenceTask(request, { model, taskUUID, outputType: this.#outputType });
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

/** Drops undefined values, so defaults further down apply (exactOptionalPropertyTypes-safe). */
function definedOnly<T extends Record<string, unknown>>(values: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<{
    [K in keyof T]: Exclude<T[K], undefined>;
  }>;
}
