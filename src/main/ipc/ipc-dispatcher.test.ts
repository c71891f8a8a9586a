import { describe, expect, it, vi } from 'vitest';
import { MotifError } from '../../core/errors/index.ts';
import { INVOKE_CHANNELS } from '../../shared/ipc-contract.ts';
import { createIpcDispatcher } from './ipc-dispatcher.ts';
import type { IpcHandlers } from './ipc-handlers.ts';

function handlers(overrides: Partial<Record<keyof IpcHandlers, (request: never) => Promise<unknown>>>): IpcHandlers {
  const table: Record<string, unknown> = {};
  for (const channel of INVOKE_CHANNELS) table[channel] = overrides[channel] ?? (() => Promise.reject(new Error(`${channel} not stubbed`)));
  return table as unknown as IpcHandlers;
}

const job = {
  id: 'job_1',
  request: { prompt: 'balloons', style: 'party', size: '512x512', count: 1, format: 'png', model: 'default' },
  state: 'queued',
  createdAt: 1,
  updatedAt: 1,
  entryIds: [],
  expected: 1,
  attempts: [],
  fallback: false,
} as const;

describe('createIpcDispatcher', () => {
  it('hands the handler the request as sent and answers with its validated result', async () => {
    const submit = vi.fn(async () => job);
    const dispatcher = createIpcDispatcher(handlers({ 'jobs:submit': submit }));
    const envelope = await dispatcher.dispatch('jobs:submit', { prompt: 'balloons', size: '512x512' });
    expect(envelope).toEqual({ ok: true, value: job });
    expect(submit).toHaveBeenCalledWith({ prompt: 'balloons', size: '512x512' });
  });

  it('answers an invalid payload with invalid_request naming the field, without calling the engine', async () => {
    const submit = vi.fn(async () => job);
    const dispatcher = createIpcDispatcher(handlers({ 'jobs:submit': submit }));
    const envelope = await dispatcher.dispatch('jobs:submit', { prompt: 42 });
    expect(envelope.ok).toBe(false);
    expect(!envelope.ok && envelope.error).toMatchObject({
      code: 'invalid_request',
      param: 'prompt',
      userMessage: 'The request is not valid: prompt.',
    });
    expect(submit).not.toHaveBeenCalled();
  });

  it.each([
    ['a missing payload', 'library:get', undefined],
    ['a string instead of an object', 'library:get', 'entry_1'],
    ['an extra key', 'library:get', { id: 'entry_1', path: '/etc/passwd' }],
    ['a payload on a channel that takes none', 'jobs:list', { all: true }],
    ['a prototype-polluting object', 'library:set-favourite', JSON.parse('{"id":"e","favourite":true,"__proto__":{"x":1}}')],
    ['a seam repair band past half the side', 'tasks:submit', { task: 'seamless', source: { entryId: 'e' }, band: 0.9 }],
    ['a seam repair with a mask of its own', 'tasks:estimate', { task: 'seamless', source: { entryId: 'e' }, mask: new Uint8Array(4) }],
    ['a pattern request with an option it does not know', 'print:preflight', { product: 'pattern', ids: ['e'], repair: true }],
  ])('refuses %s', async (_label, channel, payload) => {
    const envelope = await createIpcDispatcher(handlers({})).dispatch(channel, payload);
    expect(!envelope.ok && envelope.error.code).toBe('invalid_request');
  });

  it('refuses a channel the contract does not name', async () => {
    for (const channel of ['jobs:delete-everything', '__proto__', 'constructor', 'toString']) {
      const envelope = await createIpcDispatcher(handlers({})).dispatch(channel, undefined);
      expect(!envelope.ok && envelope.error).toMatchObject({ code: 'invalid_request', param: 'channel' });
    }
  });

  it('keeps the code of an engine error', async () => {
    const dispatcher = createIpcDispatcher(
      handlers({ 'library:get': async () => Promise.reject(new MotifError('not_found', { message: 'No entry e1' })) }),
    );
    const envelope = await dispatcher.dispatch('library:get', { id: 'e1' });
    expect(envelope).toEqual({ ok: false, error: { code: 'not_found', message: 'No entry e1', userMessage: 'Not found.' } });
  });

  it('turns an unexpected throw into internal, and logs it', async () => {
    const logError = vi.fn();
    const dispatcher = createIpcDispatcher(handlers({ 'jobs:list': async () => Promise.reject(new TypeError('boom')) }), { logError });
    const envelope = await dispatcher.dispatch('jobs:list', undefined);
    expect(!envelope.ok && envelope.error).toMatchObject({ code: 'internal', userMessage: 'Something went wrong inside Motif.' });
    expect(logError).toHaveBeenCalledOnce();
  });

  it('never lets an answer that breaks the contract out', async () => {
    const logError = vi.fn();
    const dispatcher = createIpcDispatcher(handlers({ 'jobs:list': async () => [{ id: 'job_1', secret: 'sk-live' }] }), { logError });
    const envelope = await dispatcher.dispatch('jobs:list', undefined);
    expect(!envelope.ok && envelope.error.code).toBe('internal');
    expect(JSON.stringify(envelope)).not.toContain('sk-live');
    expect(logError).toHaveBeenCalledOnce();
  });

  it('strips fields the contract does not know from an answer', async () => {
    const dispatcher = createIpcDispatcher(handlers({ 'jobs:submit': async () => ({ ...job, apiKey: 'sk-live' }) }));
    const envelope = await dispatcher.dispatch('jobs:submit', { prompt: 'balloons' });
    expect(envelope.ok && envelope.value).toEqual(job);
  });

  it('does not echo a rejected key back in the error', async () => {
    const envelope = await createIpcDispatcher(handlers({})).dispatch('settings:set-key', {
      name: 'runware',
      value: 'sk-very-secret-value',
      extra: 1,
    });
    expect(envelope.ok).toBe(false);
    expect(JSON.stringify(envelope)).not.toContain('sk-very-secret-value');
  });
});
