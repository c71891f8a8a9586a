import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { ImageRequest } from '../contract/image-request.ts';
import {
  extensionForAspect,
  imageTaskInputSchema,
  taskImageCount,
  taskOutputSize,
  TASK_LIMITS,
  VARY_STRENGTH,
  type ImageTask,
  type ImageTaskInput,
  providerTask,
  type ParsedImageTaskInput,
  type TaskSourceImage,
} from '../contract/image-task.ts';
import { isStyleId } from '../contract/styles.ts';
import { MotifError } from '../errors/motif-error.ts';
import { sniffImageFormat } from '../contract/image-format.ts';
import { zodErrorToMotifError } from '../errors/zod-error.ts';
import type { SeamRepairInput } from '../print/seam-repair.ts';
import type { HistoryEntry, Library } from '../library/index.ts';

/** What resolving a task needs from the engine. */
export interface TaskResolverDeps {
  readonly library: () => Library;
  /** The kind of a provider instance (`local`, `runware`), when it still exists. */
  readonly kindOf: (provider: string) => string | undefined;
  readonly random: () => number;
  /** The source offset by half and the mask over its old edges, for a seam repair (remembered: preflight asks often). */
  readonly prepareSeamRepair: (source: TaskSourceImage, band: number) => Promise<SeamRepairInput>;
}

/** A task ready to run: the canonical task, the request that describes its result, and an entry a file became. */
export interface ResolvedTask {
  readonly task: ImageTask;
  readonly request: ImageRequest;
  /** The library entry a dragged-in file was imported as (announced with the job). */
  readonly imported: HistoryEntry | undefined;
}

/** Parses the caller's input: a bad one is `invalid_request` naming the field. */
export function parseTaskInput(input: ImageTaskInput): ParsedImageTaskInput {
  const parsed = imageTaskInputSchema.safeParse(input);
  if (!parsed.success) throw zodErrorToMotifError(parsed.error, { root: 'body' });
  return parsed.data;
}

/**
 * Turns a caller's task into the canonical one: loads the source (importing
 * a file's bytes into the library, so every result has a parent), resolves
 * presets and the target aspect, and checks sizes.
 */
export async function resolveTask(
  input: ParsedImageTaskInput,
  deps: TaskResolverDeps,
  options: { dryRun: boolean },
): Promise<ResolvedTask> {
  const { source, imported } = await loadSource(input.source, deps, options.dryRun);
  const task = await canonicalTask(input, source, deps);
  if (task.kind === 'inpaint') {
    const mask = await inspect(task.mask.bytes, 'mask');
    if (mask.width !== source.width || mask.height !== source.height)
      throw new MotifError('invalid_request', {
        param: 'mask',
        message: `the mask is ${mask.width}x${mask.height}; it must be the image's size, ${source.width}x${source.height}`,
      });
  }
  const size = taskOutputSize(task);
  if (Math.max(size.width, size.height) > TASK_LIMITS.maxOutputSide)
    throw new MotifError('unsupported_size', {
      param: task.kind === 'upscale' ? 'factor' : 'extend',
      message: `the result would be ${size.width}x${size.height}; sides may be at most ${TASK_LIMITS.maxOutputSide} pixels`,
    });
  const run = providerTask(task);
  const prompt = 'prompt' in run ? run.prompt : source.prompt;
  const request: ImageRequest = {
    prompt,
    negativePrompt: undefined,
    style: source.style,
    width: size.width,
    height: size.height,
    count: taskImageCount(task),
    seed: 'seed' in task ? task.seed : (source.seed ?? 0),
    seedExplicit: false,
    format: task.kind === 'remove-background' || task.kind === 'vectorize' ? 'png' : run.source.format,
    model: 'default',
    noCache: input.noCache ?? false,
  };
  return { task, request, imported };
}

async function canonicalTask(input: ParsedImageTaskInput, source: TaskSourceImage, deps: TaskResolverDeps): Promise<ImageTask> {
  const prompt = (given: string | undefined): string => given ?? (source.prompt.trim() || 'the same image');
  switch (input.task) {
    case 'vary':
      return {
        kind: 'vary',
        source,
        strength: typeof input.strength === 'number' ? input.strength : VARY_STRENGTH[input.strength],
        count: input.count,
        prompt: prompt(input.prompt),
        seed: input.seed ?? Math.floor(deps.random() * 2 ** 32),
      };
    case 'outpaint':
      return {
        kind: 'outpaint',
        source,
        extend: 'aspect' in input.extend ? extensionForAspect(source.width, source.height, input.extend.aspect) : input.extend,
        blur: input.blur,
        prompt: prompt(input.prompt),
      };
    case 'inpaint':
      return {
        kind: 'inpaint',
        source,
        mask: { bytes: input.mask, format: sniffImageFormat(input.mask) ?? 'png' },
        maskMargin: input.maskMargin,
        prompt: prompt(input.prompt),
      };
    case 'upscale':
      return { kind: 'upscale', source, factor: input.factor };
    case 'seamless': {
      // The provider repaints where the old edges meet once the image is offset by half; the result's edges are its old middle.
      const repair = await deps.prepareSeamRepair(source, input.band);
      const rolled: TaskSourceImage = {
        ...source,
        bytes: repair.rolled,
        format: 'png',
        width: repair.width,
        height: repair.height,
        hash: createHash('sha256').update(repair.rolled).digest('hex'),
        svg: undefined,
      };
      return {
        kind: 'seamless',
        source,
        band: input.band,
        repair: {
          kind: 'inpaint',
          source: rolled,
          mask: { bytes: repair.mask, format: 'png' },
          maskMargin: undefined,
          prompt: prompt(input.prompt),
        },
      };
    }
    default:
      return { kind: input.task, source };
  }
}

async function loadSource(
  given: ParsedImageTaskInput['source'],
  deps: TaskResolverDeps,
  dryRun: boolean,
): Promise<{ source: TaskSourceImage; imported: HistoryEntry | undefined }> {
  const library = deps.library();
  if ('entryId' in given) {
    const entry = library.get(given.entryId);
    if (!entry) throw new MotifError('not_found', { param: 'source.entryId', message: `No library entry ${given.entryId}.` });
    const { bytes } = await library.readImage(entry.id);
    const svg = entry.vector ? await library.readVector(entry.id) : undefined;
    return { source: sourceOf(entry, bytes, svg, deps), imported: undefined };
  }
  const { format, width, height } = await inspect(given.bytes, 'source.bytes');
  const name = given.name?.trim() ?? '';
  if (dryRun) {
    const hash = createHash('sha256').update(given.bytes).digest('hex');
    const source: TaskSourceImage = {
      entryId: '',
      bytes: given.bytes,
      format,
      width,
      height,
      hash,
      svg: undefined,
      madeBy: { provider: IMPORTED, model: 'file', kind: undefined },
      prompt: name,
      style: 'party',
      seed: undefined,
    };
    return { source, imported: undefined };
  }
  const entry = await library.add({
    bytes: given.bytes,
    entry: {
      jobId: randomUUID(),
      format,
      width,
      height,
      prompt: name,
      style: 'party',
      provider: IMPORTED,
      model: 'file',
      latencyMs: 0,
      fallback: false,
      warnings: [],
      attempts: [],
      task: 'upload',
    },
  });
  return { source: sourceOf(entry, given.bytes, undefined, deps), imported: entry };
}

/** The provider name of entries made from files brought in. */
const IMPORTED = 'import';

function sourceOf(entry: HistoryEntry, bytes: Uint8Array, svg: string | undefined, deps: TaskResolverDeps): TaskSourceImage {
  return {
    entryId: entry.id,
    bytes,
    format: entry.format,
    width: entry.width,
    height: entry.height,
    hash: entry.imageHash,
    svg,
    madeBy: { provider: entry.provider, model: entry.model, kind: deps.kindOf(entry.provider) },
    prompt: entry.prompt,
    style: isStyleId(entry.style) ? entry.style : 'party',
    seed: entry.seed,
  };
}

/** The format and size of image bytes; anything but a readable PNG, JPEG or WebP within the size limit is `invalid_request`. */
async function inspect(
  bytes: Uint8Array,
  param: string,
): Promise<{ format: NonNullable<ReturnType<typeof sniffImageFormat>>; width: number; height: number }> {
  const format = sniffImageFormat(bytes);
  if (!format) throw new MotifError('invalid_request', { param, message: 'the file is not a PNG, JPEG or WebP image' });
  const meta = await sharp(bytes)
    .metadata()
    .catch((error: unknown) => {
      throw new MotifError('invalid_request', { param, message: 'the image could not be read', cause: error });
    });
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1) throw new MotifError('invalid_request', { param, message: 'the image has no size' });
  if (Math.max(width, height) > TASK_LIMITS.maxSourceSide)
    throw new MotifError('unsupported_size', {
      param,
      message: `the image is ${width}x${height}; sides may be at most ${TASK_LIMITS.maxSourceSide} pixels`,
    });
  return { format, width, height };
}
