import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MotifError } from '../errors/motif-error.ts';
import { TargetBreaker, type TargetBreakerOptions } from './target-breaker.ts';

const options: TargetBreakerOptions = {
  failureThreshold: 0.5,
  windowMs: 10_000,
  minimumRequests: 4,
  consecutiveFailures: 3,
  cooldownMs: 1000,
  maxCooldownMs: 4000,
  halfOpenProbes: 1,
  now: () => Date.now(),
};

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

const signal = new AbortController().signal;
const ok = (b: TargetBreaker): Promise<string> => b.execute(async () => 'ok', signal);
const fail = (b: TargetBreaker, code: MotifError['code'] = 'upstream_unavailable'): Promise<unknown> =>
  b
    .execute(async () => {
      throw new MotifError(code);
    }, signal)
    .catch((e: unknown) => e);

describe('TargetBreaker', () => {
  it('opens after consecutive provider failures and blocks calls while open', async () => {
    const b = new TargetBreaker(options);
    for (let i = 0; i < 3; i += 1) await fail(b);
    expect(b.state).toBe('open');
    expect(b.canAttempt()).toBe(false);
    expect(b.retryAt).toBe(Date.now() + 1000);
    expect(await fail(b)).toMatchObject({ isBrokenCircuitError: true });
  });

  it('opens on the failure rate once the window holds the minimum requests', async () => {
    const b = new TargetBreaker({ ...options, consecutiveFailures: 100 });
    await ok(b);
    await fail(b);
    await ok(b);
    expect(b.state).toBe('closed');
    await fail(b);
    expect(b.state).toBe('open');
  });

  it('forgets failures that left the rolling window', async () => {
    const b = new TargetBreaker({ ...options, consecutiveFailures: 100 });
    await fail(b);
    await fail(b);
    await ok(b);
    await vi.advanceTimersByTimeAsync(11_000);
    await ok(b);
    await ok(b);
    await fail(b);
    expect(b.state).toBe('closed');
  });

  it('never counts bad input or cancellation as provider failure', async () => {
    const b = new TargetBreaker(options);
    for (let i = 0; i < 10; i += 1) {
      await fail(b, 'invalid_request');
      await fail(b, 'cancelled');
      await fail(b, 'auth_failed');
    }
    expect(b.state).toBe('closed');
  });

  it('moves to half-open after the cooldown, admits one probe, and closes on its success', async () => {
    const b = new TargetBreaker(options);
    for (let i = 0; i < 3; i += 1) await fail(b);
    vi.advanceTimersByTime(1000);
    expect(b.canAttempt()).toBe(true);
    let release!: () => void;
    const probe = b.execute(() => new Promise<string>((r) => (release = () => r('ok'))), signal);
    expect(b.state).toBe('half-open');
    expect(b.canAttempt()).toBe(false);
    release();
    await probe;
    expect(b.state).toBe('closed');
    expect(b.lastRecoveryMs).toBe(1000);
    expect(b.transitions.map((t) => t.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens on a failed probe with a cooldown that doubles, up to the cap', async () => {
    const b = new TargetBreaker(options);
    for (let i = 0; i < 3; i += 1) await fail(b);
    const cooldowns: number[] = [];
    for (let trip = 0; trip < 4; trip += 1) {
      cooldowns.push(b.retryAt! - Date.now());
      vi.advanceTimersByTime(b.retryAt! - Date.now());
      await fail(b);
      expect(b.state).toBe('open');
    }
    expect(cooldowns).toEqual([1000, 2000, 4000, 4000]);
    expect(b.trips).toBe(5);
  });

  it('admits a bounded number of probes when configured for more', async () => {
    const b = new TargetBreaker({ ...options, halfOpenProbes: 2 });
    for (let i = 0; i < 3; i += 1) await fail(b);
    vi.advanceTimersByTime(1000);
    const hold: (() => void)[] = [];
    const p1 = b.execute(() => new Promise<void>((r) => hold.push(r)), signal);
    expect(b.canAttempt()).toBe(true);
    const p2 = b.execute(() => new Promise<void>((r) => hold.push(r)), signal);
    expect(b.canAttempt()).toBe(false);
    hold.forEach((r) => r());
    await Promise.all([p1, p2]);
    expect(b.state).toBe('closed');
  });

  it('can be forced open or closed by hand and back to automatic', async () => {
    const b = new TargetBreaker(options);
    b.setMode('forced-open');
    expect(b.state).toBe('isolated');
    expect(b.canAttempt()).toBe(false);
    b.setMode('forced-closed');
    for (let i = 0; i < 5; i += 1) await fail(b);
    expect(b.state).toBe('closed');
    expect(b.canAttempt()).toBe(true);
    b.setMode('auto');
    expect(b.mode).toBe('auto');
  });

  it('saves and restores its state across a restart', async () => {
    const b = new TargetBreaker(options);
    for (let i = 0; i < 3; i += 1) await fail(b);
    const saved = JSON.parse(JSON.stringify(b.toJSON()));
    const restored = new TargetBreaker(options, saved);
    expect(restored.state).toBe('open');
    expect(restored.canAttempt()).toBe(false);
    expect(restored.trips).toBe(1);
    const isolated = new TargetBreaker(options, { ...saved, mode: 'forced-open' });
    expect(isolated.state).toBe('isolated');
  });
});
