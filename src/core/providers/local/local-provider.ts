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
  ProviderWarning,
  TaskSupport,
} from '../../contract/image-provider.ts';
import type { ProviderTask } from '../../contract/image-task.ts';
import { declineLocalTask, LOCAL_TASKS, runLocalTask } from './local-tasks.ts';
import type { ImageRequest } from '../../contract/image-request.ts';
import { MotifError, toMotifError } from '../../errors/motif-error.ts';
import { systemClock, type Clock } from '../../util/clock.ts';
import { renderDecoration, renderDesign } from './render-decoration.ts';
import { InFlight } from '../../util/in-flight.ts';

export interface LocalProviderOptions {
  /** Instance name in the app; `local` unless a second offline engine is configured. */
  readonly id?: string;
  readonly clock?: Clock;
}

/** The one model of the offline engine. */
export const LOCAL_MODEL: ProviderModel = Object.freeze({
  id: 'procedural-v1',
  label: 'Procedural decorations',
  pricePerImageUsd: 0,
  capabilities: Object.freeze({
    sizes: Object.freeze({ kind: 'range', min: 64, max: 4096, multipleOf: 1 } as const),
    maxImagesPerCall: 8,
    seed: true,
    negativePrompt: false,
    formats: Object.freeze(['png', 'jpeg', 'webp'] as const),
    layouts: true,
  }),
});

const SEED_SPACE = 2 ** 32;
/** Designs drawn by an engine of this kind are ones this engine can redraw. */
const OWN_KINDS: ReadonlySet<string> = new Set(['local']);
const HEALTH_PROBE_SIZE = 64;

/**
 * The built-in offline engine: decoration designs from the prompt's subjects
 * (an open art set), its own words (typeset in bundled fonts), the style's
 * palette and the seed, laid out as the product the prompt names. Needs no key and no network, so a fresh
 * install works at once; it is also the last resort when offline and what
 * tests and demos generate with. Free, deterministic per seed.
 */
export class LocalProvider implements ImageProvider {
  readonly specificationVersion = 'v1' as const;
  readonly id: string;
  readonly kind = 'local' as const;
  readonly label = 'Offline engine';
  readonly requiresKey = false;
  readonly #clock: Clock;
  readonly #inFlight = new InFlight();

  constructor(options: LocalProviderOptions = {}) {
    this.id = options.id ?? 'local';
    this.#clock = options.clock ?? systemClock;
  }

  hasKey(): boolean {
    return true;
  }

  models(): readonly ProviderModel[] {
    return [LOCAL_MODEL];
  }

  generate(options: ProviderGenerateOptions): Promise<ProviderImageResult> {
    return this.#inFlight.track(this.#generate(options));
  }

  async #generate(options: ProviderGenerateOptions): Promise<ProviderImageResult> {
    const { request, signal, deadline, onImage, onStage } = options;
    this.#checkRequest(request, options.model);
    const warnings: ProviderWarning[] = [];
    if (request.negativePrompt !== undefined && request.negativePrompt.trim() !== '') {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'negativePrompt',
        details: 'The offline engine draws only the subjects the prompt names; the negative prompt was not applied.',
      });
    }
    onStage?.('sending');
    this.#checkContinue(signal, deadline);
    onStage?.('receiving');
    const images: GeneratedImage[] = [];
    let local: Readonly<Record<string, unknown>> | undefined;
    for (let i = 0; i < request.count; i++) {
      this.#checkContinue(signal, deadline);
      const seed = (request.seed + i) % SEED_SPACE;
      const rendering = renderDesign({
        prompt: request.prompt,
        style: request.style,
        seed,
        width: request.width,
        height: request.height,
        format: request.format,
        layout: request.layout,
      });
      const { bytes, svg, report } = await this.#unlessAborted(rendering, signal);
      // Subjects, layout and words depend on the request; how the text broke (or curved) on the seed,
      // so each image carries its own report and the call reports its first image's.
      const own = { model: LOCAL_MODEL.id, ...report };
      local ??= own;
      const image: GeneratedImage = {
        bytes,
        format: request.format,
        width: request.width,
        height: request.height,
        seed,
        costUsd: 0,
        svg,
        providerMetadata: { local: own },
      };
      images.push(image);
      onImage?.(image, i);
    }
    this.#checkContinue(signal, deadline);
    return { images, warnings, costUsd: 0, providerMetadata: local === undefined ? {} : { local } };
  }

  tasks(): readonly TaskSupport[] {
    return LOCAL_TASKS;
  }

  declineTask(task: ProviderTask): string | undefined {
    return declineLocalTask(task, OWN_KINDS);
  }

  runTask(options: ProviderTaskOptions): Promise<ProviderTaskResult> {
    return this.#inFlight.track(this.#runTask(options));
  }

  async #runTask(options: ProviderTaskOptions): Promise<ProviderTaskResult> {
    const { task, signal, deadline } = options;
    const declined = this.declineTask(task);
    if (declined !== undefined) throw new MotifError('unsupported_task', { provider: this.id, message: `The offline engine ${declined}.` });
    options.onStage?.('sending');
    this.#checkContinue(signal, deadline);
    options.onStage?.('receiving');
    const image = await this.#unlessAborted(runLocalTask(task), signal);
    this.#checkContinue(signal, deadline);
    options.onImage?.(image, 0);
    return { images: [image], warnings: [], costUsd: 0, providerMetadata: {}, texts: [] };
  }

  estimateCost(_request: ImageRequest, _model: string): CostEstimate {
    return { usd: 0, basis: 'free' };
  }

  /** Renders a tiny image: proves sharp and the SVG renderer load and work. */
  async checkHealth(signal: AbortSignal): Promise<HealthCheckResult> {
    const started = this.#clock.now();
    try {
      if (signal.aborted) throw this.#abortError(signal);
      await this.#unlessAborted(
        renderDecoration({
          prompt: 'health check',
          style: 'minimal',
          seed: 1,
          width: HEALTH_PROBE_SIZE,
          height: HEALTH_PROBE_SIZE,
          format: 'png',
        }),
        signal,
      );
      const now = this.#clock.now();
      return { ok: true, latencyMs: now - started, checkedAt: now, error: undefined };
    } catch (error) {
      const now = this.#clock.now();
      return { ok: false, latencyMs: now - started, checkedAt: now, error: toMotifError(error) };
    }
  }

  /** Waits for renders in progress; there are no sockets to release. */
  async close(): Promise<void> {
    await this.#inFlight.settled();
  }

  #checkRequest(request: ImageRequest, model: string): void {
    if (model !== LOCAL_MODEL.id) {
      throw new MotifError('upstream_invalid_request', {
        param: 'model',
        provider: this.id,
        message: `The offline engine has no model "${model}".`,
      });
    }
    const { min, max } = LOCAL_MODEL.capabilities.sizes as { min: number; max: number };
    for (const side of [request.width, request.height]) {
      if (!Number.isInteger(side) || side < min || side > max) {
        throw new MotifError('unsupported_size', {
          param: 'size',
          provider: this.id,
          message: `The offline engine draws sides of ${min} to ${max} pixels, not ${side}.`,
        });
      }
    }
    if (!Number.isInteger(request.count) || request.count < 1 || request.count > LOCAL_MODEL.capabilities.maxImagesPerCall) {
      throw new MotifError('upstream_invalid_request', {
        param: 'count',
        provider: this.id,
        message: `The offline engine makes 1 to ${LOCAL_MODEL.capabilities.maxImagesPerCall} images per call.`,
      });
    }
  }

  #checkContinue(signal: AbortSignal, deadline: number): void {
    if (signal.aborted) throw this.#abortError(signal);
    if (this.#clock.now() > deadline) throw new MotifError('deadline_exceeded', { provider: this.id });
  }

  /** The signal's own MotifError (a deadline, a hedge win) when it carries one, else `cancelled`. */
  #abortError(signal: AbortSignal): MotifError {
    return signal.reason instanceof MotifError ? signal.reason : new MotifError('cancelled', { provider: this.id, cause: signal.reason });
  }

  /** Settles with `work`, or rejects at once when the signal aborts; the render itself cannot be stopped. */
  #unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(this.#abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(toMotifError(error));
        },
      );
    });
  }
}
