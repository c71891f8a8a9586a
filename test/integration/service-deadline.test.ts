import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../support/fake-clock.ts';
import { createMotifService } from '../../src/core/service/create-motif-service.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import type { JobSnapshot } from '../../src/core/contract/service-types.ts';
import { MemorySecretStore, MemorySettingsStore } from '../../src/core/settings/settings-store.ts';
import { ScriptedProvider } from '../support/scripted-provider.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function serviceOn(clock: FakeClock, providers: readonly ScriptedProvider[], deadlineMs: number): Promise<MotifService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motif-deadline-'));
  const service = await createMotifService({
    dataDir,
    clock,
    providers,
    env: {},
    settingsStore: new MemorySettingsStore({ routing: { deadlineMs } }),
    secretStore: new MemorySecretStore({}),
  });
  cleanup = async () => {
    await service.close({ graceMs: 0 }).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  return service;
}

/** Moves the fake clock in steps until the job is final or `maxMs` has passed; returns the final job and when it ended. */
async function runUntilFinal(
  clock: FakeClock,
  service: MotifService,
  jobId: string,
  maxMs: number,
): Promise<{ job: JobSnapshot; atMs: number }> {
  const start = clock.now();
  const job = (): JobSnapshot => service.jobs().find((j) => j.id === jobId)!;
  while (!['saved', 'failed', 'cancelled'].includes(job().state) && clock.now() - start < maxMs) await clock.advance(250);
  return { job: job(), atMs: clock.now() - start };
}

describe('a job deadline holds while waiting for the network', () => {
  it('fails an 8 s job at 8 s when no provider is reachable, instead of waiting and trying again past it', async () => {
    const clock = new FakeClock();
    const unreachable = new ScriptedProvider({ id: 'alpha', clock, fallbackStep: { kind: 'fail', code: 'connection_lost', delayMs: 50 } });
    const service = await serviceOn(clock, [unreachable], 8_000);
    const submitted = await service.submit({ prompt: 'balloons', model: 'alpha/model-a', size: '256x256' });
    const { job, atMs } = await runUntilFinal(clock, service, submitted.id, 60_000);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('deadline_exceeded');
    expect(atMs).toBeLessThanOrEqual(9_000);
    // It did wait and try again within its time, and shows what it tried.
    expect(unreachable.calls.length).toBeGreaterThan(1);
    expect(job.attempts.length).toBeGreaterThan(0);
    expect(job.attempts.every((a) => a.provider === 'alpha' && (a.errorCode === 'connection_lost' || a.errorCode === 'circuit_open'))).toBe(
      true,
    );
  });

  it('never tells a job to try again after its deadline', async () => {
    const clock = new FakeClock();
    const unreachable = new ScriptedProvider({ id: 'alpha', clock, fallbackStep: { kind: 'fail', code: 'connection_lost', delayMs: 50 } });
    const service = await serviceOn(clock, [unreachable], 8_000);
    const notices: string[] = [];
    let shown: string | undefined;
    service.onJobEvent((event) => {
      // The notice as it is first shown (later updates of the job carry it along unchanged).
      if (event.type !== 'job-updated' || event.job.state !== 'waiting-network' || !event.job.notice?.startsWith('Waiting for the network'))
        return;
      if (event.job.notice !== shown) notices.push(`${clock.now()}|${event.job.notice}`);
      shown = event.job.notice;
    });
    const started = clock.now();
    const submitted = await service.submit({ prompt: 'balloons', model: 'alpha/model-a', size: '256x256' });
    await runUntilFinal(clock, service, submitted.id, 60_000);
    expect(notices.length).toBeGreaterThan(0);
    for (const notice of notices) {
      const [at, text] = notice.split('|') as [string, string];
      const seconds = Number(/Trying again in (\d+) s/.exec(text)?.[1]);
      expect(Number(at) - started + seconds * 1000).toBeLessThanOrEqual(8_000 + 500);
    }
  });
});
