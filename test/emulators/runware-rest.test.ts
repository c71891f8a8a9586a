import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './eventually.ts';
import { startRunwareEmulator, type RunwareEmulator } from './runware/index.ts';

const KEY = 'rest-key';
let emulator: RunwareEmulator;

beforeAll(async () => {
  emulator = await startRunwareEmulator({ apiKey: KEY, seed: 5 });
});
afterEach(() => emulator.faults.clear());
afterAll(() => emulator.close());

const inference = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  taskType: 'imageInference',
  taskUUID: randomUUID(),
  model: 'runware:101@1',
  positivePrompt: 'party hats',
  width: 128,
  height: 128,
  ...extra,
});

interface Body {
  data?: Record<string, unknown>[];
  errors?: Record<string, unknown>[];
}

async function post(
  tasks: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${KEY}` },
  signal?: AbortSignal,
): Promise<{ status: number; body: Body; headers: Headers }> {
  const res = await fetch(emulator.restUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(tasks),
    signal,
  });
  return { status: res.status, body: (await res.json()) as Body, headers: res.headers };
}

describe('Runware emulator over REST', () => {
  it('authenticates with a Bearer header and returns every result in one body', async () => {
    const task = inference({ numberResults: 2, includeCost: true });
    const { status, body } = await post([task]);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toHaveLength(2);
    expect(body.data?.every((i) => i.taskUUID === task.taskUUID && i.cost === 0.0013)).toBe(true);
  });

  it('authenticates with an authentication object first in the array', async () => {
    const task = { taskType: 'promptEnhance', taskUUID: randomUUID(), prompt: 'bunting', promptVersions: 2 };
    const { status, body } = await post([{ taskType: 'authentication', apiKey: KEY }, task], {});
    expect(status).toBe(200);
    expect(body.data?.map((i) => i.taskType)).toEqual(['promptEnhance', 'promptEnhance']);
  });

  it('answers a missing key 401 missingApiKey and a wrong key 401 invalidApiKey', async () => {
    const missing = await post([inference()], {});
    expect(missing.status).toBe(401);
    expect(missing.body.errors?.[0]?.code).toBe('missingApiKey');
    const wrong = await post([inference()], { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors?.[0]).toMatchObject({ code: 'invalidApiKey', parameter: 'apiKey', taskType: 'authentication' });
  });

  it('answers an invalid parameter 400 with the task-scoped error', async () => {
    const task = inference({ height: 4000 });
    const { status, body } = await post([task]);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({ code: 'invalidHeight', parameter: 'height', taskUUID: task.taskUUID });
  });

  it('keeps partial success: 200 with both data and errors', async () => {
    const good = inference();
    const bad = inference({ width: 1 });
    const { status, body } = await post([good, bad]);
    expect(status).toBe(200);
    expect(body.data?.[0]?.taskUUID).toBe(good.taskUUID);
    expect(body.errors?.[0]?.taskUUID).toBe(bad.taskUUID);
  });

  it('answers pings in the array, which do not consume scripted faults', async () => {
    emulator.faults.failNext(1, { kind: 'status', status: 500 });
    const { status, body } = await post([{ taskType: 'ping', ping: true }]);
    expect(status).toBe(200);
    expect(body).toEqual({ data: [{ taskType: 'ping', pong: true }] });
    expect(emulator.faults.pending).toBe(1);
  });

  it('answers a body that is not JSON with 400', async () => {
    const res = await fetch(emulator.restUrl, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '[{' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Body).errors?.[0]?.code).toBe('invalidJSON');
  });

  it('serves async acks and getResponse over REST', async () => {
    const task = inference({ deliveryMethod: 'async' });
    const ack = await post([task]);
    expect(ack.body).toEqual({ data: [{ taskType: 'imageInference', taskUUID: task.taskUUID }] });
    let result: Body = {};
    for (let i = 0; i < 50 && result.data?.[0]?.status !== 'success'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      result = (await post([{ taskType: 'getResponse', taskUUID: task.taskUUID }])).body;
    }
    expect(result.data?.[0]).toMatchObject({ status: 'success', taskUUID: task.taskUUID, imageURL: expect.stringMatching(/\/img\//) });
    const unknown = await post([{ taskType: 'getResponse', taskUUID: randomUUID() }]);
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors?.[0]?.code).toBe('taskFailedOrNotFound');
  });

  it.each([
    [{ kind: 'status', status: 429, retryAfterSeconds: 3 }, 429, 'rateLimitExceeded'],
    [{ kind: 'status', status: 402 }, 402, 'insufficientCredits'],
    [{ kind: 'status', status: 503 }, 503, 'serviceUnavailable'],
    [{ kind: 'status', status: 504 }, 504, 'timeoutProvider'],
    [{ kind: 'status', status: 500 }, 500, 'internalServerError'],
    [{ kind: 'runware-error', code: 'timeoutProvider' }, 504, 'timeoutProvider'],
    [{ kind: 'runware-error', code: 'insufficientCredits' }, 402, 'insufficientCredits'],
  ] as const)('maps fault %j to HTTP %i with code %s', async (fault, status, code) => {
    emulator.faults.failNext(1, fault);
    const task = inference();
    const res = await post([task]);
    expect(res.status).toBe(status);
    expect(res.body.errors?.[0]).toMatchObject({ code, taskUUID: task.taskUUID });
    expect(res.headers.get('retry-after')).toBe('retryAfterSeconds' in fault ? String(fault.retryAfterSeconds) : null);
  });

  it('takes a fault from the x-emulator-fault header without consuming the script', async () => {
    emulator.faults.failNext(1, { kind: 'status', status: 500 });
    const res = await post([inference()], {
      authorization: `Bearer ${KEY}`,
      'x-emulator-fault': JSON.stringify({ kind: 'status', status: 503 }),
    });
    expect(res.status).toBe(503);
    expect(emulator.faults.pending).toBe(1);
    const bad = await post([inference()], { authorization: `Bearer ${KEY}`, 'x-emulator-fault': '{"kind":"explode"}' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.code).toBe('invalidEmulatorFault');
  });

  it('hang never answers (the client gives up)', async () => {
    emulator.faults.failNext(1, { kind: 'hang' });
    const failure = await post([inference()], undefined, AbortSignal.timeout(300)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DOMException);
    expect((failure as DOMException).name).toBe('TimeoutError');
    await eventually(() => emulator.faults.pending === 0);
  });

  it('drop-socket destroys the connection', async () => {
    emulator.faults.failNext(1, { kind: 'drop-socket' });
    const failure = await post([inference()]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
  });

  it('malformed-json answers 200 with a body that does not parse', async () => {
    emulator.faults.failNext(1, { kind: 'malformed-json' });
    const res = await fetch(emulator.restUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify([inference()]),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"data":[')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('garbage-frame answers 200 with a body that is not JSON and names no task', async () => {
    emulator.faults.failNext(1, { kind: 'garbage-frame' });
    const task = inference();
    const res = await fetch(emulator.restUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify([task]),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text).not.toContain(String(task.taskUUID));
  });

  it('answers REST while WebSocket upgrades are refused', async () => {
    emulator.setWebSocketAccepting(false);
    try {
      const { status, body } = await post([inference()]);
      expect(status).toBe(200);
      expect(body.data).toHaveLength(1);
    } finally {
      emulator.setWebSocketAccepting(true);
    }
  });

  it('trickle sends the body slowly but completely', async () => {
    emulator.faults.failNext(1, { kind: 'trickle', chunkBytes: 100, intervalMs: 15 });
    const started = performance.now();
    const { status, body } = await post([inference()]);
    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
  });

  it('serves images at /img and 404s unknown ones', async () => {
    const { body } = await post([inference({ outputFormat: 'WEBP' })]);
    const url = String(body.data?.[0]?.imageURL);
    expect(url).toMatch(/\.webp$/);
    const image = await fetch(url);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(100);
    expect((await fetch(url.replace(/\.webp$/, '.png'))).status).toBe(404);
    expect((await fetch(`${emulator.restUrl.replace('/v1', '')}/img/${randomUUID()}.png`)).status).toBe(404);
    expect(emulator.stats.restRequests).toBeGreaterThan(0);
  });
});
