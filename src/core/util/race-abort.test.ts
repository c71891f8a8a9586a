import { describe, expect, it } from 'vitest';
import { raceAbort } from './race-abort.ts';
import { watchListeners } from '../../../test/support/watch-listeners.ts';

describe('raceAbort', () => {
  it('settles with the promise when it comes first', async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve('done'), controller.signal)).resolves.toBe('done');
    await expect(raceAbort(Promise.reject(new Error('failed')), controller.signal)).rejects.toThrow('failed');
  });

  it('rejects with the abort reason at once while the promise is still pending, and swallows its later failure', async () => {
    const controller = new AbortController();
    let fail!: (error: Error) => void;
    const pending = new Promise<string>((_, reject) => (fail = reject));
    const raced = raceAbort(pending, controller.signal);
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(raced).rejects.toBe(reason);
    fail(new Error('late failure')); // must not become an unhandled rejection
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('rejects at once for an aborted signal without leaving the promise unhandled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already'));
    await expect(raceAbort(Promise.reject(new Error('ignored')), controller.signal)).rejects.toThrow('already');
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('removes its listener as soon as the promise settles', async () => {
    const signal = new AbortController().signal;
    const listeners = watchListeners(signal);
    for (let i = 0; i < 100; i += 1) await raceAbort(Promise.resolve(i), signal);
    expect(listeners.added).toBe(100);
    expect(listeners.live).toBe(0);
  });
});
