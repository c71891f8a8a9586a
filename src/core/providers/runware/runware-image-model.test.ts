import { describe, expect, it } from 'vitest';
import { imageRequest } from '../../../../test/support/image-request.ts';
import type { ImageRequest } from '../../contract/image-request.ts';
import { MotifError } from '../../errors/index.ts';
import { STYLES } from '../../contract/styles.ts';
import { buildImageInferenceTask, readImageItem, runwareModels, snapToGrid } from './runware-image-model.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const UUID = '0b5e6f3c-1d2a-4e5f-8a9b-0c1d2e3f4a5b';

const request = (patch: Partial<ImageRequest> = {}): ImageRequest =>
  imageRequest({ prompt: 'pink balloons', style: 'birthday', count: 2, seed: 1234, seedExplicit: true, model: 'flux-dev', ...patch });

describe('buildImageInferenceTask', () => {
  it('maps the canonical request to imageInference with the style applied', () => {
    const { payload, warnings, width, height } = buildImageInferenceTask(request(), {
      model: 'runware:101@1',
      taskUUID: UUID,
      outputType: 'base64Data',
    });
    expect(payload).toEqual({
      taskType: 'imageInference',
      taskUUID: UUID,
      model: 'runware:101@1',
      positivePrompt: STYLES.birthday.promptTemplate.replace('{prompt}', 'pink balloons'),
      negativePrompt: STYLES.birthday.negativePrompt,
      width: 1024,
      height: 1024,
      steps: 28,
      CFGScale: 3.5,
      numberResults: 2,
      seed: 1234,
      outputType: 'base64Data',
      outputFormat: 'PNG',
      includeCost: true,
    });
    expect(warnings).toEqual([]);
    expect([width, height]).toEqual([1024, 1024]);
  });

  it('joins the designer negative prompt with the style negative prompt', () => {
    const { payload } = buildImageInferenceTask(request({ negativePrompt: '  dark clouds ' }), {
      model: 'runware:100@1',
      taskUUID: UUID,
      outputType: 'base64Data',
    });
    expect(payload.negativePrompt).toBe(`dark clouds, ${STYLES.birthday.negativePrompt}`);
    expect(payload.steps).toBe(4);
  });

  it('snaps the size to the 64-pixel grid and says so in a compatibility warning', () => {
    const { payload, warnings, width, height } = buildImageInferenceTask(request({ width: 1000, height: 700 }), {
      model: 'runware:101@1',
      taskUUID: UUID,
      outputType: 'base64Data',
    });
    expect([payload.width, payload.height, width, height]).toEqual([1024, 704, 1024, 704]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ type: 'compatibility', setting: 'size' });
    expect(warnings[0]?.type === 'compatibility' && warnings[0].details).toContain('1000x700 was changed to 1024x704');
  });

  it('clamps sizes outside 128–2048', () => {
    const { width, height, warnings } = buildImageInferenceTask(request({ width: 64, height: 4096 }), {
      model: 'runware:101@1',
      taskUUID: UUID,
      outputType: 'base64Data',
    });
    expect([width, height]).toEqual([128, 2048]);
    expect(warnings).toHaveLength(1);
  });

  it.each([
    ['png', 'PNG'],
    ['jpeg', 'JPG'],
    ['webp', 'WEBP'],
  ] as const)('asks for %s as %s', (format, wire) => {
    expect(
      buildImageInferenceTask(request({ format }), { model: 'runware:101@1', taskUUID: UUID, outputType: 'URL' }).payload,
    ).toMatchObject({ outputFormat: wire, outputType: 'URL' });
  });

  it('replaces seed 0, which Runware rejects, and warns', () => {
    const { payload, warnings } = buildImageInferenceTask(request({ seed: 0 }), {
      model: 'runware:101@1',
      taskUUID: UUID,
      outputType: 'base64Data',
    });
    expect(payload.seed).toBe(2 ** 32);
    expect(warnings[0]).toMatchObject({ type: 'compatibility', setting: 'seed' });
  });
});

describe('snapToGrid', () => {
  it('rounds to the nearest multiple of 64 within bounds', () => {
    expect([100, 127, 160, 1023, 1056, 2047, 3000].map((side) => snapToGrid(side))).toEqual([128, 128, 192, 1024, 1088, 2048, 2048]);
  });
});

describe('readImageItem', () => {
  it('decodes base64 data, keeping seed and cost', () => {
    const item = readImageItem(
      { taskUUID: UUID, imageUUID: 'i', imageBase64Data: Buffer.from(PNG).toString('base64'), seed: 7, cost: 0.0038 },
      'runware',
    );
    expect(Array.from(item.bytes ?? [])).toEqual(Array.from(PNG));
    expect(item).toMatchObject({ seed: 7, costUsd: 0.0038, url: undefined });
  });

  it('decodes data URIs and passes URLs through for download', () => {
    expect(
      readImageItem({ taskUUID: UUID, imageDataURI: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}` }, 'runware').bytes
        ?.length,
    ).toBe(PNG.length);
    expect(readImageItem({ taskUUID: UUID, imageURL: 'http://127.0.0.1/img/x.png' }, 'runware')).toMatchObject({
      bytes: undefined,
      url: 'http://127.0.0.1/img/x.png',
    });
  });

  it.each([
    ['no image at all', { taskUUID: UUID, seed: 1 }],
    ['a cost that is not a number', { taskUUID: UUID, imageBase64Data: 'AAAA', cost: 'free' }],
    ['text that is not base64', { taskUUID: UUID, imageBase64Data: '!!!! not base64 ????' }],
    ['a broken data URI', { taskUUID: UUID, imageDataURI: 'image/png;base64' }],
    ['no taskUUID', { imageBase64Data: 'AAAA' }],
  ])('rejects an item with %s as upstream_malformed', (_why, item) => {
    let error: unknown;
    try {
      readImageItem(item, 'runware');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MotifError);
    expect((error as MotifError).code).toBe('upstream_malformed');
    expect((error as MotifError).provider).toBe('runware');
  });
});

describe('runwareModels', () => {
  it('offers FLUX schnell and dev with the grid capabilities and the given prices', () => {
    const models = runwareModels({ 'runware:100@1': 0.001 });
    expect(models.map((m) => m.id)).toEqual(['runware:100@1', 'runware:101@1']);
    expect(models[0]).toMatchObject({
      label: 'FLUX.1 schnell',
      pricePerImageUsd: 0.001,
      capabilities: {
        sizes: { kind: 'range', min: 128, max: 2048, multipleOf: 64 },
        maxImagesPerCall: 8,
        seed: true,
        negativePrompt: true,
      },
    });
    expect(models[1]?.pricePerImageUsd).toBeUndefined();
  });
});
