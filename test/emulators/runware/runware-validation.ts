import type { ImageFormat } from '../../../src/core/contract/image-request.ts';
import { isUuid } from '../emulator-ids.ts';
import { errorItem, type RunwareErrorItem } from './runware-errors.ts';

/** A task object as it arrives: any JSON object. */
export type RawTask = Readonly<Record<string, unknown>>;

export type OutputType = 'URL' | 'base64Data' | 'dataURI';

/** An `imageInference` task after validation, with defaults filled in. */
export interface ImageInferenceParams {
  readonly taskType: string;
  readonly taskUUID: string;
  readonly model: string;
  readonly positivePrompt: string;
  readonly width: number;
  readonly height: number;
  readonly numberResults: number;
  readonly seed: number | undefined;
  readonly outputType: OutputType;
  readonly outputFormat: ImageFormat;
  readonly includeCost: boolean;
  readonly async: boolean;
  readonly nsfwCheck: boolean;
}

/** A `promptEnhance` task after validation, with the SDK's defaults filled in. */
export interface PromptEnhanceParams {
  readonly taskType: string;
  readonly taskUUID: string;
  readonly prompt: string;
  readonly promptVersions: number;
  readonly promptMaxLength: number;
  readonly includeCost: boolean;
  readonly async: boolean;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RunwareErrorItem };

/** Limits from §3.1 of the reference; the width/height multiple is configurable. */
export interface ValidationLimits {
  readonly dimensionMultiple: number;
}

const DOCS = 'https://runware.ai/docs/en/image-inference/api-reference';
const ENHANCE_DOCS = 'https://runware.ai/docs/en/utilities/prompt-enhancer';
const AIR_PATTERN = /^[\w.-]+:[\w.-]+@[\w.-]+$/;
const FORMATS: Readonly<Record<string, ImageFormat>> = { JPG: 'jpeg', JPEG: 'jpeg', PNG: 'png', WEBP: 'webp' };
const MAX_SEED = 9223372036854776000;

class Invalid extends Error {
  readonly item: RunwareErrorItem;
  constructor(item: RunwareErrorItem) {
    super(item.message);
    this.item = item;
  }
}

const capitalise = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** Shared checks, bound to one task so every error carries its taskType and taskUUID. */
class Checker {
  readonly #task: RawTask;
  readonly #tag: { taskType: string; taskUUID: string | undefined };
  readonly #docs: string;

  constructor(task: RawTask, docs: string) {
    this.#task = task;
    this.#tag = { taskType: String(task.taskType), taskUUID: typeof task.taskUUID === 'string' ? task.taskUUID : undefined };
    this.#docs = docs;
  }

  fail(code: string, parameter: string, message: string, extra: Partial<RunwareErrorItem> = {}): never {
    throw new Invalid(
      errorItem(code, this.#tag, { message, parameter, documentation: `${this.#docs}#request-${parameter.toLowerCase()}`, ...extra }),
    );
  }

  taskUUID(): string {
    const value = this.#task.taskUUID;
    if (value === undefined) this.fail('missingTaskUUID', 'taskUUID', "Missing 'taskUUID' parameter. Every task needs a UUID v4.");
    if (!isUuid(value))
      this.fail('invalidTaskUUID', 'taskUUID', "Invalid value for 'taskUUID' parameter. It must be a UUID v4 string.", { type: 'string' });
    return value;
  }

  /** A number in [min, max]; integer unless `float`; a multiple of `multiple` when given. */
  number(
    name: string,
    options: { min: number; max: number; required?: boolean; float?: boolean; multiple?: number; fallback?: number },
  ): number | undefined {
    const value = this.#task[name];
    if (value === undefined || value === null) {
      if (options.required) this.fail(`missing${capitalise(name)}`, name, `Missing '${name}' parameter.`);
      return options.fallback;
    }
    const kind = options.float ? 'float' : 'integer';
    const multiple = options.multiple ?? 1;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (options.float || Number.isInteger(value)) &&
      value >= options.min &&
      value <= options.max &&
      (multiple === 1 || value % multiple === 0);
    if (!ok) {
      const tail = multiple === 1 ? '' : `, in multiples of '${multiple}'`;
      this.fail(
        `invalid${capitalise(name)}`,
        name,
        `Invalid value for '${name}' parameter. It must be an ${kind} value between ${options.min} and ${options.max}${tail}.`,
        { type: kind, min: options.min, max: options.max, ...(multiple === 1 ? {} : { multiplier: multiple }) },
      );
    }
    return value as number;
  }

  string(name: string, options: { min: number; max: number; required?: boolean; blankAllowed?: boolean }): string | undefined {
    const value = this.#task[name];
    if (value === undefined || value === null) {
      if (options.required) this.fail(`missing${capitalise(name)}`, name, `Missing '${name}' parameter.`);
      return undefined;
    }
    if (typeof value !== 'string')
      this.fail(`invalid${capitalise(name)}`, name, `Invalid value for '${name}' parameter. It must be a string.`, { type: 'string' });
    if (options.blankAllowed && value === '__BLANK__') return value;
    if (value.length < options.min || value.length > options.max) {
      this.fail(
        `invalid${capitalise(name)}`,
        name,
        `Invalid value for '${name}' parameter. Its length must be between ${options.min} and ${options.max} characters.`,
        { type: 'string', min: options.min, max: options.max },
      );
    }
    return value;
  }

  choice<T extends string>(name: string, allowed: readonly T[], fallback: T, caseInsensitive = false): T {
    const value = this.#task[name];
    if (value === undefined || value === null) return fallback;
    const found =
      typeof value === 'string'
        ? allowed.find((a) => (caseInsensitive ? a.toLowerCase() === value.toLowerCase() : a === value))
        : undefined;
    if (found === undefined)
      this.fail(`invalid${capitalise(name)}`, name, `Invalid value for '${name}' parameter. It must be one of: ${allowed.join(', ')}.`, {
        type: 'string',
      });
    return found;
  }

  boolean(name: string): boolean {
    const value = this.#task[name];
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean')
      this.fail(`invalid${capitalise(name)}`, name, `Invalid value for '${name}' parameter. It must be a boolean.`, { type: 'boolean' });
    return value;
  }
}

function run<T>(body: () => T): Validated<T> {
  try {
    return { ok: true, value: body() };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.item };
    throw error;
  }
}

/** Validates an `imageInference` task per §3.1 (first failing parameter wins). Unknown fields are accepted and ignored. */
export function validateImageInference(task: RawTask, limits: ValidationLimits): Validated<ImageInferenceParams> {
  return run(() => {
    const c = new Checker(task, DOCS);
    const taskUUID = c.taskUUID();
    const positivePrompt = c.string('positivePrompt', { min: 2, max: 3000, required: true, blankAllowed: true }) as string;
    c.string('negativePrompt', { min: 2, max: 3000 });
    const model = c.string('model', { min: 1, max: 300, required: true }) as string;
    if (!AIR_PATTERN.test(model))
      c.fail('invalidModel', 'model', "Invalid value for 'model' parameter. It must be an AIR identifier like 'runware:101@1'.", {
        type: 'string',
      });
    const dimension = { min: 128, max: 2048, required: true, multiple: limits.dimensionMultiple };
    const width = c.number('width', dimension) as number;
    const height = c.number('height', dimension) as number;
    c.number('steps', { min: 1, max: 100 });
    c.number('CFGScale', { min: 0, max: 50, float: true });
    const numberResults = c.number('numberResults', { min: 1, max: 20, fallback: 1 }) as number;
    const seed = c.number('seed', { min: 1, max: MAX_SEED });
    c.number('clipSkip', { min: 0, max: 2 });
    c.number('strength', { min: 0, max: 1, float: true });
    c.number('outputQuality', { min: 20, max: 99 });
    c.number('ttl', { min: 60, max: Number.MAX_SAFE_INTEGER });
    const outputType = c.choice<OutputType>('outputType', ['URL', 'base64Data', 'dataURI'], 'URL');
    const format = c.choice('outputFormat', ['JPG', 'JPEG', 'PNG', 'WEBP'], 'JPG', true);
    const includeCost = c.boolean('includeCost');
    const delivery = c.choice('deliveryMethod', ['sync', 'async'], 'sync');
    const safety = task.safety;
    const nsfwCheck =
      c.boolean('checkNSFW') ||
      (typeof safety === 'object' &&
        safety !== null &&
        ((safety as Record<string, unknown>).checkContent === true ||
          ['fast', 'full'].includes(String((safety as Record<string, unknown>).mode))));
    return {
      taskType: String(task.taskType),
      taskUUID,
      model,
      positivePrompt,
      width,
      height,
      numberResults,
      seed,
      outputType,
      outputFormat: FORMATS[format] ?? 'jpeg',
      includeCost,
      async: delivery === 'async',
      nsfwCheck,
    };
  });
}

/** Validates a `promptEnhance` task per §4.1, filling in the JS SDK's defaults (1 version, 380 tokens). */
export function validatePromptEnhance(task: RawTask): Validated<PromptEnhanceParams> {
  return run(() => {
    const c = new Checker(task, ENHANCE_DOCS);
    const taskUUID = c.taskUUID();
    const prompt = c.string('prompt', { min: 1, max: 300, required: true }) as string;
    const promptVersions = c.number('promptVersions', { min: 1, max: 5, fallback: 1 }) as number;
    const promptMaxLength = c.number('promptMaxLength', { min: 12, max: 400, fallback: 380 }) as number;
    const includeCost = c.boolean('includeCost');
    const delivery = c.choice('deliveryMethod', ['sync', 'async'], 'sync');
    return { taskType: String(task.taskType), taskUUID, prompt, promptVersions, promptMaxLength, includeCost, async: delivery === 'async' };
  });
}

/** Checks only the taskUUID, for tasks with no other required fields. */
export function validateTaskUUID(task: RawTask): Validated<string> {
  return run(() => new Checker(task, DOCS).taskUUID());
}
