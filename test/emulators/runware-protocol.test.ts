import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRunwareEmulator, type RunwareEmulator } from './runware/index.ts';
import { WsTestClient } from './ws-test-client.ts';

const KEY = 'test-key';
let emulator: RunwareEmulator;
const clients: WsTestClient[] = [];

async function authed(): Promise<WsTestClient> {
  const client = await WsTestClient.authenticated(emulator.wsUrl, KEY);
  clients.push(client);
  return client;
}

const inference = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  taskType: 'imageInference',
  taskUUID: randomUUID(),
  model: 'runware:101@1',
  positivePrompt: 'party balloons',
  width: 128,
  height: 128,
  ...extra,
});

beforeAll(async () => {
  emulator = await startRunwareEmulator({ apiKey: KEY, seed: 42 });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  emulator.faults.clear();
  emulator.setLatency({ kind: 'fixed', ms: 0 });
});
afterAll(() => emulator.close());

describe('Runware emulator: connection and authentication', () => {
  it('answers a good key with a connectionSessionUUID and no taskUUID', async () => {
    const client = await WsTestClient.connect(emulator.wsUrl);
    clients.push(client);
    client.send([{ taskType: 'authentication', apiKey: KEY }]);
    const frame = await client.waitFor((f) => f.json?.data !== undefined);
    const item = frame.json?.data?.[0] ?? {};
    expect(item.taskType).toBe('authentication');
    expect(item.connectionSessionUUID).toMatch(/^[0-9a-f-]{36}$/);
    expect('taskUUID' in item).toBe(false);
  });

  it('answers a bad key with invalidApiKey tagged authentication', async () => {
    const client = await WsTestClient.connect(emulator.wsUrl);
    clients.push(client);
    client.send([{ taskType: 'authentication', apiKey: 'nope' }]);
    const frame = await client.waitFor((f) => f.json?.errors !== undefined);
    expect(frame.json?.errors?.[0]).toMatchObject({ code: 'invalidApiKey', parameter: 'apiKey', taskType: 'authentication' });
    expect(frame.json?.errors?.[0]?.taskUUID).toBeUndefined();
  });

  it('refuses tasks sent before authentication, tagged with their taskUUID', async () => {
    const client = await WsTestClient.connect(emulator.wsUrl);
    clients.push(client);
    const task = inference();
    client.send([task]);
    const frame = await client.waitFor((f) => f.json?.errors !== undefined);
    expect(frame.json?.errors?.[0]).toMatchObject({ code: 'missingApiKey', taskUUID: task.taskUUID });
  });

  it('accepts any non-empty key when no apiKey is configured, but not an empty one', async () => {
    const open = await startRunwareEmulator();
    try {
      const good = await WsTestClient.authenticated(open.wsUrl, 'whatever');
      clients.push(good);
      const empty = await WsTestClient.connect(open.wsUrl);
      clients.push(empty);
      empty.send([{ taskType: 'authentication', apiKey: '' }]);
      const frame = await empty.waitFor((f) => f.json?.errors !== undefined);
      expect(frame.json?.errors?.[0]?.code).toBe('missingApiKey');
      expect(open.stats.authentications).toBe(1);
    } finally {
      await open.close();
    }
  });

  it('answers pings with pongs, before and after auth', async () => {
    const client = await WsTestClient.connect(emulator.wsUrl);
    clients.push(client);
    const pingsBefore = emulator.stats.pings;
    client.send([{ taskType: 'ping', ping: true }]);
    const frame = await client.waitFor((f) => f.json?.data?.[0]?.taskType === 'ping');
    expect(frame.json).toEqual({ data: [{ taskType: 'ping', pong: true }] });
    expect(emulator.stats.pings).toBe(pingsBefore + 1);
  });

  it('closes sockets idle longer than idleTimeoutMs; traffic keeps them open', async () => {
    const short = await startRunwareEmulator({ idleTimeoutMs: 300 });
    try {
      const quiet = await WsTestClient.connect(short.wsUrl);
      const chatty = await WsTestClient.connect(short.wsUrl);
      clients.push(quiet, chatty);
      const ping = setInterval(() => chatty.send([{ taskType: 'ping', ping: true }]), 100);
      await quiet.until(() => quiet.closed, 2000);
      expect(chatty.closed).toBe(false);
      clearInterval(ping);
      await chatty.until(() => chatty.closed, 2000);
    } finally {
      await short.close();
    }
  });

  it('dropAllSockets closes every open socket', async () => {
    const a = await authed();
    const b = await authed();
    emulator.dropAllSockets();
    await a.until(() => a.closed && b.closed, 2000);
    await a.until(() => emulator.stats.openSockets === 0, 2000);
  });
});

describe('Runware emulator: imageInference', () => {
  it('sends N results as N frames, each with its own imageUUID and seed+i', async () => {
    const client = await authed();
    const task = inference({ numberResults: 3, seed: 500, includeCost: true, outputFormat: 'png' });
    client.send([task]);
    await client.until(() => client.itemsFor(String(task.taskUUID)).data.length === 3);
    const framesForTask = client.frames.filter((f) => f.json?.data?.[0]?.taskUUID === task.taskUUID);
    expect(framesForTask).toHaveLength(3);
    for (const f of framesForTask) expect(f.json?.data).toHaveLength(1);
    const items = client.itemsFor(String(task.taskUUID)).data;
    expect(items.map((i) => i.seed)).toEqual([500, 501, 502]);
    expect(new Set(items.map((i) => i.imageUUID)).size).toBe(3);
    for (const item of items) {
      expect(item).toMatchObject({ taskType: 'imageInference', cost: 0.0013 });
      expect(item.imageUUID).not.toBe(task.taskUUID);
      expect(String(item.imageURL)).toBe(`http://127.0.0.1:${emulator.port}/img/${String(item.imageUUID)}.png`);
    }
    const image = await fetch(String(items[0]?.imageURL));
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
  });

  it('draws random 32-bit seeds from the seeded RNG: the same seed replays the same ids and seeds', async () => {
    const run = async (): Promise<unknown[]> => {
      const emu = await startRunwareEmulator({ seed: 99 });
      try {
        const client = await WsTestClient.authenticated(emu.wsUrl, 'k');
        clients.push(client);
        const task = inference({ taskUUID: '11111111-2222-4333-8444-555555555555', numberResults: 2 });
        client.send([task]);
        await client.until(() => client.itemsFor(String(task.taskUUID)).data.length === 2);
        return client.itemsFor(String(task.taskUUID)).data.map((i) => [i.imageUUID, i.seed]);
      } finally {
        await emu.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    for (const [, seed] of first as [string, number][]) {
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(1);
      expect(seed).toBeLessThan(2 ** 32);
    }
  });

  it('returns base64Data and dataURI inline, accepting lowercase formats', async () => {
    const client = await authed();
    const b64 = inference({ outputType: 'base64Data', outputFormat: 'jpg' });
    const uri = inference({ outputType: 'dataURI', outputFormat: 'webp' });
    client.send([b64, uri]);
    await client.until(
      () => client.itemsFor(String(b64.taskUUID)).data.length === 1 && client.itemsFor(String(uri.taskUUID)).data.length === 1,
    );
    const jpeg = Buffer.from(String(client.itemsFor(String(b64.taskUUID)).data[0]?.imageBase64Data), 'base64');
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(String(client.itemsFor(String(uri.taskUUID)).data[0]?.imageDataURI)).toMatch(/^data:image\/webp;base64,UklGR/);
  });

  it('handles each task of an array independently, correlated by taskUUID', async () => {
    const client = await authed();
    const good = inference();
    const bad = inference({ width: 100 });
    const enhance = { taskType: 'promptEnhance', taskUUID: randomUUID(), prompt: 'cake' };
    client.send([good, bad, enhance]);
    await client.until(
      () =>
        client.itemsFor(String(good.taskUUID)).data.length === 1 &&
        client.itemsFor(String(bad.taskUUID)).errors.length === 1 &&
        client.itemsFor(enhance.taskUUID).data.length === 1,
    );
    expect(client.itemsFor(String(good.taskUUID)).errors).toHaveLength(0);
    expect(client.itemsFor(String(bad.taskUUID)).data).toHaveLength(0);
    // One task's errors per frame.
    for (const f of client.frames) expect(new Set((f.json?.errors ?? []).map((e) => e.taskUUID)).size).toBeLessThanOrEqual(1);
  });

  it.each([
    [{ width: 100 }, 'invalidWidth', 'width'],
    [{ height: 2112 }, 'invalidHeight', 'height'],
    [{ width: 200 }, 'invalidWidth', 'width'],
    [{ width: undefined }, 'missingWidth', 'width'],
    [{ positivePrompt: 'a' }, 'invalidPositivePrompt', 'positivePrompt'],
    [{ positivePrompt: 'x'.repeat(3001) }, 'invalidPositivePrompt', 'positivePrompt'],
    [{ positivePrompt: undefined }, 'missingPositivePrompt', 'positivePrompt'],
    [{ negativePrompt: 'n' }, 'invalidNegativePrompt', 'negativePrompt'],
    [{ model: undefined }, 'missingModel', 'model'],
    [{ model: 'not an air' }, 'invalidModel', 'model'],
    [{ numberResults: 21 }, 'invalidNumberResults', 'numberResults'],
    [{ numberResults: 0 }, 'invalidNumberResults', 'numberResults'],
    [{ steps: 101 }, 'invalidSteps', 'steps'],
    [{ CFGScale: 50.5 }, 'invalidCFGScale', 'CFGScale'],
    [{ seed: 0 }, 'invalidSeed', 'seed'],
    [{ outputType: 'url' }, 'invalidOutputType', 'outputType'],
    [{ outputFormat: 'GIF' }, 'invalidOutputFormat', 'outputFormat'],
    [{ outputQuality: 10 }, 'invalidOutputQuality', 'outputQuality'],
    [{ deliveryMethod: 'later' }, 'invalidDeliveryMethod', 'deliveryMethod'],
  ])('rejects %j with %s, naming the parameter and echoing the taskUUID', async (patch, code, parameter) => {
    const client = await authed();
    const task = inference(patch);
    client.send([task]);
    const frame = await client.waitFor((f) => f.json?.errors !== undefined);
    expect(frame.json?.errors).toHaveLength(1);
    expect(frame.json?.errors?.[0]).toMatchObject({ code, parameter, taskType: 'imageInference', taskUUID: task.taskUUID });
    expect(String(frame.json?.errors?.[0]?.message)).toContain(parameter);
  });

  it('reports range details on dimension errors', async () => {
    const client = await authed();
    client.send([inference({ width: 100 })]);
    const frame = await client.waitFor((f) => f.json?.errors !== undefined);
    expect(frame.json?.errors?.[0]).toMatchObject({ type: 'integer', min: 128, max: 2048, multiplier: 64 });
  });

  it('accepts __BLANK__ as the prompt and ignores unknown parameters', async () => {
    const client = await authed();
    const task = inference({
      positivePrompt: '__BLANK__',
      lora: [{ model: 'x:1@1', weight: 1 }],
      inputs: { seedImage: 'abc' },
      checkNSFW: true,
    });
    client.send([task]);
    await client.until(() => client.itemsFor(String(task.taskUUID)).data.length === 1);
    expect(client.itemsFor(String(task.taskUUID)).data[0]?.NSFWContent).toBe(false);
  });

  it('uses a configurable dimension multiple', async () => {
    const emu = await startRunwareEmulator({ dimensionMultiple: 8 });
    try {
      const client = await WsTestClient.authenticated(emu.wsUrl, 'k');
      clients.push(client);
      const task = inference({ width: 200, height: 136 });
      client.send([task]);
      await client.until(() => client.itemsFor(String(task.taskUUID)).data.length === 1);
    } finally {
      await emu.close();
    }
  });

  it('answers a reused taskUUID with conflictTaskUUID', async () => {
    const client = await authed();
    const task = inference();
    client.send([task]);
    await client.until(() => client.itemsFor(String(task.taskUUID)).data.length === 1);
    client.send([task]);
    await client.until(() => client.itemsFor(String(task.taskUUID)).errors.length === 1);
    expect(client.itemsFor(String(task.taskUUID)).errors[0]).toMatchObject({ code: 'conflictTaskUUID', parameter: 'taskUUID' });
  });

  it('rejects a missing or malformed taskUUID', async () => {
    const client = await authed();
    client.send([inference({ taskUUID: 'not-a-uuid' })]);
    const frame = await client.waitFor((f) => f.json?.errors !== undefined);
    expect(frame.json?.errors?.[0]).toMatchObject({ code: 'invalidTaskUUID', taskUUID: 'not-a-uuid' });
  });
});

describe('Runware emulator: promptEnhance, getResponse and other tasks', () => {
  it('returns one text per version, with SDK defaults and optional cost', async () => {
    const emu = await startRunwareEmulator({ costPerPromptEnhanceUsd: 0.0002 });
    try {
      const client = await WsTestClient.authenticated(emu.wsUrl, 'k');
      clients.push(client);
      const three = { taskType: 'promptEnhance', taskUUID: randomUUID(), prompt: 'wedding arch', promptVersions: 3, includeCost: true };
      const defaults = { taskType: 'promptEnhance', taskUUID: randomUUID(), prompt: 'wedding arch' };
      const short = {
        taskType: 'promptEnhance',
        taskUUID: randomUUID(),
        prompt: 'one two three four five six seven eight nine ten eleven twelve thirteen',
        promptMaxLength: 12,
      };
      client.send([three, defaults, short]);
      await client.until(() => client.itemsFor(short.taskUUID).data.length === 1 && client.itemsFor(three.taskUUID).data.length === 3);
      const texts = client.itemsFor(three.taskUUID).data.map((i) => i.text);
      expect(new Set(texts).size).toBe(3);
      expect(client.itemsFor(three.taskUUID).data[0]?.cost).toBe(0.0002);
      await client.until(() => client.itemsFor(defaults.taskUUID).data.length === 1);
      expect(client.itemsFor(defaults.taskUUID).data[0]?.cost).toBeUndefined();
      expect(String(client.itemsFor(short.taskUUID).data[0]?.text).split(/\s+/)).toHaveLength(12);
    } finally {
      await emu.close();
    }
  });

  it.each([
    [{ prompt: '' }, 'invalidPrompt'],
    [{ prompt: 'x'.repeat(301) }, 'invalidPrompt'],
    [{ prompt: undefined }, 'missingPrompt'],
    [{ prompt: 'ok', promptVersions: 6 }, 'invalidPromptVersions'],
    [{ prompt: 'ok', promptMaxLength: 11 }, 'invalidPromptMaxLength'],
    [{ prompt: 'ok', promptMaxLength: 401 }, 'invalidPromptMaxLength'],
  ])('rejects promptEnhance %j with %s', async (patch, code) => {
    const client = await authed();
    const task = { taskType: 'promptEnhance', taskUUID: randomUUID(), ...patch };
    client.send([task]);
    const frame = await client.waitFor((f) => f.json?.errors !== undefined);
    expect(frame.json?.errors?.[0]).toMatchObject({ code, taskType: 'promptEnhance', taskUUID: task.taskUUID });
  });

  it('acks async tasks at once; getResponse reports processing, then success', async () => {
    const client = await authed();
    emulator.setLatency({ kind: 'fixed', ms: 400 });
    const task = inference({ deliveryMethod: 'async', numberResults: 2 });
    client.send([task]);
    const ack = await client.waitFor((f) => f.json?.data?.[0]?.taskUUID === task.taskUUID);
    expect(ack.json).toEqual({ data: [{ taskType: 'imageInference', taskUUID: task.taskUUID }] });
    client.send([{ taskType: 'getResponse', taskUUID: task.taskUUID }]);
    const early = await client.waitFor((f) => f.json?.data?.some((i) => i.status !== undefined) === true);
    expect(early.json?.data?.map((i) => i.status)).toEqual(['processing', 'processing']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    client.frames.length = 0;
    client.send([{ taskType: 'getResponse', taskUUID: task.taskUUID }]);
    const done = await client.waitFor((f) => f.json?.data !== undefined);
    expect(done.json?.data?.map((i) => i.status)).toEqual(['success', 'success']);
    expect(done.json?.data?.every((i) => typeof i.imageURL === 'string' && typeof i.imageUUID === 'string')).toBe(true);
  });

  it('answers getResponse for a task that was sent sync, and taskFailedOrNotFound for unknown ones', async () => {
    const client = await authed();
    const task = inference();
    client.send([task]);
    await client.until(() => client.itemsFor(String(task.taskUUID)).data.length === 1);
    const original = client.itemsFor(String(task.taskUUID)).data[0];
    client.frames.length = 0;
    client.send([{ taskType: 'getResponse', taskUUID: task.taskUUID }]);
    const frame = await client.waitFor((f) => f.json !== undefined);
    expect(frame.json?.data).toEqual([{ ...original, status: 'success' }]);
    const unknown = randomUUID();
    client.send([{ taskType: 'getResponse', taskUUID: unknown }]);
    const missing = await client.waitFor((f) => f.json?.errors !== undefined);
    expect(missing.json?.errors?.[0]).toMatchObject({ code: 'taskFailedOrNotFound', taskType: 'getResponse', taskUUID: unknown });
  });

  it('reports a failed task through getResponse with status error', async () => {
    const client = await authed();
    emulator.faults.failNext(1, { kind: 'runware-error', code: 'timeoutProvider' });
    const task = inference();
    client.send([task]);
    await client.until(() => client.itemsFor(String(task.taskUUID)).errors.length === 1);
    client.frames.length = 0;
    client.send([{ taskType: 'getResponse', taskUUID: task.taskUUID }]);
    const frame = await client.waitFor((f) => f.json?.errors !== undefined);
    expect(frame.json?.errors?.[0]).toMatchObject({ code: 'timeoutProvider', status: 'error', taskUUID: task.taskUUID });
    // A failed task frees its UUID for a retry.
    client.send([task]);
    await client.until(() => client.itemsFor(String(task.taskUUID)).data.length === 1);
  });

  it('echoes legacy task names, rejects an input image it cannot read, and rejects unknown task types with their taskUUID', async () => {
    const client = await authed();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c0ffee' } })
      .png()
      .toBuffer();
    const inputImage = `data:image/png;base64,${png.toString('base64')}`;
    const upscale = { taskType: 'imageUpscale', taskUUID: randomUUID(), inputImage, upscaleFactor: 2 };
    const caption = { taskType: 'caption', taskUUID: randomUUID(), inputImage };
    const unreadable = { taskType: 'caption', taskUUID: randomUUID(), inputImage: 'abc' };
    const unknown = { taskType: 'teleport', taskUUID: randomUUID() };
    client.send([upscale, caption, unreadable, unknown]);
    await client.until(
      () =>
        client.itemsFor(upscale.taskUUID).data.length === 1 &&
        client.itemsFor(caption.taskUUID).data.length === 1 &&
        client.itemsFor(unreadable.taskUUID).errors.length === 1 &&
        client.itemsFor(unknown.taskUUID).errors.length === 1,
    );
    expect(client.itemsFor(upscale.taskUUID).data[0]).toMatchObject({ taskType: 'imageUpscale' });
    expect(client.itemsFor(caption.taskUUID).data[0]).toMatchObject({ taskType: 'caption', text: expect.any(String) });
    expect(client.itemsFor(unreadable.taskUUID).errors[0]).toMatchObject({ code: 'invalidInputImage', parameter: 'inputImage' });
    expect(client.itemsFor(unknown.taskUUID).errors[0]).toMatchObject({ code: 'unsupportedTaskType', taskType: 'teleport' });
    expect(emulator.stats.tasks.teleport).toBeGreaterThanOrEqual(1);
  });
});
