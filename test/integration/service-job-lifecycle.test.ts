import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMotifConfig } from '../../src/core/config/motif-config.ts';
import type { Clock } from '../../src/core/util/clock.ts';
import { createMotifService } from '../../src/core/service/create-motif-service.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import type { JobSnapshot } from '../../src/core/contract/service-types.ts';
import { MemorySecretStore, MemorySettingsStore } from '../../src/core/settings/settings-store.ts';
import { ScriptedProvider } from '../support/scripted-provider.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

/**
 * Review findings on MotifService, JobRunner and EngineParts, as a designer
 * would notice them. See the review report for the proposed patches.
 */

let temp: TempService | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

/** The real clock, keeping track of the timers still pending. */
class TrackingClock implements Clock {
  readonly #pending = new Map<ReturnType<typeof setTimeout>, number>();
  now(): number {
    return Date.now();
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = setTimeout(() => {
      this.#pending.delete(handle);
      callback();
    }, ms);
    this.#pending.set(handle, ms);
    return handle;
  }
  clearTimeout(handle: unknown): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
    this.#pending.delete(handle as ReturnType<typeof setTimeout>);
  }
  pendingDelays(): number[] {
    return [...this.#pending.values()];
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForState(service: MotifService, jobId: string, states: readonly string[], ms = 5_000): Promise<JobSnapshot | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = service.jobs().find((j) => j.id === jobId);
    if ((job && states.includes(job.state)) || Date.now() > deadline) return job;
    await pause(5);
  }
}

describe('service: single-flight and cancel', () => {
  it('cancelling the first of two identical deterministic jobs does not cancel the one that joined it', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha', fallbackStep: { kind: 'ok', delayMs: 200 } });
    temp = await startTempService({ providers: [alpha] });
    const input = { prompt: 'twins', model: 'alpha/model-a', size: '256x256', seed: 4 };
    const first = await temp.service.submit(input);
    const second = temp.service.generate(input);
    await pause(20);
    await temp.service.cancel(first.id);
    const outcome = await second.then(
      (o) => ({ ok: true as const, o }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    expect(outcome.ok ? outcome.o.job.state : (outcome.error as { code?: string }).code).toBe('saved');
    expect((await waitForState(temp.service, first.id, ['cancelled']))?.state).toBe('cancelled');
    expect(alpha.calls).toHaveLength(1);
  });

  it('cancelling a job that joined another leaves the first one running to the end', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha', fallbackStep: { kind: 'ok', delayMs: 200 } });
    temp = await startTempService({ providers: [alpha] });
    const input = { prompt: 'twins', model: 'alpha/model-a', size: '256x256', seed: 5 };
    const first = temp.service.generate(input);
    const joined = await temp.service.submit(input);
    await pause(20);
    await temp.service.cancel(joined.id);
    expect((await first).job.state).toBe('saved');
    expect((await waitForState(temp.service, joined.id, ['cancelled']))?.state).toBe('cancelled');
    expect(alpha.aborted).toHaveLength(0);
  });
});

describe('service: late images', () => {
  it('a job served by the fallback stays saved when a slow part of the failed provider answers later', async () => {
    // Two images on a provider that makes one per call: the first call fails, the second is slow but succeeds.
    const alpha = new ScriptedProvider({ id: 'alpha', label: 'Alpha', maxImagesPerCall: 1 }).script(
      { kind: 'fail', code: 'upstream_invalid_request', delayMs: 10 },
      { kind: 'ok', delayMs: 400, costUsd: 0.04 },
    );
    temp = await startTempService({ providers: [alpha] });
    const outcome = await temp.service.generate({ prompt: 'late', size: '256x256', count: 2 });
    expect(outcome.job).toMatchObject({ state: 'saved', provider: 'local' });
    await pause(600);
    const job = temp.service.jobs().find((j) => j.id === outcome.job.id)!;
    expect(job.state).toBe('saved');
    expect(job.entryIds).toHaveLength(2);
    expect((await temp.service.listLibrary({})).total).toBe(2);
    const restarted = await temp.restart();
    expect(restarted.jobs().filter((j) => j.state === 'interrupted')).toEqual([]);
  });
});

describe('service: cancel while waiting', () => {
  it('a job queued behind a busy provider is cancelled at once, not when the provider frees up', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha', fallbackStep: { kind: 'hang' } });
    const config = parseMotifConfig(JSON.stringify({ providers: { alpha: { type: 'openai', maxConcurrent: 1, maxQueued: 8 } } }));
    temp = await startTempService({ providers: [alpha], config });
    const running = await temp.service.submit({ prompt: 'busy', model: 'alpha/model-a', size: '256x256' });
    const queued = await temp.service.submit({ prompt: 'waiting', model: 'alpha/model-a', size: '256x256' });
    await pause(20);
    await temp.service.cancel(queued.id);
    expect((await waitForState(temp.service, queued.id, ['cancelled'], 500))?.state).toBe('cancelled');
    await temp.service.cancel(running.id);
  });

  it('a generate call whose caller already went away does not run', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha' });
    temp = await startTempService({ providers: [alpha] });
    const gone = new AbortController();
    gone.abort();
    await expect(
      temp.service.generate({ prompt: 'nobody waits', model: 'alpha/model-a', size: '256x256' }, { signal: gone.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(alpha.calls).toHaveLength(0);
  });
});

describe('service: shutdown and disk trouble', () => {
  it('a breaker state that cannot be saved neither crashes the process nor blocks shutdown', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha' });
    temp = await startTempService({ providers: [alpha] });
    // A folder where breakers.json should go: every save fails.
    await mkdir(join(temp.dataDir, 'breakers.json'));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.prependListener('unhandledRejection', onUnhandled);
    try {
      await temp.service.setBreakerMode('alpha', 'forced-open');
      await temp.service.setBreakerMode('alpha', 'auto');
      await pause(50);
      await expect(temp.service.close({ graceMs: 0 })).resolves.toBeUndefined();
    } finally {
      process.removeListener('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('close leaves no timer running, so a CLI run exits as soon as its work is done', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'motif-review-'));
    const clock = new TrackingClock();
    try {
      const service = await createMotifService({
        dataDir,
        settingsStore: new MemorySettingsStore(),
        secretStore: new MemorySecretStore(),
        env: {},
        clock,
        telemetryIntervalMs: 10,
      });
      await service.generate({ prompt: 'quick', model: 'offline', size: '128x128' });
      await service.close();
      expect(clock.pendingDelays()).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('starts, and still routes, when the saved breaker file holds something unexpected', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha' });
    temp = await startTempService({ providers: [alpha] });
    await temp.service.close({ graceMs: 0 });
    // Written by another version, or edited by hand: valid JSON, wrong shape.
    await writeFile(
      join(temp.dataDir, 'breakers.json'),
      JSON.stringify({
        'alpha/model-a': { mode: 'forced-open', policy: { something: 'else' }, trips: 'many' },
        'local/procedural-v1': 42,
      }),
    );
    const service = await temp.restart();
    const outcome = await service.generate({ prompt: 'still works', model: 'alpha/model-a', size: '256x256' });
    expect(outcome.job.state).toBe('saved');
    expect(service.telemetry().providers.map((p) => p.id)).toContain('alpha');
  });
});
