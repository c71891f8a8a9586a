import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProviderEvent, ProviderGenerateOptions, ProviderImageResult } from '../../src/core/contract/image-provider.ts';
import type { MotifError } from '../../src/core/errors/index.ts';
import type { RunwareProvider } from '../../src/core/providers/runware/index.ts';
import { type RunwareProviderOptions } from '../../src/core/providers/runware/index.ts';
import { imageRequest, providerCall } from '../support/image-request.ts';
import { until } from '../support/async-expect.ts';
import { useRunwareEmulator } from '../support/runware-test-kit.ts';

/**
 * A socket whose pongs stop is what a half-open TCP connection looks like from the client.
 * The emulator withholds pongs on demand (`faults.suppressPongs`), so the pool's heartbeat
 * is tested against the same server as everything else.
 */
const KEY = 'test-key-pong';
const runware = useRunwareEmulator(
  { apiKey: KEY, seed: 21 },
  { heartbeatIntervalMs: 150, pongTimeoutMs: 150, responsePollIntervalMs: 50, backoff: { baseMs: 100, capMs: 200 } },
);

function provider(events: ProviderEvent[], overrides: Partial<RunwareProviderOptions> = {}): RunwareProvider {
  return runware.provider({ emit: (e) => events.push(e), ...overrides });
}

const options = (patch: Partial<ProviderGenerateOptions> = {}): ProviderGenerateOptions =>
  providerCall({
    request: imageRequest({ prompt: 'stars', style: 'baby-shower', width: 128, height: 128, seed: 21, seedExplicit: true, model: 'x' }),
    ...patch,
  });

const logged = (events: ProviderEvent[], text: string): boolean =>
  events.some((e) => e.type === 'provider-log' && e.message.includes(text));

describe('Runware missed pong', () => {
  it('marks the socket dead after pongTimeoutMs, reconnects, and the unanswered task finishes once under the same taskUUID', async () => {
    // The task takes longer than heartbeat + pong timeout, so it is in flight, unanswered, when the socket is declared dead.
    runware.emulator().setLatency({ kind: 'fixed', ms: 800 });
    runware.emulator().faults.suppressPongs(1);
    const events: ProviderEvent[] = [];
    const p = provider(events);
    const taskId = randomUUID();
    const started = Date.now();
    const result = await p.generate(options({ taskId }));
    const elapsed = Date.now() - started;
    expect(result.images).toHaveLength(1);
    expect(result.providerMetadata.runware).toMatchObject({ taskUUID: taskId, transport: 'websocket' });
    expect(logged(events, 'missed a pong')).toBe(true);
    expect(runware.emulator().stats.pongsSuppressed).toBe(1);
    expect(runware.emulator().stats.connections).toBe(2);
    expect(p.stats().reconnects).toBe(1);
    // Re-sent with the same taskUUID: the emulator answered conflictTaskUUID and the result came from getResponse.
    expect(runware.emulator().stats.tasks.imageInference).toBe(2);
    expect(runware.emulator().stats.tasks.getResponse).toBeGreaterThanOrEqual(1);
    expect(logged(events, `already had task ${taskId}`)).toBe(true);
    expect(runware.emulator().stats.imagesGenerated).toBe(1);
    // Heartbeat (150) + pong timeout (150), then the server-side latency (800): well under the 10 s deadline.
    expect(elapsed).toBeGreaterThanOrEqual(750);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('a task that already had a reply when the pong went missing settles at once as retryable connection_lost; the pool reconnects', async () => {
    // Two images, 1.5 s apart: pongs stop after the first, so the socket dies long before the second.
    runware.emulator().setLatency({ kind: 'fixed', ms: 3_000 });
    const events: ProviderEvent[] = [];
    const p = provider(events);
    const images: number[] = [];
    const started = Date.now();
    const run = p.generate(
      options({
        request: { ...options().request, count: 2 },
        onImage: (_image, index) => {
          images.push(index);
          runware.emulator().faults.suppressPongs(1);
        },
      }),
    );
    const error = await run.then(
      (value: ProviderImageResult) => value,
      (e: unknown) => e as MotifError,
    );
    const elapsed = Date.now() - started;
    expect(images).toEqual([0]);
    expect(error).toMatchObject({ code: 'connection_lost' });
    expect((error as MotifError).spec.retryable).toBe(true);
    expect(elapsed).toBeLessThan(2_700);
    expect(logged(events, 'missed a pong')).toBe(true);
    expect(runware.emulator().stats.pongsSuppressed).toBe(1);
    // Not re-sent: it had a reply, so sending it again could pay twice.
    expect(runware.emulator().stats.tasks.imageInference).toBe(1);
    await until(() => p.stats().openSockets === 1);
    expect(p.stats().reconnects).toBe(1);
    runware.emulator().setLatency({ kind: 'fixed', ms: 0 });
    const again = await p.generate(options({ request: { ...options().request, seed: 22 } }));
    expect(again.providerMetadata.runware).toMatchObject({ transport: 'websocket' });
    expect(runware.emulator().stats.connections).toBe(2);
  });

  it('with every pong withheld, sockets keep being replaced and nothing waits past its deadline', async () => {
    runware.emulator().faults.suppressPongs('all');
    runware.emulator().setLatency({ kind: 'fixed', ms: 5_000 });
    const events: ProviderEvent[] = [];
    const p = provider(events);
    const started = Date.now();
    const error = await p.generate(options({ deadline: Date.now() + 1_500 })).then(
      () => undefined,
      (e: unknown) => e as MotifError,
    );
    // Each replacement socket also goes silent: the task is re-sent, then polled, until its deadline.
    expect(error?.code).toBe('upstream_timeout');
    expect(error?.spec.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(runware.emulator().stats.pongsSuppressed).toBeGreaterThanOrEqual(2);
    expect(runware.emulator().stats.connections).toBeGreaterThanOrEqual(2);
    expect(p.stats().reconnects).toBeGreaterThanOrEqual(1);
  });
});
