import sharp from 'sharp';
// The same undici as the provider's fetch: its FormData is the one that fetch encodes as multipart.
import { FormData } from 'undici';
import type { ProviderWarning, TaskSupport } from '../../contract/image-provider.ts';
import type { ProviderTask } from '../../contract/image-task.ts';
import { applyStyle } from '../../contract/styles.ts';
import type { OpenAIModelSpec } from './openai-models.ts';

/** Models that take `POST /images/edits`, best first. */
const EDIT_MODELS = ['gpt-image-1', 'dall-e-2'] as const;

/** The edit model this instance offers, if any. */
export function editModel(specs: ReadonlyMap<string, OpenAIModelSpec>): OpenAIModelSpec | undefined {
  for (const id of EDIT_MODELS) {
    const spec = specs.get(id);
    if (spec) return spec;
  }
  return undefined;
}

/** Vary and edit-area through `/images/edits`, priced per image at the model's square size. */
export function openAITasks(spec: OpenAIModelSpec | undefined): TaskSupport[] {
  if (!spec) return [];
  const price = spec.priceBySize['1024x1024'] ?? Object.values(spec.priceBySize)[0];
  return [
    { task: 'vary', model: spec.id, label: `${spec.label} edit`, priceUsd: price },
    { task: 'inpaint', model: spec.id, label: `${spec.label} edit with mask`, priceUsd: price },
  ];
}

/** The multipart body of one edit, and the size it asks for. */
export interface EditCall {
  readonly form: FormData;
  readonly width: number;
  readonly height: number;
  readonly count: number;
  readonly warnings: readonly ProviderWarning[];
}

/**
 * Builds the `/images/edits` form: the source resized to the model's size of
 * closest shape (PNG), for inpaint a mask whose transparent pixels are the area
 * to repaint (OpenAI's convention; ours is white = repaint), the styled prompt and `n`.
 */
export async function buildEditCall(task: Extract<ProviderTask, { kind: 'vary' | 'inpaint' }>, spec: OpenAIModelSpec): Promise<EditCall> {
  const { source } = task;
  const aspect = source.width / source.height;
  const size = [...spec.sizes].sort((a, b) => Math.abs(ratio(a) - aspect) - Math.abs(ratio(b) - aspect))[0] ?? '1024x1024';
  const [width, height] = size.split('x').map(Number) as [number, number];
  const warnings: ProviderWarning[] = [];
  if (width !== source.width || height !== source.height)
    warnings.push({
      type: 'compatibility',
      setting: 'size',
      details: `${spec.label} edits at ${size}; the ${source.width}x${source.height} image was resized to it`,
    });
  if (task.kind === 'vary')
    warnings.push({
      type: 'unsupported-setting',
      setting: 'strength',
      details: `${spec.label} has no strength setting; the prompt guides how far results move`,
    });
  const image = await sharp(source.bytes).resize(width, height, { fit: 'fill' }).png().toBuffer();
  const form = new FormData();
  form.set('model', spec.id);
  form.set('image', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'image.png');
  form.set('prompt', applyStyle(task.prompt, source.style).prompt.slice(0, spec.maxPromptChars));
  const count = task.kind === 'vary' ? task.count : 1;
  form.set('n', String(count));
  form.set('size', size);
  if (!spec.outputFormatParam) form.set('response_format', 'b64_json');
  if (task.kind === 'inpaint') {
    const alpha = await sharp(task.mask.bytes).resize(width, height, { fit: 'fill' }).greyscale().negate().raw().toBuffer();
    const mask = await sharp({ create: { width, height, channels: 3, background: '#000000' } })
      .joinChannel(alpha, { raw: { width, height, channels: 1 } })
      .png()
      .toBuffer();
    form.set('mask', new Blob([new Uint8Array(mask)], { type: 'image/png' }), 'mask.png');
  }
  return { form, width, height, count, warnings };
}

const ratio = (size: string): number => {
  const [w, h] = size.split('x').map(Number) as [number, number];
  return w / h;
};
