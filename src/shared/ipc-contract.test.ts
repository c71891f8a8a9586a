import { describe, expect, expectTypeOf, it } from 'vitest';
import type { IpcHandlers } from '../main/ipc/ipc-handlers.ts';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  IPC_CHANNELS,
  type ChannelRequest,
  type ChannelResult,
  type EventPayload,
  type InvokeChannel,
} from './ipc-contract.ts';
import type { MotifBridge } from './motif-bridge.ts';

type Bridge = MotifBridge;
type Resolved<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

describe('IPC contract', () => {
  it('names every channel domain:action in kebab case', () => {
    for (const name of [...INVOKE_CHANNELS, ...EVENT_CHANNELS]) expect(name).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  it('keeps invoke and event names apart', () => {
    const invoke = new Set<string>(INVOKE_CHANNELS);
    for (const event of EVENT_CHANNELS) expect(invoke.has(event)).toBe(false);
  });

  it('gives main one handler per channel and no handler without a channel (checked by tsc)', () => {
    // A channel without a handler, or a handler without a channel, fails here at type level.
    expectTypeOf<keyof IpcHandlers>().toEqualTypeOf<InvokeChannel>();
    expect(Object.keys(IPC_CHANNELS).sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('types the wire exactly as the renderer API expects (checked by tsc)', () => {
    expectTypeOf<Parameters<Bridge['jobs']['submit']>[0]>().toExtend<ChannelRequest<'jobs:submit'>>();
    expectTypeOf<ChannelResult<'jobs:submit'>>().toExtend<Resolved<Bridge['jobs']['submit']>>();
    expectTypeOf<ChannelResult<'jobs:list'>>().toExtend<Resolved<Bridge['jobs']['list']>>();
    expectTypeOf<Parameters<Bridge['library']['list']>[0]>().toExtend<ChannelRequest<'library:list'>>();
    expectTypeOf<ChannelResult<'library:list'>>().toExtend<Resolved<Bridge['library']['list']>>();
    expectTypeOf<ChannelResult<'library:get'>>().toExtend<Resolved<Bridge['library']['get']>>();
    expectTypeOf<ChannelResult<'library:export'>>().toExtend<Resolved<Bridge['library']['export']>>();
    expectTypeOf<Parameters<Bridge['settings']['update']>[0]>().toExtend<ChannelRequest<'settings:update'>>();
    expectTypeOf<ChannelResult<'settings:get'>>().toExtend<Resolved<Bridge['settings']['get']>>();
    expectTypeOf<ChannelResult<'settings:move-library'>>().toExtend<Resolved<Bridge['settings']['moveLibrary']>>();
    expectTypeOf<ChannelResult<'health:get-snapshot'>>().toExtend<Resolved<Bridge['health']['snapshot']>>();
    expectTypeOf<ChannelResult<'health:test-connection'>>().toExtend<Resolved<Bridge['health']['testConnection']>>();
    expectTypeOf<EventPayload<'jobs:event'>>().toExtend<Parameters<Parameters<Bridge['jobs']['onEvent']>[0]>[0]>();
    expectTypeOf<EventPayload<'health:snapshot'>>().toExtend<Parameters<Parameters<Bridge['health']['onSnapshot']>[0]>[0]>();
  });

  it('accepts a submit as sent and keeps it as sent', () => {
    const request = { prompt: 'pink balloons', size: '512x512' };
    const parsed = IPC_CHANNELS['jobs:submit'].request.safeParse(request);
    expect(parsed.success && parsed.data).toEqual(request);
  });

  it('rejects a submit the engine would reject, naming the field', () => {
    const parsed = IPC_CHANNELS['jobs:submit'].request.safeParse({ prompt: 42 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['prompt']);
  });

  it('takes a layout the offline engine draws, and rejects any other naming the field', () => {
    const request = { prompt: 'dinosaurs', layout: 'table-card' };
    const parsed = IPC_CHANNELS['jobs:submit'].request.safeParse(request);
    expect(parsed.success && parsed.data).toEqual(request);
    const bad = IPC_CHANNELS['jobs:submit'].request.safeParse({ prompt: 'dinosaurs', layout: 'billboard' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['layout']);
  });

  it('rejects unknown keys instead of ignoring them', () => {
    expect(IPC_CHANNELS['library:get'].request.safeParse({ id: 'a', extra: 1 }).success).toBe(false);
    expect(IPC_CHANNELS['settings:set-key'].request.safeParse({ name: 'runware', value: 'k', echo: true }).success).toBe(false);
  });

  it('refuses ids that could smuggle a path or a URL', () => {
    for (const id of ['../x', '..', '.', 'a/b', 'a b', '', 'x'.repeat(101)]) {
      expect(IPC_CHANNELS['library:get'].request.safeParse({ id }).success).toBe(false);
    }
  });
});
