import sharp, { type Sharp } from 'sharp';
import type { ImageFormat } from '../../../src/core/contract/image-request.ts';
import { errorItem, type RunwareErrorItem } from './runware-errors.ts';
import type { OutputType, RawTask } from './runware-validation.ts';

/**
 * Runware's image tools in the emulator, one entry per task in {@link RUNWARE_TOOLS}:
 * a new task (e.g. `modelSearch`) is one more entry. Every tool works on real
 * pixels with sharp, so tests can check what a designer would see: an upscale
 * really is larger, a removed background really is transparent, a vectorize
 * really is SVG, a caption is read from the image.
 */

/** What a tool handler may use. */
export interface ToolContext {
  readonly tag: { readonly taskType: string; readonly taskUUID: string };
  /** Reads an image reference (an uploaded imageUUID, a data URI or raw base64); undefined when unknown. */
  readImage(reference: unknown): Uint8Array | undefined;
  /** Keeps uploaded bytes and returns their new imageUUID. */
  keepUpload(bytes: Uint8Array): string;
  /** Puts image bytes on the reply in the requested output type. */
  output(bytes: Uint8Array, format: ImageFormat | 'svg', type: OutputType): Record<string, string> & { imageUUID: string };
  /** The configured cost of this tool (with `includeCost`). */
  readonly costUsd: number;
}

/** A validated tool call: how many items it answers with and how to make item `i`. */
interface ToolRun {
  readonly count: number;
  produce(index: number): Promise<Record<string, unknown>>;
}

export type ToolHandler = (task: RawTask, ctx: ToolContext) => ToolRun | RunwareErrorItem;

const outputTypeOf = (task: RawTask): OutputType =>
  task.outputType === 'base64Data' || task.outputType === 'dataURI' ? task.outputType : 'URL';

const formatOf = (task: RawTask, fallback: ImageFormat): ImageFormat => {
  const given = String(task.outputFormat ?? '').toUpperCase();
  return given === 'PNG' ? 'png' : given === 'WEBP' ? 'webp' : given === 'JPG' || given === 'JPEG' ? 'jpeg' : fallback;
};

/** The image named by `inputImage` (or `inputs.image`), or the error Runware gives for a missing one. */
function inputOf(task: RawTask, ctx: ToolContext): Uint8Array | RunwareErrorItem {
  const inputs = task.inputs as { image?: unknown } | undefined;
  const reference = task.inputImage ?? inputs?.image;
  const parameter = task.inputImage === undefined && inputs?.image !== undefined ? 'inputs.image' : 'inputImage';
  if (typeof reference !== 'string' || reference === '')
    return errorItem('missingInputImage', ctx.tag, { parameter, message: `Missing '${parameter}' parameter.` });
  const bytes = ctx.readImage(reference);
  if (bytes === undefined)
    return errorItem('invalidInputImage', ctx.tag, {
      parameter,
      message: `'${parameter}' is not an uploaded image, a data URI or base64 image.`,
    });
  return bytes;
}

const encode = (image: Sharp, format: ImageFormat): Promise<Buffer> =>
  format === 'png'
    ? image.png().toBuffer()
    : format === 'webp'
      ? image.webp().toBuffer()
      : image.flatten({ background: '#ffffff' }).jpeg().toBuffer();

const single = (produce: () => Promise<Record<string, unknown>>): ToolRun => ({ count: 1, produce });

const withCost = (task: RawTask, ctx: ToolContext): Record<string, number> => (task.includeCost === true ? { cost: ctx.costUsd } : {});

/** Every tool, by the task names Runware accepts (legacy names echo back as sent, §4.8). */
export const RUNWARE_TOOLS: Readonly<Record<string, ToolHandler>> = {
  imageUpload(task, ctx) {
    if (typeof task.image !== 'string' || task.image.length === 0)
      return errorItem('missingImage', ctx.tag, { parameter: 'image', message: "Missing 'image' parameter." });
    const bytes = ctx.readImage(task.image);
    if (bytes === undefined) return errorItem('invalidImage', ctx.tag, { parameter: 'image', message: "'image' is not a readable image." });
    return single(async () => {
      await sharp(bytes).metadata();
      const imageUUID = ctx.keepUpload(bytes);
      return { ...ctx.tag, imageUUID };
    });
  },

  upscale(task, ctx) {
    const input = inputOf(task, ctx);
    if (!(input instanceof Uint8Array)) return input;
    const factor = task.upscaleFactor ?? 2;
    if (factor !== 2 && factor !== 4)
      return errorItem('invalidUpscaleFactor', ctx.tag, { parameter: 'upscaleFactor', message: 'upscaleFactor must be 2 or 4.' });
    return single(async () => {
      const meta = await sharp(input).metadata();
      const format = formatOf(task, 'jpeg');
      const bytes = await encode(
        sharp(input).resize((meta.width ?? 1) * factor, (meta.height ?? 1) * factor, { kernel: 'lanczos3' }),
        format,
      );
      return { ...ctx.tag, ...ctx.output(bytes, format, outputTypeOf(task)), ...withCost(task, ctx) };
    });
  },

  removeBackground(task, ctx) {
    const input = inputOf(task, ctx);
    if (!(input instanceof Uint8Array)) return input;
    return single(async () => {
      const bytes = await removeBackground(input);
      return { ...ctx.tag, ...ctx.output(bytes, 'png', outputTypeOf(task)), ...withCost(task, ctx) };
    });
  },

  caption(task, ctx) {
    const input = inputOf(task, ctx);
    if (!(input instanceof Uint8Array)) return input;
    return single(async () => ({ ...ctx.tag, text: await describe(input), ...withCost(task, ctx) }));
  },

  vectorize(task, ctx) {
    const input = inputOf(task, ctx);
    if (!(input instanceof Uint8Array)) return input;
    return single(async () => {
      const svg = await traceToSvg(input);
      return { ...ctx.tag, ...ctx.output(new TextEncoder().encode(svg), 'svg', outputTypeOf(task)), ...withCost(task, ctx) };
    });
  },
};
// The names the Python SDK still sends.
Object.assign(RUNWARE_TOOLS, {
  imageUpscale: RUNWARE_TOOLS.upscale,
  imageBackgroundRemoval: RUNWARE_TOOLS.removeBackground,
  imageCaption: RUNWARE_TOOLS.caption,
});

/**
 * Background removal by flood fill from the border: pixels connected to the
 * edge whose colour is close to the corner's become fully transparent. Real
 * alpha, and corners that are always see-through.
 */
async function removeBackground(input: Uint8Array): Promise<Buffer> {
  const { data, info } = await sharp(input).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const at = (x: number, y: number): number => (y * width + x) * 4;
  const ref = [data[0]!, data[1]!, data[2]!];
  const close = (i: number): boolean =>
    Math.abs(data[i]! - ref[0]!) + Math.abs(data[i + 1]! - ref[1]!) + Math.abs(data[i + 2]! - ref[2]!) < 60;
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  for (let x = 0; x < width; x += 1) stack.push(x, 0, x, height - 1);
  for (let y = 0; y < height; y += 1) stack.push(0, y, width - 1, y);
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (x < 0 || y < 0 || x >= width || y >= height || seen[y * width + x]) continue;
    seen[y * width + x] = 1;
    const i = at(x, y);
    const border = x === 0 || y === 0 || x === width - 1 || y === height - 1;
    if (!border && !close(i)) continue;
    data[i + 3] = 0;
    stack.push(x + 1, y, x - 1, y, x, y + 1, x, y - 1);
  }
  return sharp(data, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}

/** A caption read from the pixels: the size, the shape and the main colour. */
async function describe(input: Uint8Array): Promise<string> {
  const meta = await sharp(input).metadata();
  const { dominant } = await sharp(input).stats();
  const shape = (meta.width ?? 1) > (meta.height ?? 1) ? 'landscape' : (meta.width ?? 1) < (meta.height ?? 1) ? 'portrait' : 'square';
  return `a ${shape} ${meta.width}x${meta.height} image, mostly ${colourName(dominant.r, dominant.g, dominant.b)}`;
}

function colourName(r: number, g: number, b: number): string {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 30) return max > 200 ? 'white' : max < 60 ? 'black' : 'grey';
  if (r === max) return g > b + 40 ? 'orange or yellow' : 'red';
  if (g === max) return 'green';
  return 'blue';
}

/** A real SVG: the image reduced to 16×16 cells, each a rect of its average colour. */
async function traceToSvg(input: Uint8Array): Promise<string> {
  const meta = await sharp(input).metadata();
  const width = meta.width ?? 1;
  const height = meta.height ?? 1;
  const cells = 16;
  const { data } = await sharp(input).removeAlpha().resize(cells, cells, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  const w = width / cells;
  const h = height / cells;
  const rects: string[] = [];
  for (let y = 0; y < cells; y += 1)
    for (let x = 0; x < cells; x += 1) {
      const i = (y * cells + x) * 3;
      const hex = [data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('');
      rects.push(
        `<rect x="${(x * w).toFixed(2)}" y="${(y * h).toFixed(2)}" width="${w.toFixed(2)}" height="${h.toFixed(2)}" fill="#${hex}"/>`,
      );
    }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rects.join('')}</svg>`;
}
