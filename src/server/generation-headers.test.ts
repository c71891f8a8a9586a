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

const attempt = (over: Partial<Attempt>): Attempt => ({
  provider: 'runware',
  model: 'runware:101@1',
  outcome: 'failure',
  durationMs: 10,
  ...over,
});

async function answer(failure: MotifError): Promise<{ status: number; headers: Headers; code: string }> {
  server = await startServer(fakeMotifApi({ generate: () => Promise.reject(failure) }), { port: 0 });
  const res = await fetch(`${server.url}/v1/images/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"prompt":"x"}',
  });
  return { status: res.status, headers: res.headers, code: ((await res.json()) as { error: { code: string } }).error.code };
}

describe('the generation headers tell only what happened to this request', () => {
  it('names no provider in x-motif-provider when that provider never ran', async () => {
    const res = await answer(
      new MotifError('deadline_exceeded', {
        provider: 'local',
        attempts: [
          attempt({ errorCode: 'upstream_timeout' }),
          attempt({ provider: 'local', model: 'procedural', outcome: 'skipped', errorCode: 'deadline_exceeded', durationMs: 0 }),
        ],
      }),
    );
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
    const res = await fetch(`${server.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"prompt":"x"}',
    });
    const wallMs = performance.now() - started;
    expect(res.status).toBe(200);
    const [reported] = decodeAttempts(res.headers.get('x-motif-attempts') ?? '');
    expect(reported?.durationMs).toBeLessThanOrEqual(Math.ceil(wallMs));
  });
});
