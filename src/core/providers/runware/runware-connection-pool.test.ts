import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { rejection } from '../../../../test/support/async-expect.ts';
import type { PoolStats } from '../../contract/image-provider.ts';
import { MotifError } from '../../errors/index.ts';
import { RunwareConnectionPool, type RunwareConnectionPoolOptions } from './runware-connection-pool.ts';
import type { RunwareTaskOptions } from './runware-task.ts';
import { FakeClock, settle } from '../../../../test/support/fake-clock.ts';
import { FakeRunwareServer } from '../../../../test/support/fake-runware-server.ts';

const pools: RunwareConnectionPool[] = [];

function setup(overrides: Partial<RunwareConnectionPoolOptions> = {}, key: () => string | undefined = () => 'key-1') {
  const clock = new FakeClock();
  const server = new FakeRunwareServer();
  const logs: string[] = [];
  const pool = new RunwareConnectionPool({
    url: 'ws://fake/v1',
    getApiKey: key,
    WebSocket: server.WebSocket,
    clock,
    random: () => 0.5,
    onLog: (_level, message) => logs.push(message),
    ...overrides,
  });
  pools.push(pool);
  return { clock, server, pool, logs };
}

function task(clock: FakeClock, overrides: Partial<RunwareTaskOptions> = {}): RunwareTaskOptions {
  return {
    payload: { taskType: 'imageInference', taskUUID: randomUUID(), positivePrompt: 'confetti' },
    completion: { kind: 'items', count: 1 },
    onItem: undefined,
    signal: new AbortController().signal,
    deadline: clock.now() + 60_000,
    resendable: true,
    ...overrides,
  };
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close(0)));
});

describe('RunwareConnectionPool: connecting', () => {
  it('does not dial out before the first task, then authenticates before sending anything else', async () => {
    const { clock, server, pool } = setup();
    await settle();
    expect(server.sockets).toHaveLength(0);
    const t = pool.submit(task(clock));
    await settle();
    expect(server.sockets).toHaveLength(1);
    const sent = server.sockets[0]?.sent ?? [];
    expect(JSON.parse(sent[0] ?? '[]')).toEqual([{ taskType: 'authentication', apiKey: 'key-1' }]);
    expect(JSON.parse(sent[1] ?? '[]')[0].taskUUID).toBe(t.taskUUID);
  });

  it('routes frames by taskUUID, not by order, over one socket', async () => {
    const { clock, server, pool } = setup();
    const a = pool.submit(task(clock));
    const b = pool.submit(task(clock));
    await settle();
    const [ra, rb] = server.received;
    server.reply(rb!, [{ imageUUID: 'b1', marker: 'for-b' }]);
    server.reply(ra!, [{ imageUUID: 'a1', marker: 'for-a' }]);
    expect((await a.promise)[0]?.marker).toBe('for-a');
    expect((await b.promise)[0]?.marker).toBe('for-b');
    expect(server.sockets).toHaveLength(1);
  });

  it('delivers each item as it arrives and resolves once all are in', async () => {
    const { clock, server, pool } = setup();
    const seen: string[] = [];
    const t = pool.submit(task(clock, { completion: { kind: 'items', count: 3 }, onItem: (item) => seen.push(String(item.imageUUID)) }));
    await settle();
    const received = server.received[0]!;
    server.reply(received, [{ imageUUID: 'i1' }]);
    await settle();
    expect(seen).toEqual(['i1']);
    expect(t.settled).toBe(false);
    server.reply(received, [{ imageUUID: 'i2' }]);
    server.reply(received, [{ imageUUID: 'i2' }]); // a duplicate is not a new image
    server.reply(received, [{ imageUUID: 'i3' }]);
    expect((await t.promise).map((i) => i.imageUUID)).toEqual(['i1', 'i2', 'i3']);
    expect(seen).toEqual(['i1', 'i2', 'i3']);
  });

  it('fails waiting tasks fast with connection_lost when the connection is refused, and reports itself down', async () => {
    const { clock, server, pool } = setup();
    server.connectMode = 'refuse';
    const t = pool.submit(task(clock));
    const error = await rejection(t.promise);
    expect(error.code).toBe('connection_lost');
    expect(error.message).toContain('ECONNREFUSED');
    expect(t.sendCount).toBe(0);
    expect(pool.isDown()).toBe(true);
    // While backing off, new tasks are refused at once (the provider sends them over REST).
    const next = pool.submit(task(clock));
    expect(next.settled).toBe(true);
    expect((await rejection(next.promise)).code).toBe('connection_lost');
  });

  it('fails waiting tasks with upstream_timeout when connecting takes longer than connectTimeoutMs', async () => {
    const { clock, server, pool } = setup({ connectTimeoutMs: 2_000 });
    server.connectMode = 'hang';
    const t = pool.submit(task(clock));
    await clock.advance(1_999);
    expect(t.settled).toBe(false);
    expect(pool.stats().queued).toBe(1);
    await clock.advance(1);
    const error = await rejection(t.promise);
    expect(error.code).toBe('upstream_timeout');
    expect(error.message).toContain('2000 ms');
  });

  it('stops reconnecting after invalidApiKey until the key changes', async () => {
    let key = 'bad-key';
    const { clock, server, pool } = setup({}, () => key);
    server.acceptedKeys = ['good-key'];
    const first = pool.submit(task(clock));
    const error = await rejection(first.promise);
    expect(error.code).toBe('auth_failed');
    expect(error.upstream?.upstreamCode).toBe('invalidApiKey');
    expect(JSON.stringify(error)).not.toContain('bad-key');
    expect(error.message).not.toContain('bad-key');
    expect(pool.authError?.code).toBe('auth_failed');
    await clock.advance(120_000);
    expect(server.sockets).toHaveLength(1); // no retry storm with a bad key
    const again = pool.submit(task(clock));
    expect((await rejection(again.promise)).code).toBe('auth_failed');

    key = 'good-key';
    const t = pool.submit(task(clock));
    await settle();
    expect(server.authKeys).toEqual(['bad-key', 'good-key']);
    server.reply(server.received[0]!, [{ imageUUID: 'x' }]);
    expect(await t.promise).toHaveLength(1);
    expect(pool.authError).toBeUndefined();
  });

  it('rejects a task at once with key_missing when no key is set, without dialling', async () => {
    const { clock, server, pool } = setup({}, () => undefined);
    const t = pool.submit(task(clock));
    expect((await rejection(t.promise)).code).toBe('key_missing');
    await settle();
    expect(server.sockets).toHaveLength(0);
  });
});

describe('RunwareConnectionPool: heartbeat', () => {
  it('pings every heartbeatIntervalMs and keeps the socket while pongs arrive', async () => {
    const { clock, server, pool } = setup({ heartbeatIntervalMs: 30_000, pongTimeoutMs: 10_000 });
    pool.submit(task(clock));
    await settle();
    expect(server.pings).toBe(0);
    await clock.advance(30_000);
    expect(server.pings).toBe(1);
    await clock.advance(30_000);
    expect(server.pings).toBe(2);
    expect(server.openSockets).toHaveLength(1);
  });

  it('marks the socket dead after a missed pong, re-sends unanswered tasks with the same taskUUID on a new socket, and fails answered ones', async () => {
    const { clock, server, pool, logs } = setup({ heartbeatIntervalMs: 30_000, pongTimeoutMs: 10_000 });
    const quiet = pool.submit(task(clock));
    const partial = pool.submit(task(clock, { completion: { kind: 'items', count: 2 } }));
    await settle();
    server.reply(server.received[1]!, [{ imageUUID: 'p1' }]);
    await settle();
    server.answerPings = false;
    await clock.advance(30_000);
    expect(server.pings).toBe(1);
    await clock.advance(9_999);
    expect(server.sockets[0]?.readyState).toBe(1);
    await clock.advance(1);
    expect(server.sockets[0]?.readyState).toBe(3);
    expect(logs.some((line) => line.includes('missed a pong'))).toBe(true);

    // A task that had already received an image cannot be re-sent safely.
    const error = await rejection(partial.promise);
    expect(error.code).toBe('connection_lost');
    expect(error.message).toContain('no pong within 10000 ms');

    // The other is re-sent, same taskUUID, once the pool reconnects (backoff < 500 ms).
    server.answerPings = true;
    await clock.advance(500);
    expect(server.sockets).toHaveLength(2);
    const resent = server.received.filter((r) => r.task.taskUUID === quiet.taskUUID);
    expect(resent).toHaveLength(2);
    expect(resent[1]?.socket).toBe(server.sockets[1]);
    server.reply(resent[1]!, [{ imageUUID: 'q1' }]);
    expect(await quiet.promise).toHaveLength(1);
    expect(pool.stats().reconnects).toBe(1);
  });
});

describe('RunwareConnectionPool: reconnect backoff', () => {
  it('waits longer after each failed attempt, up to the cap', async () => {
    const { clock, server, pool } = setup({ backoff: { baseMs: 500, capMs: 4_000 } }, () => 'key');
    server.connectMode = 'refuse';
    void pool.submit(task(clock)).promise.catch(() => {});
    await settle();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const [delay] = clock.pendingDelays().filter((d) => d < 60_000);
      delays.push(delay ?? -1);
      await clock.advance(delay ?? 0);
      await settle();
    }
    // random() is fixed at 0.5: half of min(cap, base·2^n).
    expect(delays).toEqual([250, 500, 1_000, 2_000, 2_000]);
    expect(server.sockets).toHaveLength(6);
    expect(pool.stats().reconnects).toBe(5);
  });
});

describe('RunwareConnectionPool: deadline and cancel', () => {
  it('fails a task with upstream_timeout at its deadline and ignores its late frames', async () => {
    const { clock, server, pool } = setup();
    const t = pool.submit(task(clock, { deadline: clock.now() + 5_000 }));
    await settle();
    await clock.advance(5_000);
    const error = await rejection(t.promise);
    expect(error.code).toBe('upstream_timeout');
    expect(pool.stats().inFlight).toBe(0);
    server.reply(server.received[0]!, [{ imageUUID: 'late' }]);
    await settle();
    expect(t.items).toHaveLength(0);
    // The socket is still fine for the next task.
    const next = pool.submit(task(clock));
    await settle();
    server.reply(server.received[1]!, [{ imageUUID: 'n' }]);
    expect(await next.promise).toHaveLength(1);
  });

  it('rejects with the abort reason when it is a MotifError, else cancelled, and forgets the task', async () => {
    const { clock, server, pool } = setup();
    const c1 = new AbortController();
    const c2 = new AbortController();
    const t1 = pool.submit(task(clock, { signal: c1.signal }));
    const t2 = pool.submit(task(clock, { signal: c2.signal }));
    await settle();
    const reason = new MotifError('deadline_exceeded', { message: 'job deadline' });
    c1.abort(reason);
    c2.abort('user pressed cancel');
    expect(await rejection(t1.promise)).toBe(reason);
    expect((await rejection(t2.promise)).code).toBe('cancelled');
    expect(pool.stats().inFlight).toBe(0);
    server.reply(server.received[0]!, [{ imageUUID: 'late' }]);
    await settle();
    expect(t1.items).toHaveLength(0);
  });

  it('rejects at once when the signal is already aborted or the deadline already passed', async () => {
    const { clock, pool } = setup();
    const aborted = pool.submit(task(clock, { signal: AbortSignal.abort() }));
    const late = pool.submit(task(clock, { deadline: clock.now() - 1 }));
    expect((await rejection(aborted.promise)).code).toBe('cancelled');
    expect((await rejection(late.promise)).code).toBe('upstream_timeout');
    expect(pool.stats().inFlight + pool.stats().queued).toBe(0);
  });
});

describe('RunwareConnectionPool: bounds and shutdown', () => {
  it('rejects with overloaded past poolSize × maxInFlightPerConnection', async () => {
    const { clock, pool } = setup({ poolSize: 2, maxInFlightPerConnection: 2 });
    const accepted = Array.from({ length: 4 }, () => pool.submit(task(clock)));
    const extra = pool.submit(task(clock));
    expect(extra.settled).toBe(true);
    const error = await rejection(extra.promise);
    expect(error.code).toBe('overloaded');
    expect(error.provider).toBe('runware');
    expect(accepted.every((t) => !t.settled)).toBe(true);
    await settle();
    expect(pool.stats()).toMatchObject({ openSockets: 2, inFlight: 4, queued: 0 });
  });

  it('spreads tasks over the pool sockets', async () => {
    const { clock, server, pool } = setup({ poolSize: 2 });
    await pool.ping(new AbortController().signal, clock.now() + 1_000);
    await settle();
    expect(pool.stats().openSockets).toBe(2);
    for (let i = 0; i < 6; i += 1) pool.submit(task(clock));
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(server.received.filter((r) => r.socket === server.sockets[0])).toHaveLength(3);
    expect(server.received.filter((r) => r.socket === server.sockets[1])).toHaveLength(3);
  });

  it('close() stops accepting, lets in-flight tasks finish within the grace period, cancels the rest, and clears every timer', async () => {
    const { clock, server, pool } = setup();
    const finishing = pool.submit(task(clock));
    const stuck = pool.submit(task(clock));
    await settle();
    const closed = pool.close(3_000);
    const refused = pool.submit(task(clock));
    const refusal = await rejection(refused.promise);
    expect(refusal.code).toBe('cancelled');
    expect(refusal.message).toContain('shutting down');
    server.reply(server.received[0]!, [{ imageUUID: 'f' }]);
    expect(await finishing.promise).toHaveLength(1);
    await clock.advance(3_000);
    await closed;
    expect((await rejection(stuck.promise)).code).toBe('cancelled');
    await settle();
    expect(server.openSockets).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('RunwareConnectionPool: unreadable frames', () => {
  it('fails the task a truncated frame names with upstream_malformed, and survives', async () => {
    const { clock, server, pool, logs } = setup();
    const t = pool.submit(task(clock));
    const other = pool.submit(task(clock));
    await settle();
    const frame = JSON.stringify({ data: [{ taskType: 'imageInference', taskUUID: t.taskUUID, imageBase64Data: 'AAAA' }] });
    server.sockets[0]!.serverSend(frame.slice(0, 80));
    const error = await rejection(t.promise);
    expect(error.code).toBe('upstream_malformed');
    expect(logs.some((line) => line.includes('unreadable frame'))).toBe(true);
    server.reply(server.received[1]!, [{ imageUUID: 'o' }]);
    expect(await other.promise).toHaveLength(1);
  });

  it('treats a socket that sends garbage repeatedly as dead and re-sends its tasks elsewhere', async () => {
    const { clock, server, pool } = setup({ maxGarbageFrames: 3 });
    const t = pool.submit(task(clock));
    await settle();
    for (let i = 0; i < 3; i += 1) server.sockets[0]!.serverSend('<html>oops</html>');
    await settle();
    expect(server.sockets[0]?.readyState).toBe(3);
    await clock.advance(500);
    const resent = server.received.filter((r) => r.task.taskUUID === t.taskUUID);
    expect(resent).toHaveLength(2);
    server.reply(resent[1]!, [{ imageUUID: 'ok' }]);
    expect(await t.promise).toHaveLength(1);
  });
});

describe('RunwareConnectionPool: stats', () => {
  it('counts sockets, tasks in flight and queued tasks', async () => {
    const { clock, server, pool } = setup();
    const changes: PoolStats[] = [];
    const observed = new RunwareConnectionPool({
      url: 'ws://fake/v1',
      getApiKey: () => 'k',
      WebSocket: server.WebSocket,
      clock,
      random: () => 0,
      onStatsChanged: () => changes.push(observed.stats()),
    });
    pools.push(observed);
    observed.submit(task(clock));
    expect(observed.stats()).toMatchObject({ transport: 'websocket', openSockets: 0, connecting: 1, queued: 1, inFlight: 0 });
    await settle();
    expect(observed.stats()).toMatchObject({ openSockets: 1, connecting: 0, queued: 0, inFlight: 1 });
    expect(changes.length).toBeGreaterThan(0);
    void pool;
  });
});
