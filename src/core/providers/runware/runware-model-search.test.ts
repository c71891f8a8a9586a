import { describe, expect, it } from 'vitest';
import { imageRequest } from '../../../../test/support/image-request.ts';
import type { ImageRequest } from '../../contract/image-request.ts';
import { modelSearchQuerySchema } from '../../contract/model-catalogue.ts';
import { buildImageInferenceTask } from './runware-image-model.ts';
import { buildModelSearchTask, readModelSearchResult } from './runware-model-search.ts';

const UUID = '5b0d9c1e-2f6a-4c1b-9a3e-0d4f6e7a8b90';

describe('modelSearch mapping', () => {
  it('sends the filters Runware knows and leaves empty ones out', () => {
    const query = modelSearchQuerySchema.parse({
      search: '  party ',
      tags: ['poster'],
      category: 'lora',
      architecture: 'flux1d',
      offset: 40,
    });
    expect(buildModelSearchTask(query, UUID)).toEqual({
      taskType: 'modelSearch',
      taskUUID: UUID,
      search: 'party',
      tags: ['poster'],
      category: 'lora',
      architecture: 'flux1d',
      limit: 20,
      offset: 40,
    });
    expect(buildModelSearchTask(modelSearchQuerySchema.parse({ search: ' ', tags: [] }), UUID)).toEqual({
      taskType: 'modelSearch',
      taskUUID: UUID,
      limit: 20,
      offset: 0,
    });
  });

  it('reads results, dropping optional fields of the wrong type rather than failing', () => {
    const result = readModelSearchResult(
      [
        {
          taskType: 'modelSearch',
          taskUUID: UUID,
          totalResults: 31,
          results: [
            {
              air: 'civitai:1@2',
              name: 'One',
              category: 'lora',
              architecture: 'sdxl',
              tags: ['a'],
              heroImage: 'https://im.runware.ai/x.webp',
              defaultSteps: 'many',
              positiveTriggerWords: 'one style',
            },
          ],
        },
      ],
      'runware',
    );
    expect(result.total).toBe(31);
    expect(result.models[0]).toMatchObject({
      air: 'civitai:1@2',
      name: 'One',
      tags: ['a'],
      heroImage: 'https://im.runware.ai/x.webp',
      positiveTriggerWords: 'one style',
    });
    expect(result.models[0]?.defaultSteps).toBeUndefined();
  });

  it('names a malformed reply upstream_malformed', () => {
    const cases: unknown[][] = [
      [],
      [{ results: 'none', totalResults: 1 }],
      [{ results: [{ name: 'no air', category: 'lora', tags: [] }], totalResults: 1 }],
      [{ results: [] }],
    ];
    for (const items of cases) {
      expect(() => readModelSearchResult(items as never, 'runware')).toThrow(
        expect.objectContaining({ code: 'upstream_malformed', provider: 'runware' }),
      );
    }
  });
});

describe('LoRAs and pinned-model defaults in imageInference', () => {
  const request: ImageRequest = imageRequest({ prompt: 'balloons', seed: 5, seedExplicit: true, model: 'x' });

  it('maps loras to Runware’s lora list with weights, and sends none when there are none', () => {
    const withLoras = buildImageInferenceTask(
      { ...request, loras: [{ model: 'civitai:652699@730219', weight: 0.75 }] },
      { model: 'runware:101@1', taskUUID: UUID, outputType: 'base64Data' },
    );
    expect(withLoras.payload.lora).toEqual([{ model: 'civitai:652699@730219', weight: 0.75 }]);
    expect(
      buildImageInferenceTask(request, { model: 'runware:101@1', taskUUID: UUID, outputType: 'base64Data' }).payload,
    ).not.toHaveProperty('lora');
  });

  it('uses a pinned model’s own sampling defaults, and the built-in ones for the built-in models', () => {
    const pinned = buildImageInferenceTask(request, {
      model: 'civitai:288584@324524',
      taskUUID: UUID,
      outputType: 'base64Data',
      sampling: { steps: 30, CFGScale: 7 },
    });
    expect(pinned.payload).toMatchObject({ model: 'civitai:288584@324524', steps: 30, CFGScale: 7 });
    const unknown = buildImageInferenceTask(request, {
      model: 'civitai:1@1',
      taskUUID: UUID,
      outputType: 'base64Data',
      sampling: { steps: undefined, CFGScale: undefined },
    });
    expect(unknown.payload).not.toHaveProperty('steps');
    const dev = buildImageInferenceTask(request, {
      model: 'runware:101@1',
      taskUUID: UUID,
      outputType: 'base64Data',
      sampling: { steps: 99, CFGScale: 9 },
    });
    expect(dev.payload).toMatchObject({ steps: 28, CFGScale: 3.5 });
  });
});
