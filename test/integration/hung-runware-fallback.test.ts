import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHeadlessMotifService } from '../../src/core/service/create-motif-service.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import type { JobSnapshot } from '../../src/core/contract/service-types.ts';
import { startOpenAIEmulator, type OpenAIEmulator } from '../emulators/openai/index.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { FakeClock } from '../support/fake-clock.ts';

/**
 * The reproduction, on the emulators: default settings (120 s
 * deadline), Runware accepts every task and never answers (`hang`), OpenAI is
 * healthy. The job must not wait out its deadline on Runware: Runware costs one
 * attempt, OpenAI serves, and only Runware's numbers show the hang. Engine
 * time runs on an injected clock; the emulators answer over real loopback sockets.
 */

const RUNWARE_KEY = 'rw-hung-test-key';
const OPENAI_KEY = 'sk-healthy-test-key';

let running: { runware: RunwareEmulator; openai: OpenAIEmulator; service: MotifService; dataDir: string } | undefined;
afterEach(async () => {
  if (!running) return;
  await running.service.close({ graceMs: 0 });
  await running.runware.close();
  await running.openai.close();
  await rm(running.dataDir, { recursive: true, force: true });
  running = undefined;
});

/** Waits in real time (socket I/O, file writes) for a condition, without moving engine time. */
async function realWaitFor(condition: () => boolean, maxMs = 15_000): Promise<void> {
  const until = Date.now() + maxMs;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('timed out waiting');
}

describe('a Runware that accepts tasks and never answers', () => {
  it('costs one attempt; OpenAI serves the job well before the deadline, and only Runware is charged', async () => {
    const runware = await startRunwareEmulator({ apiKey: RUNWARE_KEY, seed: 3, faults: { errorRate: 1, errorFaults: [{ kind: 'hang' }] } });
    const openai = await startOpenAIEmulator({ apiKey: OPENAI_KEY });
    const dataDir = await mkdtemp(join(tmpdir(), 'motif-hung-runware-'));
    const clock = new FakeClock(Date.now());
    const service = await createHeadlessMotifService({
      dataDir,
      clock,
      env: {
        MOTIF_DATA_DIR: dataDir,
        RUNWARE_API_KEY: RUNWARE_KEY,
        RUNWARE_WS_URL: runware.wsUrl,
        RUNWARE_API_URL: runware.restUrl,
        OPENAI_API_KEY: OPENAI_KEY,
        OPENAI_BASE_URL: openai.baseUrl,
      },
    });
    running = { runware, openai, service, dataDir };

    const started = clock.now();
    const submitted = await service.submit({ prompt: 'gold balloons and confetti', size: '1024x1024', count: 1 });
    const job = (): JobSnapshot => service.jobs().find((j) => j.id === submitted.id)!;
    // Runware accepts the task…
    await realWaitFor(() => (runware.stats.tasks.imageInference ?? 0) >= 1);
    expect(job().state).not.toBe('saved');
    // …and never answers. Its attempt window is half of the 120 s less the offline engine's reserve: 57.5 s.
    await clock.advance(57_499);
    expect(job().provider).not.toBe('openai');
    await clock.advance(1);
    await realWaitFor(() => ['saved', 'failed'].includes(job().state));
    const atMs = clock.now() - started;
    expect(job().state, JSON.stringify({ attempts: job().attempts, error: job().error })).toBe('saved');
    expect(job().provider).toBe('openai');
    expect(atMs).toBe(57_500);
    const tried = job().attempts.filter((a) => a.outcome !== 'skipped');
    expect(tried.map((a) => [a.provider, a.outcome, a.errorCode])).toEqual([
      ['runware', 'failure', 'upstream_timeout'],
      ['openai', 'success', undefined],
    ]);
    for (const attempt of tried) expect(attempt.durationMs).toBeLessThanOrEqual(atMs);

    const targets = service.telemetry().targets;
    expect(targets.find((t) => t.provider === 'runware')).toMatchObject({ requests: 1, failures: 1, inFlight: 0 });
    expect(targets.find((t) => t.provider === 'openai')).toMatchObject({ requests: 1, failures: 0, successRate: 1 });
    expect(service.telemetry().providers.find((p) => p.id === 'runware')?.statusText).toBe('Not answering — the last request timed out');
  }, 120_000);
});
