import { describe, expect, it } from 'vitest';
import type { ProviderTask, TaskSourceImage } from '../../contract/image-task.ts';
import { buildToolTask, imageDataUri, type RunwareToolContext } from './runware-tools.ts';

const source: TaskSourceImage = {
  entryId: 'e1',
  bytes: new Uint8Array([1]),
  format: 'png',
  width: 512,
  height: 512,
  hash: 'a'.repeat(64),
  svg: undefined,
  madeBy: { provider: 'runware', model: 'runware:101@1', kind: 'runware' },
  prompt: 'pink flamingo',
  style: 'party',
  seed: 9,
};
const ctx: RunwareToolContext = { taskUUID: 'task-1', outputType: 'base64Data', sourceImage: 'img-1', maskImage: 'mask-1' };
const build = (task: Exclude<ProviderTask, { kind: 'upload' }>) => buildToolTask(task, ctx);

describe('Runware tool mapping (runware-api.md §4, checked against @runware/sdk-js)', () => {
  it('upscale: inputImage is the uploaded id, upscaleFactor as asked, cost included', () => {
    const mapped = build({ kind: 'upscale', source, factor: 2 });
    expect(mapped.payload).toEqual({
      taskType: 'upscale',
      taskUUID: 'task-1',
      includeCost: true,
      inputImage: 'img-1',
      model: 'runware:500@1',
      upscaleFactor: 2,
      outputType: 'base64Data',
      outputFormat: 'PNG',
    });
    expect([mapped.finalWidth, mapped.finalHeight, mapped.warnings]).toEqual([1024, 1024, []]);
  });

  it('upscale ×3 is made as ×4 and scaled down, with a warning saying so', () => {
    const mapped = build({ kind: 'upscale', source, factor: 3 });
    expect(mapped.payload.upscaleFactor).toBe(4);
    expect([mapped.width, mapped.finalWidth]).toEqual([2048, 1536]);
    expect(mapped.warnings[0]).toMatchObject({ type: 'compatibility', setting: 'factor' });
  });

  it('removeBackground always asks for PNG (alpha)', () => {
    const mapped = build({ kind: 'remove-background', source: { ...source, format: 'jpeg' } });
    expect(mapped.payload).toMatchObject({
      taskType: 'removeBackground',
      inputImage: 'img-1',
      model: 'runware:109@1',
      outputFormat: 'PNG',
    });
    expect(mapped.format).toBe('png');
  });

  it('caption reads text; vectorize sends inputs.image and asks for SVG', () => {
    expect(build({ kind: 'caption', source }).payload).toEqual({
      taskType: 'caption',
      taskUUID: 'task-1',
      includeCost: true,
      inputImage: 'img-1',
      model: 'runware:150@2',
    });
    const vector = build({ kind: 'vectorize', source });
    expect(vector.payload).toMatchObject({ taskType: 'vectorize', model: 'recraft:1@1', inputs: { image: 'img-1' }, outputFormat: 'SVG' });
    expect(vector.reply).toBe('svg');
  });

  it('vary: imageInference from seedImage with the strength and N results', () => {
    const mapped = build({ kind: 'vary', source, strength: 0.35, count: 3, prompt: 'pink flamingo', seed: 42 });
    expect(mapped.payload).toMatchObject({
      taskType: 'imageInference',
      seedImage: 'img-1',
      strength: 0.35,
      numberResults: 3,
      seed: 42,
      width: 512,
      height: 512,
      model: 'runware:101@1',
    });
    expect(mapped.payload.positivePrompt).toContain('pink flamingo');
    expect(mapped.expected).toBe(3);
  });

  it('outpaint: sides rounded up to 64 px, the result that much larger', () => {
    const mapped = build({ kind: 'outpaint', source, extend: { top: 0, bottom: 0, left: 500, right: 524 }, blur: 8, prompt: 'x' });
    expect(mapped.payload).toMatchObject({ seedImage: 'img-1', outpaint: { top: 0, bottom: 0, left: 512, right: 576, blur: 8 } });
    // 512 + 512 + 576 = 1600, on the grid.
    expect([mapped.width, mapped.height]).toEqual([1600, 512]);
    expect(mapped.warnings.some((w) => w.type === 'compatibility' && w.setting === 'extend')).toBe(true);
  });

  it('inpaint: seedImage plus maskImage and maskMargin', () => {
    const mapped = build({
      kind: 'inpaint',
      source,
      mask: { bytes: new Uint8Array([1]), format: 'png' },
      maskMargin: 64,
      prompt: 'a star',
    });
    expect(mapped.payload).toMatchObject({ taskType: 'imageInference', seedImage: 'img-1', maskImage: 'mask-1', maskMargin: 64 });
  });

  it('imageUpload takes a data URI of the right type', () => {
    expect(imageDataUri(new Uint8Array([0xff, 0xd8]), 'jpeg')).toBe('data:image/jpeg;base64,/9g=');
  });
});
