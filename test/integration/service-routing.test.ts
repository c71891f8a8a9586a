import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScriptedProvider } from '../support/scripted-provider.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

let temp: TempService | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

describe('MotifService routing', () => {
  it('falls back to the offline engine as a labelled last resort and explains the failure', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha', label: 'Alpha', fallbackStep: { kind: 'fail', code: 'auth_failed' } });
    temp = await startTempService({ providers: [alpha] });
    const outcome = await temp.service.generate({ prompt: 'hearts', size: '256x256' });
    expect(outcome.job.provider).toBe('local');
    expect(outcome.job.fallback).toBe(true);
    expect(outcome.job.notice).toMatch(/last resort/);
    expect(outcome.entries[0]!.fallback).toBe(true);
    expect(outcome.entries[0]!.attempts.map((a) => [a.provider, a.outcome, a.errorCode])).toEqual(
      expect.arrayContaining([
        ['alpha', 'failure', 'auth_failed'],
        ['local', 'success', undefined],
      ]),
    );
  });

  it('shares one upstream call among 100 identical concurrent deterministic requests', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha', fallbackStep: { kind: 'ok', delayMs: 50 } });
    temp = await startTempService({ providers: [alpha] });
    const input = { prompt: 'confetti', model: 'alpha/model-a', size: '256x256', seed: 99 };
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => temp!.service.generate(input)));
    expect(alpha.calls).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.entries[0]!.id)).size).toBe(1);
    expect(outcomes.filter((o) => o.cached)).toHaveLength(99);
    expect((await temp.service.listLibrary({})).total).toBe(1);
  });

  it('blocks paid jobs once the daily cap is reached but keeps the offline engine available', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha', price: 0.5, fallbackStep: { kind: 'ok', costUsd: 0.5 } });
    temp = await startTempService({ providers: [alpha], settings: { budget: { dailyCapUsd: 0.5 } } });
    const first = await temp.service.generate({ prompt: 'paid', size: '256x256' });
    expect(first.job.provider).toBe('alpha');
    expect(first.job.estimatedCostUsd).toBe(0.5);
    expect(first.job.costUsd).toBe(0.5);
    expect(temp.service.telemetry().spend.todayUsd).toBe(0.5);
    await expect(temp.service.submit({ prompt: 'paid again', size: '256x256' })).rejects.toMatchObject({ code: 'budget_exceeded' });
    await expect(temp.service.generate({ prompt: 'free', model: 'offline', size: '256x256' })).resolves.toMatchObject({
      job: { provider: 'local' },
    });
  });

  it('records the list price when the provider reports no cost', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha', price: 0.04 });
    temp = await startTempService({ providers: [alpha] });
    const outcome = await temp.service.generate({ prompt: 'list price', size: '256x256', count: 2 });
    expect(outcome.job.costUsd).toBeCloseTo(0.08);
    expect(outcome.entries.map((e) => e.costUsd)).toEqual([0.04, 0.04]);
    expect(temp.service.telemetry().spend.todayUsd).toBeCloseTo(0.08);
  });

  it('shows an unknown price as unknown, not $0', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha' });
    temp = await startTempService({ providers: [alpha] });
    const outcome = await temp.service.generate({ prompt: 'unknown price', size: '256x256' });
    expect(outcome.job.estimatedCostUsd).toBeUndefined();
    expect(outcome.job.costUsd).toBeUndefined();
    expect(outcome.entries[0]!.costUsd).toBeUndefined();
    expect(temp.service.telemetry().spend.unknownPricedToday).toBe(1);
  });

  it('lists a job interrupted by a quit on the next start, and resumes it', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha', fallbackStep: { kind: 'hang' } });
    temp = await startTempService({ providers: [alpha] });
    const job = await temp.service.submit({ prompt: 'interrupted', model: 'alpha/model-a', size: '256x256' });
    await new Promise((r) => setTimeout(r, 50));
    const healthy = new ScriptedProvider({ id: 'alpha' });
    const service = await temp.restart({ providers: [healthy] });
    const interrupted = service.jobs().find((j) => j.id === job.id);
    expect(interrupted?.state).toBe('interrupted');
    await service.resume(job.id);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && service.jobs().find((j) => j.id === job.id)?.state !== 'saved')
      await new Promise((r) => setTimeout(r, 10));
    expect(service.jobs().find((j) => j.id === job.id)?.state).toBe('saved');
    expect(healthy.calls[0]).toMatchObject({ resume: true, taskId: job.id });
  });

  it('keeps forced breaker modes across a restart', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha' });
    temp = await startTempService({ providers: [alpha] });
    await temp.service.setBreakerMode('alpha', 'forced-open');
    const service = await temp.restart();
    await service.generate({ prompt: 'after restart', size: '256x256' }).catch(() => undefined);
    expect(service.telemetry().providers.find((p) => p.id === 'alpha')?.breakerMode).toBe('forced-open');
  });
});

describe('MotifService offline queue', () => {
  it('holds a job while the network is down and sends it when a provider is reachable', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha', fallbackStep: { kind: 'fail', code: 'connection_lost' } });
    temp = await startTempService({ providers: [alpha] });
    const job = await temp.service.submit({ prompt: 'offline queue', model: 'alpha/model-a', size: '256x256' });
    const waitFor = async (state: string): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && temp!.service.jobs().find((j) => j.id === job.id)?.state !== state)
        await new Promise((r) => setTimeout(r, 10));
    };
    await waitFor('waiting-network');
    expect(temp.service.jobs().find((j) => j.id === job.id)?.notice).toMatch(/Waiting for the network/);
    alpha.setDefault({ kind: 'ok' });
    await waitFor('saved');
    expect(temp.service.jobs().find((j) => j.id === job.id)?.state).toBe('saved');
  });
});

describe('MotifService connection tests', () => {
  it('caches a good result briefly, forgets it when a key changes, and bounds a hung check by its timeout', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const alpha = new ScriptedProvider({ id: 'alpha', label: 'Alpha' });
      temp = await startTempService({ providers: [alpha] });
      expect(await temp.service.testConnection('alpha')).toMatchObject({ ok: true });
      expect(await temp.service.testConnection('alpha')).toMatchObject({ ok: true });
      expect(alpha.healthChecks).toBe(1);
      expect(temp.service.telemetry().caches.find((c) => c.name === 'health-checks')?.hits).toBe(1);
      await temp.service.setSecret('runware', 'rw-key-12345678');
      alpha.healthHangs = true;
      const hung = temp.service.testConnection('alpha');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await hung).toMatchObject({ ok: false, message: expect.stringMatching(/Alpha did not answer/) });
      expect(alpha.healthChecks).toBe(2);
      expect(temp.service.telemetry().providers.find((p) => p.id === 'alpha')?.lastCheck).toMatchObject({ ok: false });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('MotifService offline queue, longer outage', () => {
  it('keeps waiting after lost connections open the breaker, and shows the provider as unreachable', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const alpha = new ScriptedProvider({ id: 'alpha', label: 'Alpha', fallbackStep: { kind: 'fail', code: 'connection_lost' } });
      temp = await startTempService({ providers: [alpha] });
      const job = await temp.service.submit({ prompt: 'long outage', model: 'alpha/model-a', size: '256x256' });
      for (let i = 0; i < 6; i += 1) await vi.advanceTimersByTimeAsync(10_000);
      const state = (): string | undefined => temp!.service.jobs().find((j) => j.id === job.id)?.state;
      expect(state()).toBe('waiting-network');
      const card = temp.service.telemetry().providers.find((p) => p.id === 'alpha');
      expect(card?.breaker).toBe('open');
      expect(temp.service.telemetry().targets.find((t) => t.provider === 'alpha')?.failures).toBeGreaterThanOrEqual(5);
      alpha.setDefault({ kind: 'ok' });
      // Past the longest wait between tries and the breaker's cooldown; then real time for the library write.
      for (let i = 0; i < 4; i += 1) await vi.advanceTimersByTimeAsync(30_000);
      vi.useRealTimers();
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && state() !== 'saved') await new Promise((r) => setTimeout(r, 20));
      expect(state()).toBe('saved');
    } finally {
      vi.useRealTimers();
    }
  });

  it('calls a provider unreachable while its last try could not connect', async () => {
    const alpha = new ScriptedProvider({ id: 'alpha', label: 'Alpha', fallbackStep: { kind: 'fail', code: 'connection_lost' } });
    temp = await startTempService({ providers: [alpha] });
    await temp.service.generate({ prompt: 'falls back', size: '256x256' });
    expect(temp.service.telemetry().providers.find((p) => p.id === 'alpha')).toMatchObject({
      status: 'degraded',
      statusText: expect.stringMatching(/Unreachable/),
    });
    alpha.setDefault({ kind: 'ok' });
    await temp.service.generate({ prompt: 'alpha again', model: 'alpha/model-a', size: '256x256' }).catch(() => undefined);
  });
});
