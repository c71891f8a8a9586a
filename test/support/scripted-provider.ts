import type {
  CostEstimate,
  GeneratedImage,
  HealthCheckResult,
  ImageProvider,
  ProviderGenerateOptions,
  ProviderImageResult,
  ProviderModel,
  ProviderTaskOptions,
  ProviderTaskResult,
  TaskSupport,
} from '../../src/core/contract/image-provider.ts';
import { taskImageCount, taskOutputSize, type ImageTaskKind } from '../../src/core/contract/image-task.ts';
import { MotifError, type MotifErrorOptions } from '../../src/core/errors/motif-error.ts';
import type { ErrorCode } from '../../src/core/errors/error-codes.ts';
import type { Clock } from '../../src/core/util/clock.ts';
import { systemClock } from '../../src/core/util/clock.ts';

/** One scripted behaviour for the next call. */
export type Step =
  | { readonly kind: 'ok'; readonly delayMs?: number; readonly costUsd?: number }
  | { readonly kind: 'fail'; readonly code: ErrorCode; readonly delayMs?: number; readonly options?: MotifErrorOptions }
  | { readonly kind: 'hang' };

const PNG_1X1 = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

/**
 * A provider behind the real contract whose behaviour tests script call by
 * call ("fail the next 3, then answer in 200 ms"). Time comes from the injected
 * clock, so fake timers drive it.
 */
export class ScriptedProvider implements ImageProvider {
  readonly specificationVersion = 'v1' as const;
  readonly id: string;
  readonly kind = 'openai' as const;
  readonly label: string;
  readonly requiresKey: boolean;
  readonly calls: ProviderGenerateOptions[] = [];
  readonly aborted: number[] = [];
  #script: Step[] = [];
  #default: Step;
  readonly #clock: Clock;
  readonly #models: ProviderModel[];
  #key: string | undefined;
  readonly #streams: boolean;
  readonly #tools: TaskSupport[];

  /** `streams: false` makes a provider that only returns its images at the end, never calling `onImage`. */
  constructor(options: {
    id: string;
    label?: string;
    fallbackStep?: Step;
    clock?: Clock;
    maxImagesPerCall?: number;
    price?: number;
    key?: string | undefined;
    requiresKey?: boolean;
    sizes?: ProviderModel['capabilities']['sizes'];
    streams?: boolean;
    /** Image tools it runs (through the same script as generations), priced at `price`. */
    tools?: readonly ImageTaskKind[];
  }) {
    this.#tools = (options.tools ?? []).map((task) => ({ task, model: `tool-${task}`, label: task, priceUsd: options.price }));
    this.id = options.id;
    this.#streams = options.streams ?? true;
    this.label = options.label ?? options.id;
    this.#default = options.fallbackStep ?? { kind: 'ok' };
    this.#clock = options.clock ?? systemClock;
    this.requiresKey = options.requiresKey ?? false;
    this.#key = options.key;
    this.#models = [
      {
        id: 'model-a',
        label: 'Model A',
        pricePerImageUsd: options.price,
        capabilities: {
          sizes: options.sizes ?? { kind: 'range', min: 64, max: 2048, multipleOf: 64 },
          maxImagesPerCall: options.maxImagesPerCall ?? 4,
          seed: true,
          negativePrompt: true,
          formats: ['png'],
        },
      },
    ];
  }

  script(...steps: Step[]): this {
    this.#script.push(...steps);
    return this;
  }

  setDefault(step: Step): void {
    this.#default = step;
  }

  setKey(key: string | undefined): void {
    this.#key = key;
  }

  hasKey(): boolean {
    return !this.requiresKey || Boolean(this.#key);
  }

  models(): readonly ProviderModel[] {
    return this.#models;
  }

  estimateCost(request: { count: number }): CostEstimate {
    const price = this.#models[0]!.pricePerImageUsd;
    return price === undefined ? { usd: undefined, basis: 'unknown' } : { usd: price * request.count, basis: 'price-table' };
  }

  /** Health checks made so far; set `healthHangs` to make them never answer (ignoring their signal). */
  healthChecks = 0;
  healthHangs = false;

  async checkHealth(): Promise<HealthCheckResult> {
    this.healthChecks += 1;
    if (this.healthHangs) return new Promise<never>(() => undefined);
    return { ok: true, latencyMs: 1, checkedAt: this.#clock.now(), error: undefined };
  }

  async close(): Promise<void> {}

  tasks(): readonly TaskSupport[] {
    return this.#tools;
  }

  /** Runs a tool as a generation of its result's size and count (so scripts, hangs and aborts apply alike). */
  async runTask(options: ProviderTaskOptions): Promise<ProviderTaskResult> {
    const { task } = options;
    const size = taskOutputSize(task);
    const count = taskImageCount(task);
    const result = await this.generate({
      request: { ...TOOL_REQUEST, width: size.width, height: size.height, count },
      model: options.model,
      signal: options.signal,
      deadline: options.deadline,
      onImage: options.onImage,
      onStage: options.onStage,
      taskId: options.taskId,
      resume: false,
    });
    return { ...result, texts: task.kind === 'caption' ? [`${this.id} caption`] : [] };
  }

  generate(options: ProviderGenerateOptions): Promise<ProviderImageResult> {
    this.calls.push(options);
    const step = this.#script.shift() ?? this.#default;
    return new Promise<ProviderImageResult>((resolve, reject) => {
      const pending: { timer?: unknown } = {};
      const onAbort = (): void => {
        this.aborted.push(this.calls.length);
        this.#clock.clearTimeout(pending.timer);
        reject(options.signal.reason instanceof MotifError ? options.signal.reason : new MotifError('cancelled'));
      };
      if (options.signal.aborted) return onAbort();
      options.signal.addEventListener('abort', onAbort, { once: true });
      if (step.kind === 'hang') return;
      pending.timer = this.#clock.setTimeout(() => {
        options.signal.removeEventListener('abort', onAbort);
        if (step.kind === 'fail') {
          reject(new MotifError(step.code, { provider: this.id, ...step.options }));
          return;
        }
        const images: GeneratedImage[] = Array.from({ length: options.request.count }, (_, i) => ({
          bytes: PNG_1X1,
          format: 'png',
          width: options.request.width,
          height: options.request.height,
          seed: options.request.seed + i,
          costUsd: step.costUsd,
        }));
        if (this.#streams) images.forEach((image, i) => options.onImage?.(image, i));
        resolve({
          images,
          warnings: [],
          costUsd: step.costUsd === undefined ? undefined : step.costUsd * images.length,
          providerMetadata: {},
        });
      }, step.delayMs ?? 0);
    });
  }
}

const TOOL_REQUEST: ProviderGenerateOptions['request'] = {
  prompt: 'tool',
  negativePrompt: undefined,
  style: 'party',
  width: 64,
  height: 64,
  count: 1,
  seed: 1,
  seedExplicit: false,
  format: 'png',
  model: 'default',
  noCache: true,
};
