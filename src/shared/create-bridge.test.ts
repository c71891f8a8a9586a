import { describe, expect, it, vi } from 'vitest';
import { isBridgeError } from './bridge-error.ts';
import { createBridge, type BridgeTransport } from './create-bridge.ts';
import type { EventChannel } from './ipc-contract.ts';

function transport(reply: (channel: string, request: unknown) => unknown) {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const calls: Array<{ channel: string; request: unknown }> = [];
  const value: BridgeTransport = {
    invoke: async (channel, request) => {
      calls.push({ channel, request });
      return reply(channel, request);
    },
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    mediaUrl: (kind, id) => `test://${kind}/${id}`,
  };
  const emit = (event: EventChannel, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  return { value, calls, emit, listeners };
}

describe('createBridge', () => {
  it('sends each call on its channel with its request shape', async () => {
    const { value, calls } = transport(() => ({ ok: true, value: undefined }));
    const bridge = createBridge(value);
    await bridge.jobs.cancel('job_1');
    await bridge.library.setFavourite('e1', true);
    await bridge.settings.setKey('runware', 'k');
    await bridge.prompts.enhance('balloons');
    expect(calls).toEqual([
      { channel: 'jobs:cancel', request: { jobId: 'job_1' } },
      { channel: 'library:set-favourite', request: { id: 'e1', favourite: true } },
      { channel: 'settings:set-key', request: { name: 'runware', value: 'k' } },
      { channel: 'prompts:enhance', request: { prompt: 'balloons' } },
    ]);
  });

  it('resolves with the value of an ok envelope', async () => {
    const bridge = createBridge(transport(() => ({ ok: true, value: ['a', 'b'] })).value);
    await expect(bridge.prompts.enhance('x', 2)).resolves.toEqual(['a', 'b']);
  });

  it('rejects with code and userMessage from an error envelope', async () => {
    const error = {
      code: 'invalid_request',
      message: 'jobs:submit: prompt: expected string',
      userMessage: 'The request is not valid: prompt.',
      param: 'prompt',
    };
    const bridge = createBridge(transport(() => ({ ok: false, error })).value);
    const rejection = await bridge.jobs.submit({ prompt: 'x' }).catch((reason: unknown) => reason);
    expect(isBridgeError(rejection)).toBe(true);
    expect(rejection).toEqual({ name: 'MotifError', ...error });
  });

  it('rejects with an internal error when the reply is not an envelope or the transport fails', async () => {
    const garbled = createBridge(transport(() => 'hello').value);
    await expect(garbled.jobs.list()).rejects.toMatchObject({ code: 'internal', userMessage: 'Something went wrong inside Motif.' });
    const broken = createBridge({ ...transport(() => undefined).value, invoke: () => Promise.reject(new Error('No handler registered')) });
    await expect(broken.jobs.list()).rejects.toMatchObject({ code: 'internal' });
  });

  it('fans one transport subscription out to every listener, and lets go when the last leaves', () => {
    const { value, emit, listeners } = transport(() => ({ ok: true }));
    const bridge = createBridge(value);
    const first = vi.fn();
    const second = vi.fn(() => {
      throw new Error('listener bug');
    });
    const offFirst = bridge.jobs.onEvent(first);
    const offSecond = bridge.jobs.onEvent(second);
    expect(listeners.get('jobs:event')?.size).toBe(1);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    emit('jobs:event', { type: 'job-removed', jobId: 'j' });
    expect(first).toHaveBeenCalledWith({ type: 'job-removed', jobId: 'j' });
    offFirst();
    offFirst();
    offSecond();
    expect(listeners.get('jobs:event')?.size).toBe(0);
  });

  it('builds media URLs through the transport and is frozen', () => {
    const bridge = createBridge(transport(() => ({ ok: true })).value);
    expect(bridge.media.thumbnailUrl('e1')).toBe('test://thumb/e1');
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.jobs)).toBe(true);
  });
});
