import { describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc-contract.ts';
import { createIpcDispatcher } from './ipc-dispatcher.ts';
import type { IpcHandlers } from './ipc-handlers.ts';

function handlers(overrides: Partial<Record<keyof IpcHandlers, (request: never) => Promise<unknown>>>): IpcHandlers {
  const table: Record<string, unknown> = {};
  for (const channel of INVOKE_CHANNELS) table[channel] = overrides[channel] ?? (() => Promise.reject(new Error(`${channel} not stubbed`)));
  return table as unknown as IpcHandlers;
}

const summary = { id: 'p1', name: 'Smith wedding', createdAt: 1, count: 0 };

describe('project and tag channels', () => {
  it('hands the engine a cleaned project name', async () => {
    const create = vi.fn(async () => summary);
    const envelope = await createIpcDispatcher(handlers({ 'projects:create': create })).dispatch('projects:create', {
      name: '  Smith   wedding ',
    });
    expect(envelope).toEqual({ ok: true, value: summary });
    expect(create).toHaveBeenCalledWith({ name: 'Smith wedding' });
  });

  it('hands the engine normalised tags without repeats', async () => {
    const setTags = vi.fn(async () => Promise.reject(new Error('stop here')));
    await createIpcDispatcher(handlers({ 'library:set-tags': setTags }), { logError: () => undefined }).dispatch('library:set-tags', {
      id: 'e1',
      tags: ['Gold', ' gold', 'Kids  party'],
    });
    expect(setTags).toHaveBeenCalledWith({ id: 'e1', tags: ['gold', 'kids party'] });
  });

  it.each([
    ['an empty project name', 'projects:create', { name: '   ' }],
    ['a project name with control characters', 'projects:create', { name: 'a\u0007b' }],
    ['a project name that is too long', 'projects:rename', { id: 'p1', name: 'x'.repeat(81) }],
    ['a project id with a path in it', 'projects:delete', { id: '../../etc' }],
    ['no entry ids to file', 'projects:add', { id: 'p1', ids: [] }],
    ['an extra key', 'projects:set-cover', { id: 'p1', entryId: 'e1', path: '/tmp' }],
    ['a tag with markup', 'library:set-tags', { id: 'e1', tags: ['<b>'] }],
    ['too many tags', 'library:set-tags', { id: 'e1', tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }],
    ['a project filter that is not an id', 'library:list', { project: 'a b' }],
  ])('refuses %s without calling the engine', async (_label, channel, payload) => {
    const engine = vi.fn(async () => summary);
    const table = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, engine])) as unknown as IpcHandlers;
    const envelope = await createIpcDispatcher(table).dispatch(channel, payload);
    expect(!envelope.ok && envelope.error.code).toBe('invalid_request');
    expect(engine).not.toHaveBeenCalled();
  });
});
