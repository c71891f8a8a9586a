import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseMotifConfig } from '../../src/core/config/motif-config.ts';
import type { Fault } from '../emulators/faults.ts';
import { startFalEmulator, type FalEmulator } from '../emulators/fal/fal-emulator.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

// A faulty fal.ai first, a healthy one second: each fault must cost the job one failed
// attempt, named for what went wrong, and the image must come from the backup.
const KEY = 'fal-fault-key';
let faulty: FalEmulator;
let healthy: FalEmulator;
let temp: TempService | undefined;

beforeAll(async () => {
  faulty = await startFalEmulator({ apiKey: KEY, pollsBeforeDone: 1 });
  healthy = await startFalEmulator({ apiKey: KEY, pollsBeforeDone: 1 });
});

afterEach(async () => {
  faulty.faults.clear();
  faulty.stuckInQueue(0);
  await temp?.cleanup();
  temp = undefined;
});

afterAll(async () => {
  await Promise.all([faulty.close(), healthy.close()]);
});

async function generateWithFailover(deadlineMs = 20_000) {
  const config = parseMotifConfig(`
providers:
  primary: { type: fal, baseUrl: "${faulty.url}", apiKey: "${KEY}" }
  backup:  { type: fal, baseUrl: "${healthy.url}", apiKey: "${KEY}" }
models:
  default:
    strategy: priority
    targets:
      - { provider: primary, model: fal-ai/flux/schnell }
      - { provider: backup, model: fal-ai/flux/schnell }
routing:
  maxRetries: 0
  deadlineMs: ${deadlineMs}
`);
  temp = await startTempService({ config });
  return temp.service.generate({ prompt: 'balloons and bunting', size: '256x256', count: 1, seed: 5, format: 'png' });
}

describe('fal.ai emulator faults: the job fails over to the next target', () => {
  const cases: readonly { readonly name: string; readonly fault: Fault; readonly code: string }[] = [
    { name: 'a 500 on submit', fault: { kind: 'status', status: 500 }, code: 'upstream_unavailable' },
    { name: 'a 503 on submit', fault: { kind: 'status', status: 503 }, code: 'upstream_unavailable' },
    { name: 'a 429 on submit', fault: { kind: 'status', status: 429, retryAfterSeconds: 30 }, code: 'rate_limited' },
    { name: 'a dropped connection', fault: { kind: 'drop-socket' }, code: 'connection_lost' },
    { name: 'a result cut off mid-JSON', fault: { kind: 'malformed-json' }, code: 'upstream_malformed' },
    { name: 'an HTML page instead of the result', fault: { kind: 'garbage-frame' }, code: 'upstream_malformed' },
    { name: 'image bytes that are no image', fault: { kind: 'runware-error', code: 'notAnImage' }, code: 'upstream_malformed' },
  ];

  for (const { name, fault, code } of cases) {
    it(`${name}: ${code} on the first target, the image from the backup`, async () => {
      faulty.faults.set({ errorRate: 1, errorFaults: [fault] });
      const outcome = await generateWithFailover();
      expect(outcome.job.provider).toBe('backup');
      expect(outcome.entries).toHaveLength(1);
      expect(outcome.job.attempts.map((a) => [a.provider, a.outcome, a.errorCode])).toEqual([
        ['primary', 'failure', code],
        ['backup', 'success', undefined],
      ]);
    });
  }

  it('a slow reply that still comes in time is simply slower, not a failure', async () => {
    faulty.faults.failNext(1, { kind: 'delay', ms: 300 });
    const outcome = await generateWithFailover();
    expect(outcome.job.provider).toBe('primary');
    expect(outcome.job.attempts.map((a) => a.outcome)).toEqual(['success']);
  });

  it('a submit that never answers times out and the backup serves the job', async () => {
    faulty.faults.set({ errorRate: 1, errorFaults: [{ kind: 'hang' }] });
    const outcome = await generateWithFailover(3_000);
    expect(outcome.job.provider).toBe('backup');
    expect(outcome.job.attempts.map((a) => [a.provider, a.outcome, a.errorCode])).toEqual([
      ['primary', 'failure', 'upstream_timeout'],
      ['backup', 'success', undefined],
    ]);
  });

  it('a request stuck IN_PROGRESS times out, is cancelled upstream, and the backup serves the job', async () => {
    faulty.stuckInQueue(1);
    const submittedBefore = faulty.submitted.length;
    const outcome = await generateWithFailover(3_000);
    expect(outcome.job.provider).toBe('backup');
    expect(outcome.job.attempts.map((a) => [a.provider, a.outcome, a.errorCode])).toEqual([
      ['primary', 'failure', 'upstream_timeout'],
      ['backup', 'success', undefined],
    ]);
    expect(faulty.submitted.length).toBe(submittedBefore + 1);
    // Nothing is left queued upstream to pay for.
    await expect.poll(() => faulty.cancelled.length).toBe(1);
  });
});
