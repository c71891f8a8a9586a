import type { ImageTaskKind } from './request-limits.ts';

/*
 * The plain words and geometry of the image tools, without zod, so the
 * renderer can show them (through `src/shared/catalog.ts`); `image-task.ts`
 * re-exports them for the engine.
 */

/** Extra pixels per side. */
export interface Extension {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** The extension that widens or heightens `width × height` to `aspect`, split evenly (the odd pixel goes right or bottom). */
export function extensionForAspect(width: number, height: number, aspect: string): Extension {
  const [a, b] = aspect.split(':').map(Number) as [number, number];
  const target = a / b;
  if (width / height < target) {
    const extra = Math.round(height * target) - width;
    return { top: 0, bottom: 0, left: Math.floor(extra / 2), right: Math.ceil(extra / 2) };
  }
  const extra = Math.round(width / target) - height;
  return { left: 0, right: 0, top: Math.floor(extra / 2), bottom: Math.ceil(extra / 2) };
}

/** Words for a task in the queue, the lineage line and the CLI: "Upscale ×2". */
export function describeTask(task: { readonly kind: ImageTaskKind; readonly factor?: number }): string {
  switch (task.kind) {
    case 'upload':
      return 'Import';
    case 'vary':
      return 'Vary';
    case 'outpaint':
      return 'Extend';
    case 'inpaint':
      return 'Edit area';
    case 'upscale':
      return task.factor === undefined ? 'Upscale' : `Upscale ×${task.factor}`;
    case 'remove-background':
      return 'Remove background';
    case 'caption':
      return 'Caption';
    case 'vectorize':
      return 'Vectorize';
    case 'seamless':
      return 'Repair seam';
  }
}
