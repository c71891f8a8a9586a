import { describe, expect, it } from 'vitest';
import type { ProviderEvent, ProviderGenerateOptions } from '../../src/core/contract/image-provider.ts';
import { imageRequest, providerCall } from '../support/image-request.ts';
import { rejection, until } from '../support/async-expect.ts';
import { useRunwareEmulator } from '../support/runware-test-kit.ts';

const KEY = 'test-key-rest';
const runware = useRunwareEmulator({ apiKey: KEY });
const provider = runware.provider;

const options = (patch: Partial<ProviderGenerateOptions> = {}): ProviderGenerateOptions =>
  providerCall({
    request: imageRequest({
      prompt: 'garlands',
      style: 'wedding',
      width: 128,
      height: 192,
      count: 2,
      seed: 8,
      seedExplicit: true,
      model: 'x',
    }),
    ...patch,
  });

describe('Runware REST transport', () => {
  it('generates over REST with a Bearer key, images delivered through onImage', async () => {
    const seen: number[] = [];
    const result = await provider({ transport: 'rest' }).generate(options({ onImage: (_i, index) => seen.push(index) }));
    expect(result.images).toHaveLength(2);
    expect(seen).toEqual([0, 1]);
    expect(result.providerMetadata.runware).toMatchObject({ transport: 'rest' });
    expect(runware.emulator().stats.restRequests).toBe(1);
    expect(runware.emulator().stats.connections).toBe(0);
  });

  it('maps 429 to rate_limited and honours Retry-After', async () => {
    runware.emulator().faults.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 7 });
    const error = await rejection(provider({ transport: 'rest' }).generate(options()));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.spec.retryable).toBe(true);
    expect(error.upstream).toMatchObject({ provider: 'runware', status: 429 });
    expect(error.upstream?.bodyExcerpt).toContain('rateLimitExceeded');
  });

  it.each([
    [402, 'insufficient_credits'],
    [403, 'permission_denied'],
    [500, 'upstream_unavailable'],
    [503, 'upstream_unavailable'],
    [504, 'upstream_timeout'],
  ] as const)('maps HTTP %i to %s', async (status, code) => {
    runware.emulator().faults.failNext(1, { kind: 'status', status, retryAfterSeconds: 2 });
    const error = await rejection(provider({ transport: 'rest' }).generate(options()));
    expect(error.code).toBe(code);
    expect(error.upstream?.status).toBe(status);
  });

  it('maps a 400 parameter error to upstream_invalid_request naming the parameter', async () => {
    runware.emulator().faults.failNext(1, { kind: 'runware-error', code: 'invalidSteps' });
    const upstream = await rejection(provider({ transport: 'rest' }).generate(options()));
    expect(upstream.code).toBe('upstream_invalid_request');
    expect(upstream.upstream).toMatchObject({ status: 400, upstreamCode: 'invalidSteps' });
    expect(upstream.param).toBe('invalidSteps');
  });

  it('maps a body that is not JSON to upstream_malformed', async () => {
    runware.emulator().faults.failNext(1, { kind: 'malformed-json' });
    expect((await rejection(provider({ transport: 'rest' }).generate(options()))).code).toBe('upstream_malformed');
  });

  it('falls back to REST while WebSocket upgrades are refused (503), and reports transport rest', async () => {
    runware.emulator().setWebSocketAccepting(false);
    const events: ProviderEvent[] = [];
    const p = provider({ emit: (e) => events.push(e) });
    const first = await p.generate(options());
    expect(first.providerMetadata.runware).toMatchObject({ transport: 'rest' });
    expect(first.images).toHaveLength(2);
    expect(runware.emulator().stats.rejectedUpgrades).toBeGreaterThanOrEqual(1);
    // While the sockets back off, later tasks go straight to REST.
    const second = await p.generate(options({ request: { ...options().request, seed: 9 } }));
    expect(second.providerMetadata.runware).toMatchObject({ transport: 'rest' });
    expect(runware.emulator().stats.restRequests).toBe(2);
    expect(runware.emulator().stats.connections).toBe(0);
    expect(runware.emulator().stats.tasks.imageInference).toBe(2);
    expect(p.stats().transport).toBe('rest');
    expect(events.some((e) => e.type === 'provider-log' && e.message.includes('over REST'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.some((e) => e.type === 'pool-stats' && e.stats.transport === 'rest')).toBe(true);
  });

  it('returns to WebSocket once upgrades are accepted again', async () => {
    runware.emulator().setWebSocketAccepting(false);
    const events: ProviderEvent[] = [];
    const p = provider({ emit: (e) => events.push(e), backoff: { baseMs: 50, capMs: 150 } });
    const during = await p.generate(options());
    expect(during.providerMetadata.runware).toMatchObject({ transport: 'rest' });
    expect(p.stats().transport).toBe('rest');
    // The pool keeps redialling in the background while REST carries the work.
    const refusedSoFar = runware.emulator().stats.rejectedUpgrades;
    await until(() => runware.emulator().stats.rejectedUpgrades > refusedSoFar);
    runware.emulator().setWebSocketAccepting(true);
    await until(() => p.stats().transport === 'websocket');
    expect(p.stats().openSockets).toBe(1);
    const after = await p.generate(options({ request: { ...options().request, seed: 9 } }));
    expect(after.providerMetadata.runware).toMatchObject({ transport: 'websocket' });
    expect(after.images).toHaveLength(2);
    expect(runware.emulator().stats.restRequests).toBe(1);
    expect(runware.emulator().stats.connections).toBe(1);
    await until(() => events.some((e) => e.type === 'pool-stats' && e.stats.transport === 'websocket' && e.stats.openSockets === 1));
  });

  it('close() waits for REST requests up to the grace period, then cancels them', async () => {
    runware.emulator().setLatency({ kind: 'fixed', ms: 5_000 });
    const p = provider({ transport: 'rest', closeGraceMs: 300 });
    const run = rejection(p.generate(options()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(p.stats()).toMatchObject({ transport: 'rest', inFlight: 1 });
    const started = Date.now();
    await p.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await run).code).toBe('cancelled');
    expect(p.stats().inFlight).toBe(0);
  });

  it('cancels a REST request at the deadline', async () => {
    runware.emulator().setLatency({ kind: 'fixed', ms: 3_000 });
    const started = Date.now();
    const error = await rejection(provider({ transport: 'rest' }).generate(options({ deadline: Date.now() + 300 })));
    expect(error.code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
