import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventChannel } from '../../shared/ipc-contract.ts';
import { EventRelay } from './event-relay.ts';

const snapshot = (at: number) => ({
  at,
  providers: [],
  targets: [],
  caches: [],
  spend: { todayUsd: 0, capUsd: 0, unknownPricedToday: 0, byProvider: {} },
});
const removed = (jobId: string) => ({ type: 'job-removed' as const, jobId });

function relay() {
  const sent: Array<{ event: EventChannel; payload: unknown }> = [];
  const logError = vi.fn();
  const instance = new EventRelay({ send: (event, payload) => sent.push({ event, payload }), logError });
  return { instance, sent, logError };
}

describe('EventRelay', () => {
  beforeEach(() => vi.useFakeTimers({ now: 10_000 }));
  afterEach(() => vi.useRealTimers());

  it('holds job events until the page has loaded, then flushes them in order', () => {
    const { instance, sent } = relay();
    instance.emit('jobs:event', removed('a'));
    instance.emit('jobs:event', removed('b'));
    expect(sent).toEqual([]);
    instance.pageReady();
    expect(sent.map((each) => each.payload)).toEqual([removed('a'), removed('b')]);
    instance.emit('jobs:event', removed('c'));
    expect(sent).toHaveLength(3);
  });

  it('holds again while the page reloads', () => {
    const { instance, sent } = relay();
    instance.pageReady();
    instance.pageLoading();
    instance.emit('jobs:event', removed('a'));
    expect(sent).toEqual([]);
    instance.pageReady();
    expect(sent).toHaveLength(1);
  });

  it('keeps only the newest held job events when too many pile up', () => {
    const sent: unknown[] = [];
    const instance = new EventRelay({ send: (_event, payload) => sent.push(payload), maxHeldJobEvents: 2 });
    for (const id of ['a', 'b', 'c']) instance.emit('jobs:event', removed(id));
    instance.pageReady();
    expect(sent).toEqual([removed('b'), removed('c')]);
  });

  it('passes each snapshot straight on once the page is ready: the engine alone throttles telemetry', () => {
    const { instance, sent } = relay();
    instance.pageReady();
    for (let index = 0; index < 3; index += 1) instance.emit('health:snapshot', snapshot(index));
    expect(sent.map((each) => each.payload)).toEqual([snapshot(0), snapshot(1), snapshot(2)]);
  });

  it('sends only the newest snapshot once the page is ready', () => {
    const { instance, sent } = relay();
    instance.emit('health:snapshot', snapshot(1));
    instance.emit('health:snapshot', snapshot(2));
    instance.pageReady();
    expect(sent).toEqual([{ event: 'health:snapshot', payload: snapshot(2) }]);
  });

  it('drops an event outside the contract instead of sending it', () => {
    const { instance, sent, logError } = relay();
    instance.pageReady();
    instance.emit('jobs:event', { type: 'job-exploded' });
    expect(sent).toEqual([]);
    expect(logError).toHaveBeenCalledOnce();
  });

  it('survives a send that throws (window gone) and stops after dispose', () => {
    const instance = new EventRelay({
      send: () => {
        throw new Error('Object has been destroyed');
      },
      logError: () => {},
    });
    instance.pageReady();
    expect(() => instance.emit('jobs:event', removed('a'))).not.toThrow();
    instance.dispose();
    instance.pageReady();
    expect(() => instance.emit('health:snapshot', snapshot(1))).not.toThrow();
  });
});
