import { afterEach, describe, expect, it } from 'vitest';
import type { Attempt } from '../core/contract/history-entry.ts';
import { MotifError } from '../core/errors/index.ts';
import type { GenerateOutcome } from '../core/service/motif-api.ts';
import { decodeAttempts } from './attempts-header.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { fakeMotifApi } from '../../test/support/fake-motif-api.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const attempt = (over: Partial<Attempt>): Attempt => ({ provider: 'runware', model: 'runware:101@1', outcome: 'failure', durationMs: 10, ...over });

/** The router's answer when it ran out of targets: `no_provider_available`, caused by the last failure. */
const noProvider = (attempts: Attempt[], last: MotifError): MotifError =>
  new MotifError('no_provider_available', { message: 'No provider could make this image.', attempts, cause: last });

async function answer(failure: MotifError): Promise<{ status: number; headers: Headers; code: string }> {
  server = await startServer(fakeMotifApi({ generate: () => Promise.reject(failure) }), { port: 0 });
  const res = await fetch(`${server.url}/v1/images/generations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"prompt":"x"}' });
  return { status: res.status, headers: res.headers, code: ((await res.json()) as { error: { code: string } }).error.code };
}

describe('a failed generation answers one status for one cause', () => {
  it('a single provider rate limiting answers 429 with its Retry-After, not 503 no_provider_available', async () => {
    const limited = new MotifError('rate_limited', { provider: 'runware', retryAfterMs: 2_000 });
    const res = await answer(noProvider([attempt({ errorCode: 'rate_limited' })], limited));
    expect(res.status).toBe(429);
    expect(res.code).toBe('rate_limited');
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('x-motif-provider')).toBe('runware');
    expect(decodeAttempts(res.headers.get('x-motif-attempts') ?? '')).toEqual([{ provider: 'runware', outcome: 'failure', errorCode: 'rate_limited', durationMs: 10 }]);
  });

  it('a hung provider answers 504 whether the deadline or the attempt timeout ended it', async () => {
    const timedOut = new MotifError('upstream_timeout', { provider: 'runware' });
    const ranOut = await answer(noProvider([attempt({ errorCode: 'upstream_timeout' }), attempt({ provider: 'local', model: 'procedural', outcome: 'skipped', errorCode: 'circuit_open', durationMs: 0 })], timedOut));
    await server?.close();
    const deadline = await answer(new MotifError('deadline_exceeded', { attempts: [attempt({ errorCode: 'upstream_timeout' })] }));
    expect(ranOut.status).toBe(504);
    expect(deadline.status).toBe(504);
  });

  it('different failures stay no_provider_available (503)', async () => {
    const res = await answer(noProvider([attempt({ errorCode: 'upstream_unavailable' }), attempt({ provider: 'openai', errorCode: 'auth_failed' })], new MotifError('auth_failed', { provider: 'openai' })));
    expect(res.status).toBe(503);
    expect(res.code).toBe('no_provider_available');
  });

  it('names no provider in x-motif-provider when that provider never ran', async () => {
    const res = await answer(new MotifError('deadline_exceeded', {
      provider: 'local',
      attempts: [attempt({ errorCode: 'upstream_timeout' }), attempt({ provider: 'local', model: 'procedural', outcome: 'skipped', errorCode: 'deadline_exceeded', durationMs: 0 })],
    }));
    expect(res.status).toBe(504);
    expect(res.headers.get('x-motif-provider')).toBeNull();
  });

  it('never reports an attempt longer than the request', async () => {
    const api = fakeMotifApi();
    const realGenerate = api.generate.bind(api);
    // A request that joined a job started long before it sees that job's attempts.
    const joined = async (input: Parameters<typeof api.generate>[0]): Promise<GenerateOutcome> => {
      const outcome = await realGenerate(input);
      return { ...outcome, job: { ...outcome.job, attempts: [attempt({ outcome: 'success', durationMs: 120_000 })] } };
    };
    server = await startServer(fakeMotifApi({ generate: joined }), { port: 0 });
    const started = performance.now();
    const res = await fetch(`${server.url}/v1/images/generations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"prompt":"x"}' });
    const wallMs = performance.now() - started;
    expect(res.status).toBe(200);
    const [reported] = decodeAttempts(res.headers.get('x-motif-attempts') ?? '');
    expect(reported?.durationMs).toBeLessThanOrEqual(Math.ceil(wallMs));
  });
});
