import sharp from 'sharp';
import type { GeneratedImage, TaskSupport } from '../../contract/image-provider.ts';
import { describeTask, type ProviderTask, type TaskSourceImage } from '../../contract/image-task.ts';
import { MotifError } from '../../errors/motif-error.ts';
import { renderDesign } from './render-decoration.ts';

/** The model the offline engine runs its tools with: the design's own recipe. */
const LOCAL_TOOL_MODEL = 'procedural-v1';

/**
 * The tools the offline engine can run honestly, and only on its own designs:
 * it redraws the design instead of guessing pixels. Upscale re-renders the SVG
 * twin at the larger size; remove background redraws the design without its
 * backdrop; vectorize hands over the SVG twin it already drew.
 */
export const LOCAL_TASKS: readonly TaskSupport[] = [
  { task: 'upscale', model: LOCAL_TOOL_MODEL, label: 'Redraw larger', priceUsd: 0 },
  { task: 'remove-background', model: LOCAL_TOOL_MODEL, label: 'Redraw without background', priceUsd: 0 },
  { task: 'vectorize', model: LOCAL_TOOL_MODEL, label: 'Its own SVG', priceUsd: 0 },
];

/** Why the offline engine cannot run this task, or undefined when it can. */
export function declineLocalTask(task: ProviderTask, ownKinds: ReadonlySet<string>): string | undefined {
  if (!LOCAL_TASKS.some((t) => t.task === task.kind))
    return `does not offer ${describeTask({ kind: task.kind })} (it only redraws its own designs)`;
  const { source } = task;
  if (source.madeBy.kind === undefined || !ownKinds.has(source.madeBy.kind) || source.svg === undefined)
    return 'works only on its own designs, which it can redraw';
  if (task.kind === 'remove-background' && source.seed === undefined) return 'cannot redraw this design: its seed is not recorded';
  return undefined;
}

/** Runs one of {@link LOCAL_TASKS} on an offline design. */
export async function runLocalTask(task: ProviderTask): Promise<GeneratedImage> {
  const { source } = task;
  const svg = source.svg;
  if (svg === undefined) throw new MotifError('unsupported_task', { provider: 'local', message: 'The design has no vector twin.' });
  switch (task.kind) {
    case 'upscale':
      return rasterise(svg, source, task.factor, source.format);
    case 'vectorize':
      return { ...(await rasterise(svg, source, 1, 'png')), svg };
    case 'remove-background': {
      const design = await renderDesign({
        prompt: source.prompt,
        style: source.style,
        seed: source.seed ?? 0,
        width: source.width,
        height: source.height,
        format: 'png',
        omitBackdrop: true,
      });
      return image(design.bytes, 'png', source.width, source.height, design.svg);
    }
    default:
      throw new MotifError('unsupported_task', { provider: 'local', message: `The offline engine does not run ${task.kind}.` });
  }
}

/** The SVG drawn at `factor` times the source's size: the same design, sharp at every size. */
async function rasterise(svg: string, source: TaskSourceImage, factor: number, format: TaskSourceImage['format']): Promise<GeneratedImage> {
  const width = source.width * factor;
  const height = source.height * factor;
  // density 72 = one SVG unit per pixel; scaling the density scales the drawing.
  let pipeline = sharp(Buffer.from(svg), { density: 72 * factor }).resize(width, height, { fit: 'fill' });
  if (format === 'jpeg') pipeline = pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 90 });
  else if (format === 'webp') pipeline = pipeline.webp({ quality: 90 });
  else pipeline = pipeline.png({ compressionLevel: 6 });
  const buffer = await pipeline.toBuffer();
  return image(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), format, width, height, undefined);
}

function image(
  bytes: Uint8Array,
  format: GeneratedImage['format'],
  width: number,
  height: number,
  svg: string | undefined,
): GeneratedImage {
  return { bytes, format, width, height, seed: undefined, costUsd: 0, ...(svg === undefined ? {} : { svg }) };
}
