import type { ProviderWarning, TaskSupport } from '../../contract/image-provider.ts';
import type { ImageFormat } from '../../contract/image-request.ts';
import type { ProviderTask } from '../../contract/image-task.ts';
import { applyStyle } from '../../contract/styles.ts';
import { RUNWARE_MODELS, snapToGrid, type RunwareOutputType } from './runware-image-model.ts';
import type { RunwareTaskPayload } from './runware-protocol.ts';

/**
 * Runware's image tools, mapped from the canonical tasks (runware-api.md §4.3–4.9,
 * checked against `@runware/sdk-js`: `imageUpload{image}`, `upscale{inputImage,
 * upscaleFactor}`, `removeBackground{inputImage}`, `caption{inputImage}`,
 * `vectorize{inputs:{image}}`, and `imageInference` with `seedImage`, `strength`,
 * `maskImage`, `maskMargin`, `outpaint`).
 */

/** Models per tool, and their list prices in USD (estimates; each reply's `cost` is what is recorded). */
const RUNWARE_TOOL_MODELS = {
  edit: 'runware:101@1',
  upscale: 'runware:500@1',
  removeBackground: 'runware:109@1',
  caption: 'runware:150@2',
  vectorize: 'recraft:1@1',
} as const;

export const RUNWARE_TASKS: readonly TaskSupport[] = [
  { task: 'upload', model: 'imageUpload', label: 'Upload once, reuse its image id', priceUsd: 0 },
  { task: 'vary', model: RUNWARE_TOOL_MODELS.edit, label: 'FLUX.1 dev image-to-image', priceUsd: 0.0038 },
  { task: 'outpaint', model: RUNWARE_TOOL_MODELS.edit, label: 'FLUX.1 dev outpaint', priceUsd: 0.0038 },
  { task: 'inpaint', model: RUNWARE_TOOL_MODELS.edit, label: 'FLUX.1 dev inpaint', priceUsd: 0.0038 },
  { task: 'upscale', model: RUNWARE_TOOL_MODELS.upscale, label: 'Upscale', priceUsd: 0.002 },
  { task: 'remove-background', model: RUNWARE_TOOL_MODELS.removeBackground, label: 'RemBG', priceUsd: 0.0006 },
  { task: 'caption', model: RUNWARE_TOOL_MODELS.caption, label: 'Caption', priceUsd: 0.0002 },
  { task: 'vectorize', model: RUNWARE_TOOL_MODELS.vectorize, label: 'Recraft vectorize', priceUsd: 0.01 },
];

/** Runware upscales by 2 or 4 (§4.6) and caps the result at 4096 px a side. */
const UPSCALE_FACTORS = [2, 4] as const;
const UPSCALE_MAX_SIDE = 4096;

const OUTPUT_FORMATS: Readonly<Record<ImageFormat, string>> = { png: 'PNG', jpeg: 'JPG', webp: 'WEBP' };

/** What a tool's payload needs besides the task: the uploaded images' ids and the call's settings. */
export interface RunwareToolContext {
  readonly taskUUID: string;
  readonly outputType: RunwareOutputType;
  /** The Runware imageUUID of the source (uploaded once, reused). */
  readonly sourceImage: string;
  /** The Runware imageUUID of the inpaint mask. */
  readonly maskImage: string | undefined;
}

/** One Runware task for one canonical tool, and what the reply will hold. */
export interface MappedTool {
  readonly payload: RunwareTaskPayload;
  readonly warnings: readonly ProviderWarning[];
  /** Images (or, for caption, texts) the reply holds. */
  readonly expected: number;
  /** The size Runware renders; a ×3 upscale is made as ×4 and scaled down to `finalWidth`. */
  readonly width: number;
  readonly height: number;
  readonly finalWidth: number;
  readonly finalHeight: number;
  readonly format: ImageFormat;
  /** Read the reply as text (caption) or an SVG (vectorize) instead of a raster. */
  readonly reply: 'image' | 'text' | 'svg';
}

/** Maps a canonical tool to its Runware task. `upload` is not mapped: it is the upload itself. */
export function buildToolTask(task: Exclude<ProviderTask, { kind: 'upload' }>, ctx: RunwareToolContext): MappedTool {
  const { source } = task;
  const base = { taskUUID: ctx.taskUUID, includeCost: true };
  const output = (format: ImageFormat): Record<string, string> => ({ outputType: ctx.outputType, outputFormat: OUTPUT_FORMATS[format] });
  const same = { width: source.width, height: source.height, finalWidth: source.width, finalHeight: source.height };
  switch (task.kind) {
    case 'upscale': {
      const factor = UPSCALE_FACTORS.find((f) => f >= task.factor) ?? 4;
      const warnings: ProviderWarning[] =
        factor === task.factor
          ? []
          : [
              {
                type: 'compatibility',
                setting: 'factor',
                details: `Runware upscales ×2 or ×4: ×${factor} was made and scaled down to ×${task.factor}`,
              },
            ];
      const width = source.width * factor;
      const height = source.height * factor;
      if (Math.max(width, height) > UPSCALE_MAX_SIDE)
        warnings.push({ type: 'other', message: `Runware caps upscales at ${UPSCALE_MAX_SIDE} px a side; the result may be smaller` });
      return {
        payload: {
          taskType: 'upscale',
          ...base,
          inputImage: ctx.sourceImage,
          model: RUNWARE_TOOL_MODELS.upscale,
          upscaleFactor: factor,
          ...output(source.format),
        },
        warnings,
        expected: 1,
        width,
        height,
        finalWidth: source.width * task.factor,
        finalHeight: source.height * task.factor,
        format: source.format,
        reply: 'image',
      };
    }
    case 'remove-background':
      return {
        payload: {
          taskType: 'removeBackground',
          ...base,
          inputImage: ctx.sourceImage,
          model: RUNWARE_TOOL_MODELS.removeBackground,
          ...output('png'),
        },
        warnings: [],
        expected: 1,
        ...same,
        format: 'png',
        reply: 'image',
      };
    case 'caption':
      return {
        payload: { taskType: 'caption', ...base, inputImage: ctx.sourceImage, model: RUNWARE_TOOL_MODELS.caption },
        warnings: [],
        expected: 1,
        ...same,
        format: source.format,
        reply: 'text',
      };
    case 'vectorize':
      return {
        payload: {
          taskType: 'vectorize',
          ...base,
          model: RUNWARE_TOOL_MODELS.vectorize,
          inputs: { image: ctx.sourceImage },
          outputType: ctx.outputType,
          outputFormat: 'SVG',
        },
        warnings: [],
        expected: 1,
        ...same,
        format: 'png',
        reply: 'svg',
      };
    default:
      return buildEditTask(task, ctx);
  }
}

/** Vary, outpaint and inpaint: `imageInference` from the uploaded source, on Runware's 64-px grid. */
function buildEditTask(task: Extract<ProviderTask, { kind: 'vary' | 'outpaint' | 'inpaint' }>, ctx: RunwareToolContext): MappedTool {
  const { source } = task;
  const warnings: ProviderWarning[] = [];
  const model = RUNWARE_TOOL_MODELS.edit;
  const spec = RUNWARE_MODELS[model];
  const styled = applyStyle(task.prompt, source.style);
  let wanted = { width: source.width, height: source.height };
  const extra: Record<string, unknown> = {};
  if (task.kind === 'vary') Object.assign(extra, { strength: task.strength, numberResults: task.count, seed: task.seed || 1 });
  if (task.kind === 'inpaint')
    Object.assign(extra, { maskImage: ctx.maskImage, ...(task.maskMargin === undefined ? {} : { maskMargin: task.maskMargin }) });
  if (task.kind === 'outpaint') {
    // Each side's extension goes up to a multiple of 64 (§3.1); the result is that much larger.
    const up = (px: number): number => Math.ceil(px / 64) * 64;
    const e = task.extend;
    const outpaint = { top: up(e.top), right: up(e.right), bottom: up(e.bottom), left: up(e.left), blur: task.blur };
    if (outpaint.top !== e.top || outpaint.right !== e.right || outpaint.bottom !== e.bottom || outpaint.left !== e.left)
      warnings.push({
        type: 'compatibility',
        setting: 'extend',
        details: 'Runware extends by multiples of 64 px; each side was rounded up',
      });
    wanted = { width: source.width + outpaint.left + outpaint.right, height: source.height + outpaint.top + outpaint.bottom };
    extra.outpaint = outpaint;
  }
  const width = snapToGrid(wanted.width);
  const height = snapToGrid(wanted.height);
  if (width !== wanted.width || height !== wanted.height)
    warnings.push({
      type: 'compatibility',
      setting: 'size',
      details: `Runware renders sides that are multiples of 64 from 128 to 2048: ${wanted.width}x${wanted.height} became ${width}x${height}`,
    });
  return {
    payload: {
      taskType: 'imageInference',
      taskUUID: ctx.taskUUID,
      model,
      positivePrompt: styled.prompt.slice(0, 3000),
      seedImage: ctx.sourceImage,
      width,
      height,
      ...(spec === undefined ? {} : { steps: spec.steps, CFGScale: spec.CFGScale }),
      numberResults: 1,
      outputType: ctx.outputType,
      outputFormat: OUTPUT_FORMATS[source.format],
      includeCost: true,
      ...extra,
    },
    warnings,
    expected: task.kind === 'vary' ? task.count : 1,
    width,
    height,
    finalWidth: width,
    finalHeight: height,
    format: source.format,
    reply: 'image',
  };
}

/** A data URI of image bytes, as `imageUpload` takes it. */
export function imageDataUri(bytes: Uint8Array, format: ImageFormat): string {
  const type = format === 'jpeg' ? 'image/jpeg' : `image/${format}`;
  return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
}
