import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { alphaAt } from '../support/image-pixels.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderTaskOptions } from '../../src/core/contract/image-provider.ts';
import type { ProviderTask, TaskSourceImage } from '../../src/core/contract/image-task.ts';
import { RunwareProvider } from '../../src/core/providers/runware/index.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';
import { redSquarePicture } from '../support/image-pixels.ts';

const KEY = 'test-key-tools';
let emulator: RunwareEmulator;
const providers: RunwareProvider[] = [];
let temp: TempService | undefined;

beforeEach(async () => {
  emulator = await startRunwareEmulator({ apiKey: KEY, seed: 7, costPerToolUsd: 0.002 });
});

afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
  await Promise.all(providers.splice(0).map((p) => p.close()));
  await emulator.close();
});

const picture = redSquarePicture;

async function source(): Promise<TaskSourceImage> {
  const bytes = await picture();
  return {
    entryId: 'entry-1',
    bytes,
    format: 'png',
    width: 64,
    height: 48,
    hash: createHash('sha256').update(bytes).digest('hex'),
    svg: undefined,
    madeBy: { provider: 'import', model: 'file', kind: undefined },
    prompt: 'a red square',
    style: 'party',
    seed: undefined,
  };
}

function provider(): RunwareProvider {
  const p = new RunwareProvider({ getApiKey: () => KEY, wsUrl: emulator.wsUrl, apiUrl: emulator.restUrl, outputType: 'base64Data' });
  providers.push(p);
  return p;
}

function options(task: ProviderTask, overrides: Partial<ProviderTaskOptions> = {}): ProviderTaskOptions {
  return {
    task,
    model: 'runware:500@1',
    signal: new AbortController().signal,
    deadline: Date.now() + 10_000,
    onImage: undefined,
    onStage: undefined,
    taskId: undefined,
    ...overrides,
  };
}

async function serviceWithRunware(): Promise<TempService> {
  temp = await startTempService({
    secrets: { runware: KEY },
    env: { RUNWARE_WS_URL: emulator.wsUrl, RUNWARE_API_URL: emulator.restUrl },
  });
  return temp;
}

describe('Runware tools through the engine, against the emulator', () => {
  it('upscales an imported file ×2 to exactly twice its size, costs it and records where it came from', async () => {
    const { service } = await serviceWithRunware();
    const before = service.telemetry().spend.todayUsd;
    const outcome = await service.runTask({ task: 'upscale', source: { bytes: await picture(), name: 'square.png' }, factor: 2 });
    expect(outcome.job).toMatchObject({ state: 'saved', provider: 'runware', model: 'runware:500@1', costUsd: 0.002 });
    const [entry] = outcome.entries;
    const meta = await sharp(Buffer.from((await service.readImage(entry!.id)).bytes)).metadata();
    expect([meta.width, meta.height]).toEqual([128, 96]);
    expect(entry).toMatchObject({ task: 'upscale', parentId: outcome.job.task?.sourceEntryId, costUsd: 0.002 });
    expect(await service.getEntry(entry!.parentId!)).toMatchObject({ provider: 'import', prompt: 'square.png' });
    expect(service.telemetry().spend.todayUsd).toBeCloseTo(before + 0.002, 6);
  });

  it('uploads a source once and reuses its image id for the next tools', async () => {
    const { service } = await serviceWithRunware();
    const imported = await service.runTask({ task: 'upload', source: { bytes: await picture() } });
    const parent = imported.entries[0]!.id;
    expect(emulator.stats.tasks.imageUpload).toBe(1);
    await service.runTask({ task: 'remove-background', source: { entryId: parent } });
    await service.runTask({ task: 'caption', source: { entryId: parent } });
    expect(emulator.stats.tasks.imageUpload).toBe(1);
    expect(emulator.stats.tasks.removeBackground).toBe(1);
  });

  it('removes the background: a PNG with fully transparent corners, the subject kept', async () => {
    const { service } = await serviceWithRunware();
    const outcome = await service.runTask({ task: 'remove-background', source: { bytes: await picture() } });
    const { bytes } = await service.readImage(outcome.entries[0]!.id);
    expect((await sharp(Buffer.from(bytes)).metadata()).channels).toBe(4);
    expect(
      await alphaAt(bytes, [
        [0, 0],
        [63, 0],
        [0, 47],
        [63, 47],
        [32, 24],
      ]),
    ).toEqual([0, 0, 0, 0, 255]);
  });

  it('captions, vectorizes, varies, extends and edits an area', async () => {
    const { service } = await serviceWithRunware();
    const parent = (await service.runTask({ task: 'upload', source: { bytes: await picture() } })).entries[0]!.id;
    const caption = await service.runTask({ task: 'caption', source: { entryId: parent } });
    expect(caption.texts[0]).toMatch(/landscape 64x48 image, mostly white/);
    expect(caption.job.texts).toEqual(caption.texts);

    const vector = await service.runTask({ task: 'vectorize', source: { entryId: parent } });
    expect(await service.readVector(vector.entries[0]!.id)).toMatch(/^<svg[^>]+width="64" height="48"/);

    const vary = await service.runTask({ task: 'vary', source: { entryId: parent }, strength: 'strong', count: 2, seed: 3 });
    expect(vary.entries).toHaveLength(2);
    expect(vary.entries.every((e) => e.parentId === parent && e.task === 'vary' && e.taskParams?.strength === 0.75)).toBe(true);

    const banner = await service.runTask({
      task: 'outpaint',
      source: { entryId: parent },
      extend: { left: 64, right: 64, top: 0, bottom: 0 },
    });
    // 64 + 64 + 64 wide; 48 high is below Runware's 128-px floor, so it is rendered taller.
    expect(banner.entries[0]).toMatchObject({ task: 'outpaint', width: 192, height: 128 });
    const bannerMeta = await sharp(Buffer.from((await service.readImage(banner.entries[0]!.id)).bytes)).metadata();
    expect([bannerMeta.width, bannerMeta.height]).toEqual([192, 128]);

    const mask = new Uint8Array(
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#000000' } })
        .png()
        .toBuffer(),
    );
    const edited = await service.runTask({ task: 'inpaint', source: { entryId: parent }, mask, maskMargin: 32, prompt: 'a blue star' });
    expect(edited.entries[0]).toMatchObject({ task: 'inpaint', parentId: parent, prompt: 'a blue star' });
    expect(emulator.stats.tasks.imageInference).toBe(3);
  });
});

describe('Runware tools under faults', () => {
  const upscale = async (): Promise<ProviderTask> => ({ kind: 'upscale', source: await source(), factor: 2 });

  it('an API error fails the call with its code; the next call works', async () => {
    const p = provider();
    const task = await upscale();
    await p.runTask(options({ ...task, kind: 'upload' } as never));
    emulator.faults.failNext(1, { kind: 'runware-error', code: 'timeoutProvider' });
    await expect(p.runTask(options(task))).rejects.toMatchObject({ provider: 'runware', upstream: { upstreamCode: 'timeoutProvider' } });
    const result = await p.runTask(options(task));
    expect(result.images[0]).toMatchObject({ width: 128, height: 96, costUsd: 0.002 });
  });

  it('a dropped socket before any reply is carried over REST and still answers', async () => {
    const p = provider();
    const task = await upscale();
    await p.runTask(options({ ...task, kind: 'upload' } as never));
    emulator.faults.failNext(1, { kind: 'drop-socket' });
    const result = await p.runTask(options(task));
    expect(result.images).toHaveLength(1);
  });

  it('a malformed frame fails the call as upstream_malformed', async () => {
    const p = provider();
    const task = await upscale();
    await p.runTask(options({ ...task, kind: 'upload' } as never));
    emulator.faults.failNext(1, { kind: 'malformed-json' });
    await expect(p.runTask(options(task))).rejects.toMatchObject({ code: 'upstream_malformed' });
  });

  it('a slow reply past the deadline fails as a timeout, and cancel stops a call at once', async () => {
    const p = provider();
    const task = await upscale();
    await p.runTask(options({ ...task, kind: 'upload' } as never));
    emulator.faults.failNext(1, { kind: 'hang' });
    await expect(p.runTask(options(task, { deadline: Date.now() + 300 }))).rejects.toMatchObject({ code: 'upstream_timeout' });
    emulator.faults.failNext(1, { kind: 'hang' });
    const controller = new AbortController();
    const call = p.runTask(options(task, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('cancelling a tool job through the service leaves it cancelled and writes nothing', async () => {
    const { service } = await serviceWithRunware();
    const parent = (await service.runTask({ task: 'upload', source: { bytes: await picture() } })).entries[0]!.id;
    const total = (await service.listLibrary({})).total;
    emulator.faults.failNext(1, { kind: 'hang' });
    const job = await service.submitTask({ task: 'upscale', source: { entryId: parent } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await service.cancel(job.id);
    await expect.poll(() => service.jobs().find((j) => j.id === job.id)?.state).toBe('cancelled');
    expect((await service.listLibrary({})).total).toBe(total);
  });
});
