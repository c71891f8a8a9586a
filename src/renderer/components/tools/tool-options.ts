import type { HistoryEntry, ImageTaskInput } from '../../../shared/motif-bridge.ts';
import { extensionForAspect, TASK_LIMITS } from '../../../shared/catalog.ts';

/** The tools the row offers (importing and captioning happen elsewhere). */
export type ToolId = 'vary' | 'outpaint' | 'inpaint' | 'upscale' | 'remove-background' | 'vectorize' | 'seamless';

export const TOOLS: readonly { readonly id: ToolId; readonly label: string; readonly hint: string }[] = [
  { id: 'vary', label: 'Vary', hint: 'More like this image: subtle or strong variations' },
  { id: 'outpaint', label: 'Extend', hint: 'Widen the image into a banner or another shape' },
  { id: 'inpaint', label: 'Edit area', hint: 'Paint over a part and describe what goes there' },
  { id: 'upscale', label: 'Upscale', hint: 'Twice or four times the pixels, for print' },
  { id: 'remove-background', label: 'Remove background', hint: 'The subject on a transparent background, for stickers' },
  { id: 'vectorize', label: 'Vectorize', hint: 'An SVG of the image, sharp at any size' },
  { id: 'seamless', label: 'Make seamless', hint: 'A tile that repeats without a seam, for wrapping paper' },
];

/** Shapes "Extend" offers; a preset the image already has is left out. */
export const EXTEND_PRESETS: readonly { readonly aspect: string; readonly label: string }[] = [
  { aspect: '3:1', label: 'Banner 3:1' },
  { aspect: '2:1', label: 'Wide 2:1' },
  { aspect: '16:9', label: 'Screen 16:9' },
  { aspect: '4:5', label: 'Portrait 4:5' },
];

/** Upscale factors the row offers (the CLI and API also take ×3). */
export const UPSCALE_FACTORS = [2, 4] as const;

/** The result size of widening `entry` to `aspect`, or undefined when it already has that shape or would be too large. */
export function extendedSize(entry: Pick<HistoryEntry, 'width' | 'height'>, aspect: string): { width: number; height: number } | undefined {
  const extension = extensionForAspect(entry.width, entry.height, aspect);
  const added = extension.top + extension.right + extension.bottom + extension.left;
  if (added === 0) return undefined;
  if (Math.max(extension.top, extension.right, extension.bottom, extension.left) > TASK_LIMITS.maxExtendPx) return undefined;
  const width = entry.width + extension.left + extension.right;
  const height = entry.height + extension.top + extension.bottom;
  return Math.max(width, height) > TASK_LIMITS.maxOutputSide ? undefined : { width, height };
}

/** Whether an upscale by `factor` stays within the largest result the engine makes. */
export function upscaleFits(entry: Pick<HistoryEntry, 'width' | 'height'>, factor: number): boolean {
  return Math.max(entry.width, entry.height) * factor <= TASK_LIMITS.maxOutputSide;
}

/** What each tool's options are while its panel is open. */
export interface ToolChoices {
  readonly strength: 'subtle' | 'strong';
  readonly count: number;
  readonly aspect: string | undefined;
  readonly factor: number;
  /** "Edit area": what goes in the painted area; empty keeps the image's own prompt. */
  readonly prompt: string;
  /** "Edit area": the painted mask as a PNG, once something is painted. */
  readonly mask: Uint8Array<ArrayBuffer> | undefined;
}

export function initialChoices(entry: Pick<HistoryEntry, 'width' | 'height'>): ToolChoices {
  return {
    strength: 'subtle',
    count: 2,
    aspect: EXTEND_PRESETS.find((preset) => extendedSize(entry, preset.aspect) !== undefined)?.aspect,
    factor: UPSCALE_FACTORS.find((factor) => upscaleFits(entry, factor)) ?? 2,
    prompt: '',
    mask: undefined,
  };
}

/** The task request for a tool and its choices, or undefined while a choice is still missing (no mask painted yet). */
export function taskInputFor(tool: ToolId, entry: Pick<HistoryEntry, 'id'>, choices: ToolChoices): ImageTaskInput | undefined {
  const source = { entryId: entry.id };
  const prompt = choices.prompt.trim();
  switch (tool) {
    case 'vary':
      return { task: 'vary', source, strength: choices.strength, count: choices.count };
    case 'outpaint':
      return choices.aspect === undefined ? undefined : { task: 'outpaint', source, extend: { aspect: choices.aspect } };
    case 'inpaint':
      return choices.mask === undefined ? undefined : { task: 'inpaint', source, mask: choices.mask, ...(prompt === '' ? {} : { prompt }) };
    case 'upscale':
      return { task: 'upscale', source, factor: choices.factor as 2 | 3 | 4 };
    case 'remove-background':
      return { task: 'remove-background', source };
    case 'vectorize':
      return { task: 'vectorize', source };
    case 'seamless':
      return { task: 'seamless', source };
  }
}

/** The run button's verb: "Vary 2", "Extend to 3:1", "Upscale ×4". */
export function runLabel(tool: ToolId, choices: ToolChoices): string {
  switch (tool) {
    case 'vary':
      return `Vary ${choices.count}`;
    case 'outpaint':
      return choices.aspect === undefined ? 'Extend' : `Extend to ${choices.aspect}`;
    case 'inpaint':
      return 'Repaint area';
    case 'upscale':
      return `Upscale ×${choices.factor}`;
    case 'remove-background':
      return 'Remove background';
    case 'vectorize':
      return 'Vectorize';
    case 'seamless':
      return 'Repair seam';
  }
}
