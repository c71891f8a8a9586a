import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { imageRequest } from '../support/image-request.ts';
import { parseMotifConfig } from '../../src/core/config/motif-config.ts';
import type { ImageRequest } from '../../src/core/contract/image-request.ts';
import { MotifError } from '../../src/core/errors/motif-error.ts';
import { FalProvider } from '../../src/core/providers/fal/fal-provider.ts';
import { startFalEmulator, type FalEmulator } from '../emulators/fal/fal-emulator.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

const KEY = 'fal-integration-key';
let emulator: FalEmulator;
let temp: TempService | undefined;

beforeAll(async () => {
  emulator = await startFalEmulator({ apiKey: KEY, pollsBeforeDone: 1 });
});

afterEach(async () => {
  emulator.options.failSubmitWith = undefined;
  await temp?.cleanup();
  temp = undefined;
});

afterAll(async () => {
  await emulator.close();
});

const request: ImageRequest = imageRequest({
  prompt: 'pink balloons, birthday',
  style: 'birthday',
  width: 256,
  height: 256,
  count: 2,
  seed: 11,
  seedExplicit: true,
  model: 'fal-ai/flux/schnell',
});

describe('the fal.ai provider against the emulator', () => {
  it('submits to the queue, polls, and returns each image as it arrives', async () => {
    const provider = new FalProvider({ id: 'fal', baseUrl: emulator.url, getApiKey: () => KEY, pollIntervalMs: 5 });
    const stages: string[] = [];
    const streamed: number[] = [];
    const result = await provider.generate({
      request,
      model: 'fal-ai/flux/schnell',
      signal: AbortSignal.timeout(10_000),
      deadline: Date.now() + 10_000,
      onImage: (_image, index) => streamed.push(index),
      onStage: (stage) => stages.push(stage),
      taskId: undefined,
      resume: false,
    });
    expect(result.images).toHaveLength(2);
    expect(result.images.map((image) => [image.format, image.width, image.seed])).toEqual([
      ['png', 256, 11],
      ['png', 256, 12],
    ]);
    expect([...result.images[0]!.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(streamed).toEqual([0, 1]);
    expect(stages).toEqual(['sending', 'waiting', 'receiving']);
    expect(emulator.submitted.at(-1)?.input).toMatchObject({
      image_size: { width: 256, height: 256 },
      num_images: 2,
      seed: 11,
      sync_mode: true,
    });
  });

  it('names a rejected key auth_failed and a missing one key_missing', async () => {
    const wrong = new FalProvider({ id: 'fal', baseUrl: emulator.url, getApiKey: () => 'wrong', pollIntervalMs: 5 });
    const options = {
      request,
      model: 'fal-ai/flux/schnell',
      signal: AbortSignal.timeout(10_000),
      deadline: Date.now() + 10_000,
      onImage: undefined,
      onStage: undefined,
      taskId: undefined,
      resume: false,
    };
    await expect(wrong.generate(options)).rejects.toMatchObject({ code: 'auth_failed', provider: 'fal' });
    const none = new FalProvider({ id: 'fal', baseUrl: emulator.url, getApiKey: () => undefined });
    await expect(none.generate(options)).rejects.toBeInstanceOf(MotifError);
    expect((await wrong.checkHealth(AbortSignal.timeout(5000))).error?.code).toBe('auth_failed');
    expect(
      (await new FalProvider({ id: 'fal', baseUrl: emulator.url, getApiKey: () => KEY }).checkHealth(AbortSignal.timeout(5000))).ok,
    ).toBe(true);
  });
});

describe('fal.ai in the engine', () => {
  it('serves as the failover target MOTIF_CONFIG names when the first provider fails', async () => {
    const config = parseMotifConfig(`
providers:
  primary: { type: fal, baseUrl: "${emulator.url}", apiKey: "wrong-key" }
  backup:  { type: fal, baseUrl: "${emulator.url}", apiKey: "${KEY}" }
models:
  default:
    strategy: priority
    targets:
      - { provider: primary, model: fal-ai/flux/schnell }
      - { provider: backup, model: fal-ai/flux/schnell }
`);
    temp = await startTempService({ config });
    const outcome = await temp.service.generate({ prompt: 'confetti and stars', size: '256x256', count: 1, seed: 3, format: 'png' });
    expect(outcome.job.provider).toBe('backup');
    expect(outcome.entries).toHaveLength(1);
    expect(outcome.job.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['primary', 'failure'],
      ['backup', 'success'],
    ]);
  });

  it('appears in Settings with its key field, and its endpoint comes from FAL_QUEUE_URL', async () => {
    temp = await startTempService({ secrets: { fal: KEY }, env: { FAL_QUEUE_URL: emulator.url } });
    const view = temp.service.getSettings();
    expect(view.providers.find((p) => p.id === 'fal')).toMatchObject({
      label: 'fal.ai',
      kind: 'fal',
      requiresKey: true,
      keySet: true,
      secret: 'fal',
    });
    expect(view.secrets.fal).toBe(true);
    expect(view.settings.providerOrder).toContain('fal');
    const outcome = await temp.service.generate({ prompt: 'bunting', size: '256x256', count: 1, format: 'png', model: 'fal-flux-schnell' });
    expect(outcome.job.provider).toBe('fal');
  });
});
