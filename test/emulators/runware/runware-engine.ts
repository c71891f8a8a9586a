import { MEDIA_TYPES, type ImageFormat } from '../../../src/core/contract/image-request.ts';
import type { Random } from '../../../src/core/util/random.ts';
import { seed32, uuidFromRandom } from '../emulator-ids.ts';
import type { EmulatorTimers } from '../emulator-timers.ts';
import { drawLatency, type Fault, type FaultController, type LatencySpec } from '../faults.ts';
import { inpaintMasked } from './emulated-inpaint.ts';
import { renderEmulatedImage } from '../render-image.ts';
import { errorItem, errorItemForFault, type RunwareErrorItem, type RunwareFrame } from './runware-errors.ts';
import { checkLoras, searchModels, validateModelSearch } from './runware-model-search.ts';
import { enhancePrompt } from './runware-prompt-enhance.ts';
import type { RunwareTaskStore } from './runware-task-store.ts';
import { RUNWARE_TOOLS, type ToolContext } from './runware-tools.ts';
import { ImageStore } from '../image-store.ts';
import {
  validateImageInference,
  validatePromptEnhance,
  validateTaskUUID,
  type ImageInferenceParams,
  type OutputType,
  type RawTask,
} from './runware-validation.ts';

/**
 * How a frame is put on the wire; faults change it. `malformed` cuts the frame
 * off after its taskUUID; `garbage` replaces it with text naming no task.
 */
export type SendStyle = 'normal' | 'malformed' | 'garbage' | { readonly chunkBytes: number; readonly intervalMs: number };

/** Where one task's frames go: a WS session, or a REST body being collected. */
export interface TaskOutput {
  send(frame: RunwareFrame, style?: SendStyle): void;
  /** Kills the transport abruptly (the `drop-socket` fault). */
  drop(): void;
}

/** Live counters, read by tests. */
export interface RunwareEmulatorStats {
  /** WebSocket connections accepted so far. */
  connections: number;
  /** WebSocket connections open now. */
  openSockets: number;
  authentications: number;
  authFailures: number;
  pings: number;
  /** Pings left unanswered because of `faults.suppressPongs`. */
  pongsSuppressed: number;
  /** WebSocket upgrades refused with 503 while `setWebSocketAccepting(false)` (or `rejectWebSocketUpgrades`). */
  rejectedUpgrades: number;
  /** Tasks received, by the taskType the client sent (auth and ping excluded). */
  tasks: Record<string, number>;
  imagesGenerated: number;
  restRequests: number;
  /** `imageInference` tasks accepted, by the model they named. */
  inferenceModels: Record<string, number>;
  /** LoRAs named by accepted `imageInference` tasks, with the weight last asked for. */
  loraWeights: Record<string, number>;
}

export interface RunwareEngineOptions {
  readonly timers: EmulatorTimers;
  readonly faults: FaultController;
  readonly store: RunwareTaskStore;
  readonly images: ImageStore;
  readonly stats: RunwareEmulatorStats;
  /** Draws ids and seeds. */
  readonly random: Random;
  /** Draws latencies (its own stream, so changing latency does not change ids). */
  readonly latencyRandom: Random;
  readonly latency: () => LatencySpec;
  /** `http://127.0.0.1:PORT`, for image URLs. */
  readonly origin: () => string;
  readonly dimensionMultiple: number;
  readonly costPerImageUsd: number;
  /** Per-model overrides of `costPerImageUsd`, keyed by AIR. */
  readonly costTable: Readonly<Record<string, number>>;
  readonly costPerPromptEnhanceUsd: number;
  /** Cost of one tool call (upscale, removeBackground, caption, vectorize) with `includeCost`. */
  readonly costPerToolUsd: number;
}

const NULL_OUTPUT: TaskOutput = { send: () => undefined, drop: () => undefined };

type ItemProducer = (index: number) => Promise<Record<string, unknown>>;

/**
 * Runs Runware tasks, independent of transport. Each task is handled on its
 * own and every answer echoes its taskType and taskUUID. Results are kept in
 * the task store so `getResponse` works for sync and async tasks alike.
 */
export class RunwareEngine {
  readonly #o: RunwareEngineOptions;
  /** Uploaded images by imageUUID, bounded like the served images. */
  readonly #uploads = new ImageStore(256);

  constructor(options: RunwareEngineOptions) {
    this.#o = options;
  }

  /**
   * Runs one task. Resolves when its last frame is sent (sync) or when it is
   * acknowledged (async). `useFaults` is false for REST, where the fault
   * applies to the whole HTTP request instead.
   */
  async runTask(task: RawTask, out: TaskOutput, useFaults: boolean): Promise<void> {
    const taskType = String(task.taskType);
    this.#o.stats.tasks[taskType] = (this.#o.stats.tasks[taskType] ?? 0) + 1;
    if (taskType === 'getResponse') {
      const uuid = validateTaskUUID(task);
      out.send(uuid.ok ? this.#o.store.getResponse(uuid.value) : { errors: [uuid.error] });
      return;
    }
    // getResponse is polling, not work: only work consumes scripted faults.
    const fault = useFaults ? this.#o.faults.next() : undefined;
    try {
      await this.#dispatch(taskType, task, out, fault);
    } catch (error) {
      const uuid = typeof task.taskUUID === 'string' ? task.taskUUID : undefined;
      out.send({
        errors: [errorItem('internalServerError', { taskType, taskUUID: uuid }, { message: `Emulator failure: ${String(error)}` })],
      });
    }
  }

  async #dispatch(taskType: string, task: RawTask, out: TaskOutput, fault: Fault | undefined): Promise<void> {
    if (taskType === 'imageInference') {
      const v = validateImageInference(task, { dimensionMultiple: this.#o.dimensionMultiple });
      if (!v.ok) return out.send({ errors: [v.error] });
      const loraError = checkLoras(task, v.value);
      if (loraError) return out.send({ errors: [loraError] });
      this.#recordInference(v.value.model, task.lora);
      // Image-to-image, inpaint and outpaint start from images the server must be able to read.
      for (const parameter of ['seedImage', 'maskImage'] as const) {
        if (task[parameter] !== undefined && this.#readImage(task[parameter]) === undefined)
          return out.send({
            errors: [
              errorItem(`invalid${parameter[0]!.toUpperCase()}${parameter.slice(1)}`, v.value, {
                parameter,
                message: `'${parameter}' is not an uploaded image, a data URI or base64 image.`,
              }),
            ],
          });
      }
      return this.#generate(v.value, v.value.numberResults, v.value.async, out, fault, this.#imageProducer(v.value, task));
    }
    if (taskType === 'promptEnhance') {
      const v = validatePromptEnhance(task);
      if (!v.ok) return out.send({ errors: [v.error] });
      const p = v.value;
      return this.#generate(p, p.promptVersions, p.async, out, fault, async (i) => ({
        taskType: p.taskType,
        taskUUID: p.taskUUID,
        text: enhancePrompt(p.prompt, i, p.promptMaxLength),
        ...(p.includeCost ? { cost: this.#o.costPerPromptEnhanceUsd } : {}),
      }));
    }
    const uuid = validateTaskUUID(task);
    if (!uuid.ok) return out.send({ errors: [uuid.error] });
    const tag = { taskType, taskUUID: uuid.value };
    const async = task.deliveryMethod === 'async';
    if (taskType === 'modelSearch') {
      const v = validateModelSearch(task, tag);
      if (!v.ok) return out.send({ errors: [v.error] });
      return this.#generate(tag, 1, v.value.async, out, fault, () => searchModels(v.value, this.#o.images, this.#o.origin()));
    }
    const tool = Object.hasOwn(RUNWARE_TOOLS, taskType) ? RUNWARE_TOOLS[taskType] : undefined;
    if (tool) {
      const run = tool(task, this.#toolContext(tag));
      if (!('produce' in run)) return out.send({ errors: [run] });
      return this.#generate(tag, run.count, async, out, fault, (i) => run.produce(i));
    }
    out.send({
      errors: [
        errorItem('unsupportedTaskType', tag, {
          parameter: 'taskType',
          message: `Task type '${taskType}' is not supported by the emulator.`,
        }),
      ],
    });
  }

  /** Shared life of a paid task: conflict check, async ack, fault, latency, one frame per item. */
  async #generate(
    tag: { readonly taskType: string; readonly taskUUID: string },
    count: number,
    async: boolean,
    out: TaskOutput,
    fault: Fault | undefined,
    produce: ItemProducer,
  ): Promise<void> {
    const { store } = this.#o;
    if (store.isTaken(tag.taskUUID)) {
      out.send({ errors: [errorItem('conflictTaskUUID', tag, { parameter: 'taskUUID' })] });
      return;
    }
    store.begin(tag.taskType, tag.taskUUID, count);
    if (async) {
      out.send({ data: [{ taskType: tag.taskType, taskUUID: tag.taskUUID }] });
      // The work goes on in the background; results are fetched with getResponse.
      void this.#work(tag, count, NULL_OUTPUT, fault, produce);
      return;
    }
    await this.#work(tag, count, out, fault, produce);
  }

  async #work(
    tag: { taskType: string; taskUUID: string },
    count: number,
    out: TaskOutput,
    fault: Fault | undefined,
    produce: ItemProducer,
  ): Promise<void> {
    const { store, timers } = this.#o;
    if (fault?.kind === 'delay') await timers.sleep(fault.ms);
    const latency = drawLatency(this.#o.latency(), this.#o.latencyRandom);
    const failure = fault ? errorItemForFault(fault, tag) : undefined;
    if (failure) {
      await timers.sleep(latency);
      this.#fail(tag.taskUUID, failure, out);
      return;
    }
    if (fault?.kind === 'hang') return;
    const started = performance.now();
    // Ids and seeds are drawn now, in task order, so runs replay; renders run in parallel.
    const pending = Array.from({ length: count }, (_, i) => produce(i));
    const style: SendStyle =
      fault?.kind === 'malformed-json'
        ? 'malformed'
        : fault?.kind === 'garbage-frame'
          ? 'garbage'
          : fault?.kind === 'trickle'
            ? fault
            : 'normal';
    const dropAt = fault?.kind === 'drop-socket' ? (count > 1 ? 1 : 0) : -1;
    let output = out;
    for (let i = 0; i < count; i += 1) {
      let item: Record<string, unknown>;
      try {
        item = await (pending[i] as Promise<Record<string, unknown>>);
      } catch (error) {
        this.#fail(tag.taskUUID, errorItem('internalServerError', tag, { message: `Emulator render failed: ${String(error)}` }), output);
        return;
      }
      // Items finish at different times, spread over the drawn latency.
      await timers.sleep(started + (latency * (i + 1)) / count - performance.now());
      if (i === dropAt) {
        output.drop();
        output = NULL_OUTPUT;
      }
      store.addItem(tag.taskUUID, i, item);
      output.send({ data: [item] }, style);
    }
  }

  #recordInference(model: string, loras: unknown): void {
    const { stats } = this.#o;
    stats.inferenceModels[model] = (stats.inferenceModels[model] ?? 0) + 1;
    for (const { model: lora, weight } of (loras ?? []) as { model: string; weight?: number }[]) stats.loraWeights[lora] = weight ?? 1;
  }

  #fail(taskUUID: string, error: RunwareErrorItem, out: TaskOutput): void {
    this.#o.store.fail(taskUUID, error);
    out.send({ errors: [error] });
  }

  #imageProducer(p: ImageInferenceParams, task: RawTask): ItemProducer {
    const seeds = Array.from({ length: p.numberResults }, (_, i) => (p.seed === undefined ? seed32(this.#o.random) : p.seed + i));
    const ids = Array.from({ length: p.numberResults }, () => uuidFromRandom(this.#o.random));
    const cost = this.#o.costTable[p.model] ?? this.#o.costPerImageUsd;
    return async (i) => {
      const imageUUID = ids[i] as string;
      const seed = seeds[i] as number;
      const prompt = p.positivePrompt === '__BLANK__' ? 'decoration' : p.positivePrompt;
      // Inpainting repaints only the masked pixels of the seed image; anything else is drawn fresh.
      const seedImage = this.#readImage(task.seedImage);
      const maskImage = this.#readImage(task.maskImage);
      const bytes =
        seedImage !== undefined && maskImage !== undefined
          ? await inpaintMasked(seedImage, maskImage, p.width, p.height, p.outputFormat)
          : await renderEmulatedImage({ prompt, seed, width: p.width, height: p.height, format: p.outputFormat });
      this.#o.stats.imagesGenerated += 1;
      return {
        taskType: p.taskType,
        taskUUID: p.taskUUID,
        imageUUID,
        ...this.#output(imageUUID, bytes, p.outputFormat, p.outputType),
        seed,
        ...(p.nsfwCheck ? { NSFWContent: false } : {}),
        ...(p.includeCost ? { cost } : {}),
      };
    };
  }

  #output(imageUUID: string, bytes: Uint8Array, format: ImageFormat, type: OutputType): Record<string, string> {
    if (type === 'URL') return { imageURL: `${this.#o.origin()}${this.#o.images.put(imageUUID, bytes, format)}` };
    const base64 = Buffer.from(bytes).toString('base64');
    if (type === 'base64Data') return { imageBase64Data: base64 };
    return { imageDataURI: `data:${MEDIA_TYPES[format]};base64,${base64}` };
  }

  #toolContext(tag: { taskType: string; taskUUID: string }): ToolContext {
    return {
      tag,
      costUsd: this.#o.costPerToolUsd,
      readImage: (reference) => this.#readImage(reference),
      keepUpload: (bytes) => {
        const imageUUID = uuidFromRandom(this.#o.random);
        this.#uploads.put(imageUUID, bytes, 'png');
        return imageUUID;
      },
      output: (bytes, format, type) => {
        const imageUUID = uuidFromRandom(this.#o.random);
        if (format === 'svg') {
          if (type === 'URL')
            return { imageUUID, imageURL: `${this.#o.origin()}${this.#o.images.put(imageUUID, bytes, 'svg')}` } as Record<
              string,
              string
            > & { imageUUID: string };
          const base64 = Buffer.from(bytes).toString('base64');
          const inline: Record<string, string> =
            type === 'base64Data' ? { imageBase64Data: base64 } : { imageDataURI: `data:image/svg+xml;base64,${base64}` };
          return { imageUUID, ...inline };
        }
        this.#o.stats.imagesGenerated += 1;
        return { imageUUID, ...this.#output(imageUUID, bytes, format, type) };
      },
    };
  }

  /** An image reference as Runware takes it: an uploaded imageUUID, a data URI or raw base64. */
  #readImage(reference: unknown): Uint8Array | undefined {
    if (typeof reference !== 'string') return undefined;
    const uploaded = this.#uploads.bytesOf(reference);
    if (uploaded) return uploaded;
    const base64 = reference.startsWith('data:') ? reference.slice(reference.indexOf(',') + 1) : reference;
    if (!/^[A-Za-z0-9+/]+=*$/.test(base64) || base64.length < 16) return undefined;
    const bytes = Buffer.from(base64, 'base64');
    return bytes.length > 0 ? new Uint8Array(bytes) : undefined;
  }
}
