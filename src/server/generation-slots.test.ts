import { describe, expect, it } from 'vitest';
import { MotifError } from '../core/errors/index.ts';
import { FakeClock } from '../../test/support/fake-clock.ts';
import { GenerationSlots } from './generation-slots.ts';

const never = new AbortController().signal;

async function busyError(promise: Promise<unknown>): Promise<MotifError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof MotifError)) throw new Error(`expected a MotifError, got ${String(error)}`);
  return error;
}

describe('GenerationSlots', () => {
  it('runs up to the limit, queues the next ones in order and hands a freed slot to the first waiter', async () => {
    const slots = new GenerationSlots({ maxRunning: 1, maxQueued: 2, maxWaitMs: 10_000, clock: new FakeClock() });
    const releaseFirst = await slots.acquire(never);
    const order: string[] = [];
    const second = slots.acquire(never).then((release) => (order.push('second'), release));
    const third = slots.acquire(never).then((release) => (order.push('third'), release));
    expect(slots.queued).toBe(2);
    releaseFirst();
    const releaseSecond = await second;
    expect(order).toEqual(['second']);
    expect(slots.running).toBe(1);
    releaseSecond();
    releaseSecond(); // twice is harmless
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect(slots.running).toBe(0);
  });

  it('refuses at once with server_busy (429) and a Retry-After from recent generation times when the queue is full', async () => {
    const clock = new FakeClock();
    const slots = new GenerationSlots({ maxRunning: 1, maxQueued: 0, maxWaitMs: 10_000, clock });
    const release = await slots.acquire(never);
    await clock.advance(4_200);
    release();
    await slots.acquire(never);
    const refused = await busyError(slots.acquire(never));
    expect(refused.code).toBe('server_busy');
    expect(refused.spec.httpStatus).toBe(429);
    expect(refused.retryAfterMs).toBe(4_200);
  });

  it('refuses a waiter after the wait limit and frees its queue place', async () => {
    const clock = new FakeClock();
    const slots = new GenerationSlots({ maxRunning: 1, maxQueued: 1, maxWaitMs: 3_000, clock });
    await slots.acquire(never);
    const waiting = busyError(slots.acquire(never));
    await clock.advance(3_000);
    const refused = await waiting;
    expect(refused.code).toBe('server_busy');
    expect(refused.retryAfterMs).toBe(1_000);
    expect(slots.queued).toBe(0);
  });

  it('drops a waiter whose client went away', async () => {
    const slots = new GenerationSlots({ maxRunning: 1, maxQueued: 1, maxWaitMs: 3_000, clock: new FakeClock() });
    const release = await slots.acquire(never);
    const client = new AbortController();
    const waiting = slots.acquire(client.signal).then(
      () => 'granted',
      (reason: unknown) => reason,
    );
    client.abort('gone');
    expect(await waiting).toBe('gone');
    expect(slots.queued).toBe(0);
    release();
    expect(slots.running).toBe(0);
  });
});
