import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { RUNWARE_STATUS_CODES, startRunwareEmulator, type RunwareEmulator } from './runware/index.ts';
import { WsTestClient } from './ws-test-client.ts';

const KEY = 'fault-key';
let emulator: RunwareEmulator;
const clients: WsTestClient[] = [];

async function authed(): Promise<WsTestClient> {
  const client = await WsTestClient.authenticated(emulator.wsUrl, KEY);
  clients.push(client);
  return client;
}

const inference = (extra: Record<string, unknown> = {}): Record<string, unknown> & { taskUUID: string } => ({
  taskType: 'imageInference',
  taskUUID: randomUUID(),
  model: 'runware:101@1',
  positivePrompt: 'streamers',
  width: 128,
  height: 128,
  ...extra,
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  emulator = await startRunwareEmulator({ apiKey: KEY, seed: 3 });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  emulator.faults.clear();
  emulator.setLatency({ kind: 'fixed', ms: 0 });
  emulator.setWebSocketAccepting(true);
});

/** Tries a WebSocket upgrade: `open`, or the HTTP status and body the server refused it with. */
function tryUpgrade(url: string): Promise<{ opened: true } | { opened: false; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.terminate();
      resolve({ opened: true });
    });
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ opened: false, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        ws.terminate();
      });
    });
    ws.once('error', reject);
  });
}

const ping = [{ taskType: 'ping', ping: true }];
const isPong = (f: { json: { data?: Record<string, unknown>[] } | undefined }): boolean => f.json?.data?.[0]?.taskType === 'ping';
afterAll(() => emulator.close());

describe('Runware emulator over WebSocket: faults', () => {
  it.each([
    [503, 'serviceUnavailable'],
    [429, 'rateLimitExceeded'],
    [402, 'insufficientCredits'],
    [401, 'invalidApiKey'],
    [500, 'internalServerError'],
  ] as const)('turns a status %i fault into a %s error item carrying the taskUUID', async (status, code) => {
    expect(RUNWARE_STATUS_CODES[status]).toBe(code);
    const client = await authed();
    emulator.faults.failNext(1, { kind: 'status', status });
    const task = inference();
    client.send([task]);
    await client.until(() => client.itemsFor(task.taskUUID).errors.length === 1);
    expect(client.itemsFor(task.taskUUID).errors[0]).toMatchObject({ code, taskType: 'imageInference', taskUUID: task.taskUUID });
  });

  it('sends a runware-error fault with its code, and failNext fails exactly n calls', async () => {
    const client = await authed();
    emulator.faults.failNext(2, { kind: 'runware-error', code: 'timeoutProvider' });
    const tasks = [inference(), inference(), inference()];
    for (const task of tasks) client.send([task]);
    await client.until(() => tasks.every((t) => client.itemsFor(t.taskUUID).data.length + client.itemsFor(t.taskUUID).errors.length > 0));
    expect(tasks.map((t) => client.itemsFor(t.taskUUID).errors[0]?.code ?? 'ok')).toEqual(['timeoutProvider', 'timeoutProvider', 'ok']);
    expect(emulator.faults.pending).toBe(0);
  });

  it('plays a script one fault per call, with none letting a call through; getResponse does not consume it', async () => {
    const client = await authed();
    emulator.faults.script([{ kind: 'none' }, { kind: 'status', status: 503 }]);
    client.send([{ taskType: 'getResponse', taskUUID: randomUUID() }]);
    const first = inference();
    const second = inference();
    client.send([first]);
    client.send([second]);
    await client.until(() => client.itemsFor(first.taskUUID).data.length === 1 && client.itemsFor(second.taskUUID).errors.length === 1);
    expect(client.itemsFor(second.taskUUID).errors[0]?.code).toBe('serviceUnavailable');
  });

  it('hang never answers, and the task stays processing for getResponse', async () => {
    const client = await authed();
    emulator.faults.failNext(1, { kind: 'hang' });
    const task = inference();
    client.send([task]);
    await sleep(300);
    expect(client.itemsFor(task.taskUUID)).toEqual({ data: [], errors: [] });
    client.send([{ taskType: 'getResponse', taskUUID: task.taskUUID }]);
    const frame = await client.waitFor((f) => f.json?.data?.[0]?.taskUUID === task.taskUUID);
    expect(frame.json?.data?.[0]?.status).toBe('processing');
  });

  it('drop-socket closes after the first image; the rest finish and are fetched with getResponse after reconnecting', async () => {
    const client = await authed();
    emulator.faults.failNext(1, { kind: 'drop-socket' });
    const task = inference({ numberResults: 3 });
    client.send([task]);
    await client.until(() => client.closed);
    expect(client.itemsFor(task.taskUUID).data).toHaveLength(1);
    const again = await authed();
    let statuses: unknown[] = [];
    for (let attempt = 0; attempt < 40 && !(statuses.length === 3 && statuses.every((s) => s === 'success')); attempt += 1) {
      const seen = again.frames.length;
      again.send([{ taskType: 'getResponse', taskUUID: task.taskUUID }]);
      const frame = await again.until(() => again.frames[seen]);
      statuses = frame.json?.data?.map((i) => i.status) ?? [];
      await sleep(50);
    }
    expect(statuses).toEqual(['success', 'success', 'success']);
  });

  it('drop-socket on a single-image task closes before any image', async () => {
    const client = await authed();
    emulator.faults.failNext(1, { kind: 'drop-socket' });
    const task = inference();
    client.send([task]);
    await client.until(() => client.closed);
    expect(client.itemsFor(task.taskUUID).data).toHaveLength(0);
  });

  it('malformed-json sends a frame that is not JSON but carries the complete taskUUID', async () => {
    const client = await authed();
    emulator.faults.failNext(1, { kind: 'malformed-json' });
    const task = inference();
    client.send([task]);
    const frame = await client.waitFor((f) => f.json === undefined);
    expect(frame.raw.startsWith(`{"data":[{"taskType":"imageInference","taskUUID":"${task.taskUUID}","imageUUID":`)).toBe(true);
    expect(() => JSON.parse(frame.raw) as unknown).toThrow();
    // The result is still stored: getResponse returns it.
    client.send([{ taskType: 'getResponse', taskUUID: task.taskUUID }]);
    const answer = await client.waitFor((f) => f.json?.data?.[0]?.taskUUID === task.taskUUID);
    expect(answer.json?.data?.[0]?.status).toBe('success');
  });

  it('malformed-json names the task in every frame of a multi-image task', async () => {
    const client = await authed();
    emulator.faults.failNext(1, { kind: 'malformed-json' });
    const task = inference({ numberResults: 3 });
    client.send([task]);
    await client.until(() => client.frames.filter((f) => f.json === undefined).length === 3);
    for (const frame of client.frames.filter((f) => f.json === undefined)) {
      expect(frame.raw).toContain(`"taskUUID":"${task.taskUUID}"`);
      expect(() => JSON.parse(frame.raw) as unknown).toThrow();
    }
  });

  it('garbage-frame sends text that is not JSON and names no task; the result is kept for getResponse', async () => {
    const client = await authed();
    emulator.faults.failNext(1, { kind: 'garbage-frame' });
    const task = inference();
    client.send([task]);
    const frame = await client.waitFor((f) => f.json === undefined);
    expect(() => JSON.parse(frame.raw) as unknown).toThrow();
    expect(frame.raw).not.toContain('taskUUID');
    expect(frame.raw).not.toContain(task.taskUUID);
    client.send([{ taskType: 'getResponse', taskUUID: task.taskUUID }]);
    const answer = await client.waitFor((f) => f.json?.data?.[0]?.taskUUID === task.taskUUID);
    expect(answer.json?.data?.[0]?.status).toBe('success');
  });

  it('suppressPongs(n) leaves the next n pings unanswered, then answers again, and tasks still run', async () => {
    const client = await authed();
    const before = { pings: emulator.stats.pings, suppressed: emulator.stats.pongsSuppressed };
    emulator.faults.suppressPongs(2);
    client.send(ping);
    client.send(ping);
    const task = inference();
    client.send([task]);
    await client.until(() => client.itemsFor(task.taskUUID).data.length === 1);
    expect(client.frames.filter(isPong)).toHaveLength(0);
    client.send(ping);
    await client.waitFor(isPong);
    expect(client.frames.filter(isPong)).toHaveLength(1);
    expect(emulator.stats.pings - before.pings).toBe(3);
    expect(emulator.stats.pongsSuppressed - before.suppressed).toBe(2);
    // Pings are not calls: the script is untouched.
    expect(emulator.faults.pending).toBe(0);
  });

  it("suppressPongs('all') withholds pongs on every socket until suppressPongs(0)", async () => {
    emulator.faults.suppressPongs('all');
    const [a, b] = [await authed(), await authed()];
    a.send(ping);
    b.send(ping);
    const task = inference();
    b.send([task]);
    await b.until(() => b.itemsFor(task.taskUUID).data.length === 1);
    await sleep(50);
    expect([...a.frames, ...b.frames].filter(isPong)).toHaveLength(0);
    emulator.faults.suppressPongs(0);
    a.send(ping);
    await a.waitFor(isPong);
  });

  it('the suppressPongs option starts the emulator with pongs withheld', async () => {
    const emu = await startRunwareEmulator({ suppressPongs: 1 });
    try {
      const client = await WsTestClient.authenticated(emu.wsUrl, 'k');
      clients.push(client);
      client.send(ping);
      client.send(ping);
      await client.waitFor(isPong);
      expect(client.frames.filter(isPong)).toHaveLength(1);
      expect(emu.stats).toMatchObject({ pings: 2, pongsSuppressed: 1 });
    } finally {
      await emu.close();
    }
  });

  it('setWebSocketAccepting(false) refuses upgrades with 503, keeps open sockets and REST, and true accepts again', async () => {
    const open = await authed();
    const before = emulator.stats.rejectedUpgrades;
    emulator.setWebSocketAccepting(false);
    const refused = await tryUpgrade(emulator.wsUrl);
    expect(refused).toMatchObject({ opened: false, status: 503 });
    expect(!refused.opened && (JSON.parse(refused.body) as { errors: { code: string }[] }).errors[0]?.code).toBe('serviceUnavailable');
    expect(emulator.stats.rejectedUpgrades - before).toBe(1);
    // The socket that was already open keeps working.
    const task = inference();
    open.send([task]);
    await open.until(() => open.itemsFor(task.taskUUID).data.length === 1);
    const rest = await fetch(emulator.restUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify([inference()]),
    });
    expect(rest.status).toBe(200);
    emulator.setWebSocketAccepting(true);
    expect(await tryUpgrade(emulator.wsUrl)).toEqual({ opened: true });
  });

  it('the rejectWebSocketUpgrades option starts the emulator refusing upgrades', async () => {
    const emu = await startRunwareEmulator({ rejectWebSocketUpgrades: true });
    try {
      expect(await tryUpgrade(emu.wsUrl)).toMatchObject({ opened: false, status: 503 });
      expect(emu.stats).toMatchObject({ connections: 0, rejectedUpgrades: 1 });
      emu.setWebSocketAccepting(true);
      expect(await tryUpgrade(emu.wsUrl)).toEqual({ opened: true });
    } finally {
      await emu.close();
    }
  });

  it('trickle sends a frame as slow fragments that still arrive whole', async () => {
    const client = await authed();
    emulator.faults.failNext(1, { kind: 'trickle', chunkBytes: 64, intervalMs: 20 });
    const task = inference();
    const started = performance.now();
    client.send([task]);
    await client.until(() => client.itemsFor(task.taskUUID).data.length === 1);
    const frame = client.frames.find((f) => f.json?.data?.[0]?.taskUUID === task.taskUUID);
    const chunks = Math.ceil((frame?.raw.length ?? 0) / 64);
    expect(chunks).toBeGreaterThan(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual((chunks - 1) * 20 - 5);
  });

  it('delay adds its time before answering', async () => {
    const client = await authed();
    emulator.faults.failNext(1, { kind: 'delay', ms: 250 });
    const task = inference();
    const started = performance.now();
    client.send([task]);
    await client.until(() => client.itemsFor(task.taskUUID).data.length === 1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(245);
  });

  it('applies latency per task and spreads multi-image frames over it', async () => {
    const client = await authed();
    emulator.setLatency({ kind: 'fixed', ms: 1200 });
    const task = inference({ numberResults: 3 });
    const started = performance.now();
    client.send([task]);
    await client.until(() => client.itemsFor(task.taskUUID).data.length === 3);
    const times = client.frames.filter((f) => f.json?.data?.[0]?.taskUUID === task.taskUUID).map((f) => f.at - started);
    // Image i is due at latency × (i+1)/3; generous margins keep this stable on a loaded machine.
    expect(times[0]).toBeGreaterThanOrEqual(395);
    expect(times[2]).toBeGreaterThanOrEqual(1195);
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(400);
  });

  it('a random error rate is reproducible from the seed', async () => {
    const outcomes = async (): Promise<string[]> => {
      const emu = await startRunwareEmulator({
        seed: 11,
        faults: {
          errorRate: 0.5,
          errorFaults: [
            { kind: 'status', status: 503 },
            { kind: 'runware-error', code: 'timeoutProvider' },
          ],
        },
      });
      try {
        const client = await WsTestClient.authenticated(emu.wsUrl, 'k');
        clients.push(client);
        const tasks = Array.from({ length: 12 }, () => inference());
        for (const task of tasks) client.send([task]);
        await client.until(() =>
          tasks.every((t) => client.itemsFor(t.taskUUID).data.length + client.itemsFor(t.taskUUID).errors.length > 0),
        );
        return tasks.map((t) => String(client.itemsFor(t.taskUUID).errors[0]?.code ?? 'ok'));
      } finally {
        await emu.close();
      }
    };
    const first = await outcomes();
    expect(await outcomes()).toEqual(first);
    expect(first).toContain('ok');
    expect(first.some((o) => o !== 'ok')).toBe(true);
  });
});
