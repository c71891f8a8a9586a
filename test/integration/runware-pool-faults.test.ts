import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProviderGenerateOptions, ProviderImageResult } from '../../src/core/contract/image-provider.ts';
import type { ImageRequest } from '../../src/core/contract/image-request.ts';
import { MotifError } from '../../src/core/errors/index.ts';
import { imageRequest, providerCall } from '../support/image-request.ts';
import { until } from '../support/async-expect.ts';
import { useRunwareEmulator } from '../support/runware-test-kit.ts';

const KEY = 'test-key-faults';
const runware = useRunwareEmulator({ apiKey: KEY, seed: 11 }, { responsePollIntervalMs: 50 });
const provider = runware.provider;

const request = (patch: Partial<ImageRequest> = {}): ImageRequest =>
  imageRequest({
    prompt: 'paper lanterns',
    style: 'holiday',
    width: 128,
    height: 128,
    seed: 5,
    seedExplicit: true,
    model: 'flux-schnell',
    ...patch,
  });

const generateOptions = (patch: Partial<ProviderGenerateOptions> = {}): ProviderGenerateOptions =>
  providerCall({ request: request(), ...patch }, 15_000);

type Outcome = { ok: true; result: ProviderImageResult } | { ok: false; error: MotifError };
const outcome = (promise: Promise<ProviderImageResult>): Promise<Outcome> =>
  promise.then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error: error as MotifError }),
  );

describe('Runware pool against emulator faults', () => {
  it('socket drop with 20 tasks in flight: all settle, re-sent ones succeed, nothing is paid twice', async () => {
    runware.emulator().setLatency({ kind: 'fixed', ms: 400 });
    const p = provider();
    const runs = Array.from({ length: 20 }, (_, i) => outcome(p.generate(generateOptions({ request: request({ seed: 1_000 + i }) }))));
    await until(() => (runware.emulator().stats.tasks.imageInference ?? 0) === 20);
    runware.emulator().dropAllSockets();
    const outcomes = await Promise.all(runs);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(outcomes.map((o) => (o.ok ? o.result.images[0]?.seed : -1))).toEqual(Array.from({ length: 20 }, (_, i) => 1_000 + i));
    // Each task was rendered once: the re-sends met conflictTaskUUID and fetched results with getResponse.
    expect(runware.emulator().stats.imagesGenerated).toBe(20);
    expect(runware.emulator().stats.connections).toBe(2);
    expect(p.stats()).toMatchObject({ openSockets: 1, inFlight: 0, queued: 0, reconnects: 1 });
  });

  it('a drop after the first of three images fails that task at once as retryable connection_lost', async () => {
    runware.emulator().setLatency({ kind: 'fixed', ms: 300 });
    runware.emulator().faults.failNext(1, { kind: 'drop-socket' });
    const started = Date.now();
    const error = (await outcome(provider().generate(generateOptions({ request: request({ count: 3 }) })))) as Outcome;
    expect(error.ok).toBe(false);
    if (error.ok) return;
    expect(error.error.code).toBe('connection_lost');
    expect(error.error.spec.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('responses slower than the deadline are cancelled at the deadline', async () => {
    runware.emulator().setLatency({ kind: 'fixed', ms: 3_000 });
    const p = provider();
    const started = Date.now();
    const o = await outcome(p.generate(generateOptions({ deadline: Date.now() + 300 })));
    const elapsed = Date.now() - started;
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error.code).toBe('upstream_timeout');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_500);
    expect(p.stats().inFlight).toBe(0);
    // The late frame is ignored and the socket keeps working.
    runware.emulator().setLatency({ kind: 'fixed', ms: 0 });
    expect((await p.generate(generateOptions())).images).toHaveLength(1);
  });

  it('cancel from the caller rejects at once with the abort reason', async () => {
    runware.emulator().setLatency({ kind: 'fixed', ms: 3_000 });
    const p = provider();
    const controller = new AbortController();
    const run = outcome(p.generate(generateOptions({ signal: controller.signal })));
    await until(() => (runware.emulator().stats.tasks.imageInference ?? 0) === 1);
    const started = Date.now();
    controller.abort();
    const o = await run;
    expect(Date.now() - started).toBeLessThan(100);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error.code).toBe('cancelled');
    const reason = new MotifError('deadline_exceeded', { message: 'the job ran out of time' });
    const c2 = new AbortController();
    const second = outcome(p.generate(generateOptions({ signal: c2.signal })));
    c2.abort(reason);
    const o2 = await second;
    expect(!o2.ok && o2.error).toBe(reason);
  });

  it('a malformed frame fails its task with upstream_malformed, quickly, and the socket carries on', async () => {
    runware.emulator().faults.failNext(1, { kind: 'malformed-json' });
    const events: string[] = [];
    const p = provider({
      emit: (e) => {
        if (e.type === 'provider-log') events.push(e.message);
      },
    });
    const started = Date.now();
    const o = await outcome(p.generate(generateOptions()));
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error.code).toBe('upstream_malformed');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(events.some((m) => m.includes('unreadable frame'))).toBe(true);
    expect((await p.generate(generateOptions())).images).toHaveLength(1);
    expect(runware.emulator().stats.connections).toBe(1);
  });

  it('a malformed frame fails exactly the task it names; another task in flight on the same socket succeeds', async () => {
    runware.emulator().setLatency({ kind: 'fixed', ms: 100 });
    runware.emulator().faults.script([{ kind: 'malformed-json' }, { kind: 'none' }]);
    const p = provider();
    const [first, second] = [randomUUID(), randomUUID()];
    const runs = [
      outcome(p.generate(generateOptions({ taskId: first }))),
      outcome(p.generate(generateOptions({ taskId: second, request: request({ seed: 6 }) }))),
    ];
    const [a, b] = await Promise.all(runs);
    expect(!a?.ok && a?.error.code).toBe('upstream_malformed');
    expect(!a?.ok && a?.error.message).toContain(first);
    expect(b?.ok && b.result.providerMetadata.runware).toMatchObject({ taskUUID: second });
    expect(runware.emulator().stats.connections).toBe(1);
  });

  it('one garbage frame naming no task cannot be blamed on anyone: the task runs to its deadline and the socket carries on', async () => {
    runware.emulator().faults.failNext(1, { kind: 'garbage-frame' });
    const events: string[] = [];
    const p = provider({
      emit: (e) => {
        if (e.type === 'provider-log') events.push(e.message);
      },
    });
    const started = Date.now();
    const o = await outcome(p.generate(generateOptions({ deadline: Date.now() + 500 })));
    expect(!o.ok && o.error.code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(events.some((m) => m.includes('unreadable frame'))).toBe(true);
    expect((await p.generate(generateOptions({ request: request({ seed: 6 }) }))).images).toHaveLength(1);
    expect(runware.emulator().stats.connections).toBe(1);
  });

  it('garbage frames in a row mark the socket dead; its unanswered tasks are re-sent and fetched, each paid once', async () => {
    runware.emulator().faults.failNext(3, { kind: 'garbage-frame' });
    const events: string[] = [];
    const p = provider({
      emit: (e) => {
        if (e.type === 'provider-log') events.push(e.message);
      },
    });
    const runs = Array.from({ length: 3 }, (_, i) => outcome(p.generate(generateOptions({ request: request({ seed: 100 + i }) }))));
    const outcomes = await Promise.all(runs);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(outcomes.map((o) => (o.ok ? o.result.images[0]?.seed : -1))).toEqual([100, 101, 102]);
    expect(events.filter((m) => m.includes('unreadable frame ('))).toHaveLength(3);
    expect(events.some((m) => m.includes('3 unreadable frames in a row'))).toBe(true);
    expect(runware.emulator().stats.connections).toBe(2);
    expect(runware.emulator().stats.imagesGenerated).toBe(3);
    expect(runware.emulator().stats.tasks.imageInference).toBe(6);
  });

  it('a task error mid-stream (timeoutProvider) maps to retryable upstream_timeout', async () => {
    runware.emulator().faults.failNext(1, { kind: 'runware-error', code: 'timeoutProvider' });
    const o = await outcome(provider().generate(generateOptions()));
    expect(!o.ok && o.error.code).toBe('upstream_timeout');
    expect(!o.ok && o.error.upstream?.upstreamCode).toBe('timeoutProvider');
  });

  it('overload: past maxInFlightPerConnection × poolSize, tasks are refused at once', async () => {
    runware.emulator().setLatency({ kind: 'fixed', ms: 500 });
    const p = provider({ maxInFlightPerConnection: 5, poolSize: 1 });
    const accepted = Array.from({ length: 5 }, () => outcome(p.generate(generateOptions())));
    const started = Date.now();
    const refused = await outcome(p.generate(generateOptions()));
    expect(Date.now() - started).toBeLessThan(100);
    expect(!refused.ok && refused.error.code).toBe('overloaded');
    expect(!refused.ok && refused.error.provider).toBe('runware');
    expect((await Promise.all(accepted)).every((o) => o.ok)).toBe(true);
  });

  it('shutdown with tasks in flight: finishes what fits in the grace period, cancels the rest, closes the sockets', async () => {
    runware.emulator().setLatency({ kind: 'fixed', ms: 200 });
    const p = provider({ closeGraceMs: 1_000 });
    const quick = outcome(p.generate(generateOptions()));
    await until(() => (runware.emulator().stats.tasks.imageInference ?? 0) === 1);
    runware.emulator().setLatency({ kind: 'fixed', ms: 10_000 });
    const slow = outcome(p.generate(generateOptions({ deadline: Date.now() + 30_000 })));
    await until(() => (runware.emulator().stats.tasks.imageInference ?? 0) === 2);
    const started = Date.now();
    await p.close();
    const closedIn = Date.now() - started;
    expect((await quick).ok).toBe(true);
    const s = await slow;
    expect(!s.ok && s.error.code).toBe('cancelled');
    expect(closedIn).toBeGreaterThanOrEqual(900);
    expect(closedIn).toBeLessThan(3_000);
    const after = await outcome(p.generate(generateOptions()));
    expect(!after.ok && after.error.code).toBe('cancelled');
    await until(() => runware.emulator().stats.openSockets === 0);
    expect(p.stats()).toMatchObject({ openSockets: 0, inFlight: 0, queued: 0, connecting: 0 });
  });
});
