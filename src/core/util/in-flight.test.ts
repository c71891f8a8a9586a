import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight.ts';

describe('InFlight', () => {
  it('counts running calls and waits for all of them, failures included', async () => {
    const inFlight = new InFlight();
    let finish!: () => void;
    const slow = inFlight.track(new Promise<void>((r) => (finish = r)));
    const failing = inFlight.track(Promise.reject(new Error('boom')));
    await expect(failing).rejects.toThrow('boom');
    expect(inFlight.size).toBe(1);
    let settled = false;
    const waiting = inFlight.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    finish();
    await slow;
    await waiting;
    expect(settled).toBe(true);
    expect(inFlight.size).toBe(0);
  });
});
