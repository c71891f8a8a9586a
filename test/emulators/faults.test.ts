import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/util/random.ts';
import { drawLatency, FaultController, parseFaultHeader, type Fault } from './faults.ts';

const e500: Fault = { kind: 'status', status: 500 };
const hang: Fault = { kind: 'hang' };

describe('FaultController', () => {
  it('gives no fault by default', () => {
    const faults = new FaultController(seededRandom(1));
    expect(Array.from({ length: 20 }, () => faults.next())).toEqual(Array(20).fill(undefined));
    expect(faults.injected).toBe(0);
  });

  it('failNext fails exactly the next n calls', () => {
    const faults = new FaultController(seededRandom(1));
    faults.failNext(3, e500);
    expect([faults.next(), faults.next(), faults.next(), faults.next()]).toEqual([e500, e500, e500, undefined]);
    expect(faults.injected).toBe(3);
  });

  it('script queues one fault per call in order; none lets a call through', () => {
    const faults = new FaultController(seededRandom(1));
    faults.script([hang, { kind: 'none' }, e500]);
    expect(faults.pending).toBe(3);
    expect([faults.next(), faults.next(), faults.next(), faults.next()]).toEqual([hang, undefined, e500, undefined]);
  });

  it('an override wins without consuming the script', () => {
    const faults = new FaultController(seededRandom(1));
    faults.failNext(1, e500);
    expect(faults.next(hang)).toEqual(hang);
    expect(faults.next()).toEqual(e500);
  });

  it('draws random faults at about the error rate, reproducibly from the seed', () => {
    const run = (): (string | undefined)[] => {
      const faults = new FaultController(seededRandom(7), { errorRate: 0.3, errorFaults: [e500, hang] });
      return Array.from({ length: 1000 }, () => faults.next()?.kind);
    };
    const outcomes = run();
    expect(run()).toEqual(outcomes);
    const failures = outcomes.filter((o) => o !== undefined);
    expect(failures.length).toBeGreaterThan(240);
    expect(failures.length).toBeLessThan(360);
    expect(new Set(failures)).toEqual(new Set(['status', 'hang']));
  });

  it('scripted faults come before random ones, and clear() drops both', () => {
    const faults = new FaultController(seededRandom(1), { errorRate: 1 });
    faults.failNext(1, hang);
    expect(faults.next()).toEqual(hang);
    expect(faults.next()).toEqual(e500);
    faults.failNext(5, hang);
    faults.clear();
    expect(faults.next()).toBeUndefined();
    expect(faults.pending).toBe(0);
  });

  it('suppressPongs leaves exactly n pings unanswered, without touching the call script', () => {
    const faults = new FaultController(seededRandom(1));
    faults.failNext(1, e500);
    faults.suppressPongs(2);
    expect([faults.answerPing(), faults.answerPing(), faults.answerPing()]).toEqual([false, false, true]);
    expect(faults.pongsToSuppress).toBe(0);
    expect(faults.pending).toBe(1);
    expect(faults.next()).toEqual(e500);
  });

  it("suppressPongs('all') withholds every pong until reset with 0 or clear()", () => {
    const faults = new FaultController(seededRandom(1));
    faults.suppressPongs('all');
    expect(Array.from({ length: 50 }, () => faults.answerPing()).every((answered) => !answered)).toBe(true);
    expect(faults.pongsToSuppress).toBe(Number.POSITIVE_INFINITY);
    faults.suppressPongs(0);
    expect(faults.answerPing()).toBe(true);
    faults.suppressPongs('all');
    faults.clear();
    expect(faults.answerPing()).toBe(true);
    expect(() => faults.suppressPongs(-1)).toThrow(RangeError);
    expect(() => faults.suppressPongs(1.5)).toThrow(RangeError);
  });

  it('rejects an error rate outside [0, 1] and an empty fault list', () => {
    const faults = new FaultController(seededRandom(1));
    expect(() => faults.set({ errorRate: 1.5 })).toThrow(RangeError);
    expect(() => faults.set({ errorRate: 0.5, errorFaults: [] })).toThrow(RangeError);
  });
});

describe('drawLatency', () => {
  it('draws fixed, uniform and long-tail latencies', () => {
    const random = seededRandom(3);
    expect(drawLatency({ kind: 'fixed', ms: 42 }, random)).toBe(42);
    const uniform = Array.from({ length: 500 }, () => drawLatency({ kind: 'uniform', minMs: 10, maxMs: 20 }, random));
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...uniform)).toBeLessThan(20);
    const tail = Array.from({ length: 1000 }, () => drawLatency({ kind: 'long-tail', baseMs: 5, tailMs: 1000, tailRate: 0.1 }, random));
    expect(new Set(tail)).toEqual(new Set([5, 1005]));
    const slow = tail.filter((t) => t > 5).length;
    expect(slow).toBeGreaterThan(60);
    expect(slow).toBeLessThan(140);
  });
});

describe('parseFaultHeader', () => {
  it('parses every fault kind', () => {
    expect(parseFaultHeader('{"kind":"status","status":429,"retryAfterSeconds":2}')).toEqual({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 2,
    });
    expect(parseFaultHeader('{"kind":"trickle","chunkBytes":10,"intervalMs":5}')).toEqual({
      kind: 'trickle',
      chunkBytes: 10,
      intervalMs: 5,
    });
    expect(parseFaultHeader('{"kind":"runware-error","code":"timeoutProvider"}').kind).toBe('runware-error');
    expect(parseFaultHeader('{"kind":"garbage-frame"}')).toEqual({ kind: 'garbage-frame' });
  });

  it('rejects non-JSON, unknown kinds, unknown statuses and extra keys', () => {
    expect(() => parseFaultHeader('nope')).toThrow(/not JSON/);
    expect(() => parseFaultHeader('{"kind":"explode"}')).toThrow(/not a valid fault/);
    expect(() => parseFaultHeader('{"kind":"status","status":418}')).toThrow(/not a valid fault/);
    expect(() => parseFaultHeader('{"kind":"hang","extra":1}')).toThrow(/not a valid fault/);
  });
});
