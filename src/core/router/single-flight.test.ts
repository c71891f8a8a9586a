import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.ts';
import { watchListeners } from '../../../test/support/watch-listeners.ts';

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight.run', () => {
  it('shares one call among identical concurrent callers and forgets it once settled', async () => {
    const flights = new SingleFlight<string>();
    let calls = 0;
    const gate = deferred<string>();
    const work = (): Promise<string> => {
      calls += 1;
      return gate.promise;
    };
    const first = flights.run('k', work);
    const second = flights.run('k', work);
    const other = flights.run('other', async () => 'x');
    expect([first.joined, second.joined, other.joined]).toEqual([false, true, false]);
    expect(flights.inFlight).toBe(2);
    gate.resolve('done');
    expect(await Promise.all([first.promise, second.promise])).toEqual(['done', 'done']);
    await other.promise;
    expect(calls).toBe(1);
    expect(flights.inFlight).toBe(0);
    expect(flights.joined).toBe(1);
    expect(flights.run('k', async () => 'fresh').joined).toBe(false);
  });

  it('shares a failure too, and the next caller starts afresh', async () => {
    const flights = new SingleFlight<string>();
    const first = flights.run('k', async () => {
      throw new Error('upstream down');
    });
    const joined = flights.run('k', async () => 'never');
    await expect(first.promise).rejects.toThrow('upstream down');
    await expect(joined.promise).rejects.toThrow('upstream down');
    expect(await flights.run('k', async () => 'ok').promise).toBe('ok');
  });

  it('turns work that throws at once into a rejection', async () => {
    const flights = new SingleFlight<string>();
    const { promise } = flights.run('k', () => {
      throw new Error('sync');
    });
    await expect(promise).rejects.toThrow('sync');
    expect(flights.inFlight).toBe(0);
  });
});

describe('SingleFlight.join', () => {
  it('lets a joined caller cancel alone: the others still get the result and the work is not aborted', async () => {
    const flights = new SingleFlight<string>();
    const gate = deferred<string>();
    let workSignal: AbortSignal | undefined;
    const leader = new AbortController();
    const joiner = new AbortController();
    const a = flights.join('k', leader.signal, (signal) => {
      workSignal = signal;
      return gate.promise;
    });
    const b = flights.join('k', joiner.signal, () => Promise.resolve('never runs'));
    expect(b.joined).toBe(true);
    joiner.abort(new Error('cancelled by the designer'));
    await expect(b.promise).rejects.toThrow('cancelled by the designer');
    expect(workSignal?.aborted).toBe(false);
    gate.resolve('images');
    expect(await a.promise).toBe('images');
  });

  it('lets the first caller cancel without cancelling the callers who joined it', async () => {
    const flights = new SingleFlight<string>();
    const gate = deferred<string>();
    let workSignal: AbortSignal | undefined;
    const leader = new AbortController();
    const joiner = new AbortController();
    const a = flights.join('k', leader.signal, (signal) => {
      workSignal = signal;
      return gate.promise;
    });
    const b = flights.join('k', joiner.signal, () => Promise.resolve('never runs'));
    leader.abort(new Error('leader cancelled'));
    await expect(a.promise).rejects.toThrow('leader cancelled');
    expect(workSignal?.aborted).toBe(false);
    gate.resolve('images');
    expect(await b.promise).toBe('images');
  });

  it('aborts the shared work once every caller has left, and a new caller starts afresh', async () => {
    const flights = new SingleFlight<string>();
    let workSignal: AbortSignal | undefined;
    const callers = [new AbortController(), new AbortController(), new AbortController()];
    const joins = callers.map((c) =>
      flights.join('k', c.signal, (signal) => {
        workSignal = signal;
        return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      }),
    );
    const settled = Promise.allSettled(joins.map((j) => j.promise));
    callers[0]!.abort(new Error('one'));
    callers[1]!.abort(new Error('two'));
    expect(workSignal?.aborted).toBe(false);
    callers[2]!.abort(new Error('three'));
    expect(workSignal?.aborted).toBe(true);
    expect((await settled).map((s) => s.status === 'rejected' && (s.reason as Error).message)).toEqual(['one', 'two', 'three']);
    expect(flights.inFlight).toBe(0);
    const fresh = flights.join('k', new AbortController().signal, async () => 'again');
    expect(fresh.joined).toBe(false);
    expect(await fresh.promise).toBe('again');
  });

  it('does not start work for a caller that is already cancelled', async () => {
    const flights = new SingleFlight<string>();
    let started = false;
    const cancelled = new AbortController();
    cancelled.abort(new Error('too late'));
    const result = flights.join('k', cancelled.signal, async () => {
      started = true;
      return 'x';
    });
    await expect(result.promise).rejects.toThrow('too late');
    expect(started).toBe(false);
    expect(flights.inFlight).toBe(0);
  });

  it('removes its abort listener from each caller’s signal when the work settles', async () => {
    const flights = new SingleFlight<number>();
    const signal = new AbortController().signal;
    const listeners = watchListeners(signal);
    for (let i = 0; i < 100; i += 1) await flights.join(`k${i % 3}`, signal, async () => i).promise;
    expect(listeners.added).toBe(100);
    expect(listeners.removed).toBe(100);
  });
});
