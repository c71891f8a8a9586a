import { ApiError, createFalClient } from '@fal-ai/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFalEmulator, type FalEmulator } from '../emulators/fal/fal-emulator.ts';

/**
 * The official `@fal-ai/client` against the fal emulator: the client builds
 * `https://queue.fal.run/...` URLs, and a request middleware points them at
 * the emulator, so every path, header and body is the client's own.
 */
const KEY = 'fal-contract-key';
let emulator: FalEmulator;

function client(credentials = KEY) {
  return createFalClient({
    credentials,
    suppressLocalCredentialsWarning: true,
    retry: { maxRetries: 0 },
    requestMiddleware: async (request) => ({ ...request, url: request.url.replace(/^https:\/\/queue\.fal\.run/, emulator.url) }),
  });
}

beforeAll(async () => {
  emulator = await startFalEmulator({ apiKey: KEY, pollsBeforeDone: 1 });
});

afterAll(async () => {
  await emulator.close();
});

describe('@fal-ai/client against the fal emulator', () => {
  it('subscribes (submit, poll status to COMPLETED, read result) and gets decodable images', async () => {
    const updates: string[] = [];
    const result = await client().subscribe('fal-ai/flux/schnell', {
      input: {
        prompt: 'golden balloons over a birthday cake',
        image_size: { width: 256, height: 256 },
        num_images: 2,
        seed: 7,
        output_format: 'png',
        sync_mode: true,
      },
      pollInterval: 10,
      onQueueUpdate: (status) => updates.push(status.status),
    });
    expect(updates).toEqual(['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED']);
    expect(result.requestId).not.toBe('');
    const data = result.data as { images: { url: string; width: number; height: number; content_type: string }[]; seed: number };
    expect(data.seed).toBe(7);
    expect(data.images).toHaveLength(2);
    for (const image of data.images) {
      expect(image).toMatchObject({ width: 256, height: 256, content_type: 'image/png' });
      const bytes = Buffer.from(image.url.replace(/^data:image\/png;base64,/, ''), 'base64');
      expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    expect(emulator.submitted.at(-1)?.endpoint).toBe('fal-ai/flux/schnell');
  });

  it('drops the model sub-path for status and result, as fal does (queue.submit, status, result)', async () => {
    const fal = client();
    const queued = await fal.queue.submit('fal-ai/flux/dev', { input: { prompt: 'bunting', image_size: 'square', num_images: 1 } });
    expect(queued.status).toBe('IN_QUEUE');
    expect(queued.status_url).toBe(`${emulator.url}/fal-ai/flux/requests/${queued.request_id}/status`);
    let status = await fal.queue.status('fal-ai/flux/dev', { requestId: queued.request_id });
    while (status.status !== 'COMPLETED') status = await fal.queue.status('fal-ai/flux/dev', { requestId: queued.request_id });
    const result = await fal.queue.result('fal-ai/flux/dev', { requestId: queued.request_id });
    const image = (result.data as { images: { url: string; width: number }[] }).images[0]!;
    expect(image.width).toBe(512);
    expect(image.url).toMatch(new RegExp(`^${emulator.url}/files/`));
  });

  it('cancels a queued request', async () => {
    const fal = client();
    const queued = await fal.queue.submit('fal-ai/flux/schnell', { input: { prompt: 'confetti' } });
    await fal.queue.cancel('fal-ai/flux/schnell', { requestId: queued.request_id });
    expect(emulator.cancelled).toContain(queued.request_id);
  });

  it('rejects a wrong key with 401 and a missing prompt with 422, as ApiError', async () => {
    const unauthorised = await client('wrong-key')
      .queue.submit('fal-ai/flux/schnell', { input: { prompt: 'x' } })
      .catch((error: unknown) => error);
    expect(unauthorised).toBeInstanceOf(ApiError);
    expect((unauthorised as ApiError<unknown>).status).toBe(401);
    const invalid = await client()
      .queue.submit('fal-ai/flux/schnell', { input: { prompt: '' } })
      .catch((error: unknown) => error);
    expect((invalid as ApiError<unknown>).status).toBe(422);
  });
});
