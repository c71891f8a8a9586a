import { RunwareServer } from '@runware/sdk-js';
import sharp from 'sharp';
import { alphaAt } from '../support/image-pixels.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { redSquarePicture } from '../support/image-pixels.ts';

/**
 * The official `@runware/sdk-js` against the emulator: if the SDK cannot tell
 * the difference, our adapter's tests against the emulator mean something.
 * Timeouts are small so a protocol mismatch fails fast instead of hanging.
 */
const API_KEY = 'contract-test-key';
const SDK_OPTIONS = { timeoutDuration: 4000, globalMaxRetries: 1, heartbeatInterval: 10_000 } as const;

let emulator: RunwareEmulator;
const clients: RunwareServer[] = [];

function client(apiKey = API_KEY): RunwareServer {
  // Never `ws://localhost:8080`: the SDK treats that URL as its test mode (reference §7).
  const sdk = new RunwareServer({ apiKey, url: emulator.wsUrl, ...SDK_OPTIONS });
  clients.push(sdk);
  return sdk;
}

beforeAll(async () => {
  emulator = await startRunwareEmulator({ apiKey: API_KEY, costPerImageUsd: 0.0038, seed: 7 });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()));
  emulator.faults.clear();
});

afterAll(async () => {
  await emulator.close();
});

describe('@runware/sdk-js against the Runware emulator', () => {
  it('connects through /v1?sdk=js…, authenticates and runs imageInference with two results and costs', async () => {
    const sdk = client();
    const images = await sdk.imageInference({
      positivePrompt: 'golden balloons over a birthday cake',
      model: 'runware:101@1',
      width: 256,
      height: 192,
      numberResults: 2,
      outputType: 'URL',
      outputFormat: 'PNG',
      includeCost: true,
      seed: 1234,
    });
    expect(images).toHaveLength(2);
    const list = images ?? [];
    expect(new Set(list.map((i) => i.imageUUID)).size).toBe(2);
    expect(list.map((i) => i.seed).sort()).toEqual([1234, 1235]);
    for (const image of list) {
      expect(image.cost).toBe(0.0038);
      expect(image.taskType).toBe('imageInference');
      expect(image.imageURL).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${emulator.port}/img/${image.imageUUID}\\.png$`));
      const download = await fetch(image.imageURL ?? '');
      expect(download.headers.get('content-type')).toBe('image/png');
      const bytes = new Uint8Array(await download.arrayBuffer());
      expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    expect(emulator.stats.authentications).toBeGreaterThanOrEqual(1);
    expect(emulator.stats.tasks.imageInference).toBeGreaterThanOrEqual(1);
  });

  it('returns base64 output inline', async () => {
    const sdk = client();
    const images = await sdk.imageInference({
      positivePrompt: 'confetti',
      model: 'runware:100@1',
      width: 128,
      height: 128,
      outputType: 'base64Data',
      outputFormat: 'WEBP',
    });
    const data = Buffer.from(images?.[0]?.imageBase64Data ?? '', 'base64');
    expect(data.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(data.subarray(8, 12).toString('latin1')).toBe('WEBP');
  });

  it('runs promptEnhance with two versions', async () => {
    const sdk = client();
    const versions = await sdk.promptEnhance({ prompt: 'pastel baby shower banner', promptVersions: 2, includeCost: true });
    expect(versions).toHaveLength(2);
    const texts = (versions ?? []).map((v) => v.text);
    expect(new Set(texts).size).toBe(2);
    for (const text of texts) expect(text.startsWith('pastel baby shower banner')).toBe(true);
  });

  it('rejects an invalid width at once with the API error, without retry or timeout', async () => {
    const sdk = client();
    const started = Date.now();
    const before = emulator.stats.tasks.imageInference ?? 0;
    const failure: unknown = await sdk.imageInference({ positivePrompt: 'bunting', model: 'runware:101@1', width: 100, height: 256 }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ error: { code: 'invalidWidth', parameter: 'width', taskType: 'imageInference' } });
    expect(Date.now() - started).toBeLessThan(SDK_OPTIONS.timeoutDuration);
    expect(emulator.stats.tasks.imageInference).toBe(before + 1);
  });

  it('surfaces an injected timeoutProvider error as an API error', async () => {
    const sdk = client();
    emulator.faults.failNext(1, { kind: 'runware-error', code: 'timeoutProvider' });
    const failure: unknown = await sdk.imageInference({ positivePrompt: 'stars', model: 'runware:101@1', width: 128, height: 128 }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ error: { code: 'timeoutProvider', taskType: 'imageInference' } });
  });

  it('rejects a bad key quickly with invalidApiKey and does not keep reconnecting', async () => {
    const failuresBefore = emulator.stats.authFailures;
    const connectionsBefore = emulator.stats.connections;
    const sdk = client('wrong-key');
    const started = Date.now();
    const failure: unknown = await sdk.imageInference({ positivePrompt: 'anything', model: 'runware:101@1', width: 128, height: 128 }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ error: { code: 'invalidApiKey', parameter: 'apiKey', taskType: 'authentication' } });
    expect(Date.now() - started).toBeLessThan(SDK_OPTIONS.timeoutDuration);
    expect(emulator.stats.authFailures).toBe(failuresBefore + 1);
    // The SDK stops reconnecting after invalidApiKey (reference §7): one connection only.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(emulator.stats.connections).toBe(connectionsBefore + 1);
  });

  it('reconnects after the server drops every socket and the next request succeeds', async () => {
    const sdk = client();
    await sdk.promptEnhance({ prompt: 'first', promptVersions: 1 });
    const authsBefore = emulator.stats.authentications;
    emulator.dropAllSockets();
    // Let the close reach the SDK first: a frame sent into a dying socket is lost, as on a real network.
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The SDK reconnects one second after a close, then re-authenticates.
    const versions = await sdk.promptEnhance({ prompt: 'after the drop', promptVersions: 1 });
    expect(versions?.[0]?.text).toMatch(/^after the drop/);
    expect(emulator.stats.authentications).toBeGreaterThan(authsBefore);
  });

  it('resolves async delivery to the acknowledgement', async () => {
    const sdk = client();
    const ack = await sdk.imageInference({
      positivePrompt: 'holiday wreath',
      model: 'runware:101@1',
      width: 128,
      height: 128,
      deliveryMethod: 'async',
    } as Parameters<RunwareServer['imageInference']>[0]);
    expect(ack?.[0]).toMatchObject({ taskType: 'imageInference' });
    expect(ack?.[0]?.imageUUID).toBeUndefined();
  });

  describe('image tools', () => {
    const picture = async (): Promise<string> => `data:image/png;base64,${Buffer.from(await redSquarePicture()).toString('base64')}`;
    const download = async (url: string | undefined): Promise<Buffer> => Buffer.from(await (await fetch(url ?? '')).arrayBuffer());

    it('imageUpload returns an imageUUID that later tools accept', async () => {
      const sdk = client();
      const uploaded = await sdk.imageUpload({ image: await picture() });
      expect(uploaded?.imageUUID).toMatch(/^[0-9a-f-]{36}$/);
      const upscaled = await sdk.upscale({
        inputImage: String(uploaded?.imageUUID),
        upscaleFactor: 2,
        outputType: 'URL',
        outputFormat: 'PNG',
      });
      const meta = await sharp(await download(upscaled?.imageURL)).metadata();
      expect([meta.width, meta.height]).toEqual([128, 96]);
    });

    it('upscale ×4 really enlarges the image and reports its cost', async () => {
      const sdk = client();
      const result = await sdk.upscale({
        inputImage: await picture(),
        upscaleFactor: 4,
        outputType: 'base64Data',
        outputFormat: 'PNG',
        includeCost: true,
      });
      expect(result?.cost).toBe(0.002);
      const meta = await sharp(Buffer.from(result?.imageBase64Data ?? '', 'base64')).metadata();
      expect([meta.width, meta.height]).toEqual([256, 192]);
    });

    it('removeBackground yields a PNG with fully transparent corners and the subject kept', async () => {
      const sdk = client();
      const result = await sdk.removeBackground({
        inputImage: await picture(),
        model: 'runware:109@1',
        outputType: 'URL',
        outputFormat: 'PNG',
      });
      const bytes = await download(result?.imageURL);
      expect((await sharp(bytes).metadata()).channels).toBe(4);
      // Corners clear, the subject in the middle kept.
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

    it('caption returns text read from the image', async () => {
      const sdk = client();
      const result = await sdk.caption({ inputImage: await picture(), model: 'runware:150@2', includeCost: true });
      expect(result?.text).toMatch(/landscape 64x48 image, mostly white/);
    });

    it('vectorize returns a real SVG', async () => {
      const sdk = client();
      const result = await sdk.vectorize({
        model: 'recraft:1@1',
        inputs: { image: await picture() },
        outputType: 'URL',
        outputFormat: 'SVG',
      });
      const response = await fetch(result?.imageURL ?? '');
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      const svg = await response.text();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="64" height="48"/);
      expect((await sharp(Buffer.from(svg)).metadata()).format).toBe('svg');
    });

    it('rejects a tool without an input image as an API error', async () => {
      const sdk = client();
      await expect(sdk.upscale({ upscaleFactor: 2 } as never)).rejects.toMatchObject({ error: { code: 'missingInputImage' } });
    });
  });
});
