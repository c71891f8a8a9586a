import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageTask, TaskSourceImage } from '../contract/image-task.ts';
import type { MotifError } from '../errors/motif-error.ts';
import { ScriptedProvider } from '../../../test/support/scripted-provider.ts';
import { makeJob, makeRouter } from '../../../test/support/router-fixture.ts';

beforeEach(() => vi.useFakeTimers({ now: 1_700_000_000_000 }));
afterEach(() => vi.useRealTimers());

async function settle<T>(promise: Promise<T>, ms = 60_000): Promise<PromiseSettledResult<T>> {
  const result = Promise.allSettled([promise]);
  await vi.advanceTimersByTimeAsync(ms);
  return (await result)[0]!;
}

const source: TaskSourceImage = {
  entryId: 'e1',
  bytes: new Uint8Array([1]),
  format: 'png',
  width: 64,
  height: 64,
  hash: 'a'.repeat(64),
  svg: undefined,
  madeBy: { provider: 'import', model: 'file', kind: undefined },
  prompt: 'x',
  style: 'party',
  seed: undefined,
};
const upscale: ImageTask = { kind: 'upscale', source, factor: 2 };
const taskJob = (task: ImageTask = upscale) => ({ ...makeJob({ width: 128, height: 128, count: 1 }), task });

describe('Router: tools as capabilities', () => {
  it('routes a tool only to providers that run it, recording the others as skipped', async () => {
    const plain = new ScriptedProvider({ id: 'plain' });
    const tooled = new ScriptedProvider({ id: 'tooled', tools: ['upscale'], price: 0.01 });
    const result = await settle(makeRouter([plain, tooled]).route(taskJob()));
    expect(result.status).toBe('fulfilled');
    if (result.status !== 'fulfilled') return;
    expect(result.value).toMatchObject({ provider: 'tooled', model: 'tool-upscale', imageCount: 1, costUsd: 0.01, fallback: false });
    expect(plain.calls).toHaveLength(0);
    expect(result.value.attempts.map((a) => [a.provider, a.outcome, a.detail ?? ''])).toEqual([
      ['plain', 'skipped', 'does not offer Upscale'],
      ['tooled', 'success', ''],
    ]);
  });

  it('fails over between providers that run the tool, through breakers and the attempt trail', async () => {
    const first = new ScriptedProvider({ id: 'first', tools: ['upscale'] }).script({ kind: 'fail', code: 'upstream_unavailable' });
    const second = new ScriptedProvider({ id: 'second', tools: ['upscale'] });
    const job = taskJob();
    const result = await settle(makeRouter([first, second], { maxRetries: 0 }).route(job));
    expect(result.status).toBe('fulfilled');
    if (result.status !== 'fulfilled') return;
    expect(result.value).toMatchObject({ provider: 'second', fallback: true });
    expect(result.value.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['first', 'failure'],
      ['second', 'success'],
    ]);
    expect(job.notices.join(' ')).toMatch(/first failed .*trying second/);
  });

  it('a tool nobody can run now fails with task_unavailable naming who could and why', async () => {
    const keyless = new ScriptedProvider({ id: 'keyless', tools: ['upscale'], requiresKey: true, key: undefined });
    const plain = new ScriptedProvider({ id: 'plain' });
    const result = await settle(makeRouter([keyless, plain]).route(taskJob()));
    const error = (result as PromiseRejectedResult).reason as MotifError;
    expect(error.code).toBe('task_unavailable');
    expect(error.message).toBe(
      'No provider can run Upscale on this image now — keyless could (no API key set); plain does not offer Upscale.',
    );
  });

  it('a cancelled tool stops its provider, and a caption with no text is malformed', async () => {
    const slow = new ScriptedProvider({ id: 'slow', tools: ['upscale'], fallbackStep: { kind: 'hang' } });
    const job = taskJob();
    const running = settle(makeRouter([slow]).route(job), 1_000);
    job.controller.abort();
    expect(await running).toMatchObject({ status: 'rejected', reason: { code: 'cancelled' } });
    expect(slow.aborted).toHaveLength(1);

    const captioner = new ScriptedProvider({ id: 'cap', tools: ['caption'] });
    const caption = await settle(
      makeRouter([captioner]).route({ ...taskJob({ kind: 'caption', source }), request: { ...makeJob().request, count: 0 } }),
    );
    expect(caption).toMatchObject({ status: 'fulfilled', value: { texts: ['cap caption'], imageCount: 0 } });
  });

  it('a tool past its deadline fails as deadline_exceeded', async () => {
    const slow = new ScriptedProvider({ id: 'slow', tools: ['upscale'], fallbackStep: { kind: 'hang' } });
    const job = { ...makeJob({ width: 128, height: 128 }, 2_000), task: upscale };
    const result = await settle(makeRouter([slow]).route(job), 5_000);
    expect(result).toMatchObject({ status: 'rejected', reason: { code: 'deadline_exceeded' } });
  });
});
