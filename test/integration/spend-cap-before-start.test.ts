import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHeadlessMotifService } from '../../src/core/service/create-motif-service.ts';
import { createIpcDispatcher } from '../../src/main/ipc/ipc-dispatcher.ts';
import { createIpcHandlers } from '../../src/main/ipc/ipc-handlers.ts';
import type { ShellHost } from '../../src/main/ipc/shell-host.ts';
import { startServer } from '../../src/server/start-server.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { ScriptedProvider } from '../support/scripted-provider.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';
import { cliEnv, runCli } from './cli-harness.ts';
import type { ErrorBody } from './server-harness.ts';

/**
 * Issue 14, finding 3: with a $0.001 daily cap a $0.0026 job ran (the cap
 * was only checked against what was already spent). The cap is now checked
 * against the job's estimate before it starts, in the engine, so the app, IPC,
 * the local API and the CLI all refuse it the same way, and nothing is sent upstream.
 */

let temp: TempService | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

/** A paid provider at Runware's list price: two images cost $0.0026. */
const paid = (): ScriptedProvider => new ScriptedProvider({ id: 'alpha', label: 'Alpha', price: 0.0013 });

describe('the daily cap, checked against the estimate before a job starts', () => {
  it('refuses a $0.0026 job under a $0.001 cap, names the error, and never calls the provider', async () => {
    const alpha = paid();
    temp = await startTempService({ providers: [alpha], settings: { budget: { dailyCapUsd: 0.001 } } });
    const refused = temp.service.submit({ prompt: 'balloons', size: '256x256', count: 2 });
    await expect(refused).rejects.toMatchObject({ code: 'budget_would_exceed' });
    await expect(refused).rejects.toThrow(/\$0\.0026.*\$0\.001 daily cap/);
    expect(alpha.calls).toHaveLength(0);
    expect(temp.service.jobs()).toHaveLength(0);
    expect(temp.service.telemetry().spend.todayUsd).toBe(0);
    // The offline engine is never capped: "Run offline instead" works.
    await expect(temp.service.generate({ prompt: 'balloons', size: '256x256', count: 2, model: 'offline' })).resolves.toMatchObject({
      job: { provider: 'local', state: 'saved' },
    });
  });

  it('lets a job that fits start, then refuses the one that would cross the cap', async () => {
    const alpha = paid();
    temp = await startTempService({ providers: [alpha], settings: { budget: { dailyCapUsd: 0.003 } } });
    const first = await temp.service.generate({ prompt: 'one', size: '256x256', count: 2 });
    expect(first.job.costUsd).toBeCloseTo(0.0026);
    await expect(temp.service.submit({ prompt: 'two', size: '256x256', count: 1 })).rejects.toMatchObject({
      code: 'budget_would_exceed',
    });
    expect(alpha.calls).toHaveLength(1);
  });

  it('tells the Generate button the estimate and the refusal before anything runs', async () => {
    temp = await startTempService({ providers: [paid()], settings: { budget: { dailyCapUsd: 0.001 } } });
    const quote = await temp.service.estimateCost({ size: '256x256', count: 2 });
    expect(quote).toMatchObject({ provider: 'alpha', spentTodayUsd: 0, capUsd: 0.001, refusal: { code: 'budget_would_exceed' } });
    expect(quote.estimatedCostUsd).toBeCloseTo(0.0026);
    const one = await temp.service.estimateCost({ size: '256x256', count: 1, model: 'offline' });
    expect(one).toMatchObject({ provider: 'local', estimatedCostUsd: 0 });
    expect(one.refusal).toBeUndefined();
  });

  it('answers over IPC with the named error, through the same dispatcher main uses', async () => {
    temp = await startTempService({ providers: [paid()], settings: { budget: { dailyCapUsd: 0.001 } } });
    const host = {} as ShellHost;
    const dispatcher = createIpcDispatcher(createIpcHandlers({ service: temp.service, host }), { logError: () => undefined });
    const submitted = await dispatcher.dispatch('jobs:submit', { prompt: 'balloons', size: '256x256', count: 2 });
    expect(submitted).toMatchObject({
      ok: false,
      error: { code: 'budget_would_exceed', userMessage: expect.stringMatching(/Run it offline/) },
    });
    const estimated = await dispatcher.dispatch('jobs:estimate', { size: '256x256', count: 2 });
    expect(estimated).toMatchObject({ ok: true, value: { refusal: { code: 'budget_would_exceed' } } });
  });
});

describe('the daily cap against Runware (emulator), over HTTP and the CLI', { timeout: 120_000 }, () => {
  const KEY = 'rw-cap-test-key';
  let emulator: RunwareEmulator;
  let root: string;
  let runs = 0;

  /** A data folder whose settings hold a $0.001 cap, as the reproduction had. */
  const cappedDataDir = async (): Promise<string> => {
    const dir = join(root, `data-${(runs += 1)}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ budget: { dailyCapUsd: 0.001 } }));
    return dir;
  };
  const runwareEnv = (dataDir: string): NodeJS.ProcessEnv =>
    cliEnv(dataDir, { RUNWARE_API_KEY: KEY, RUNWARE_WS_URL: emulator.wsUrl, RUNWARE_API_URL: emulator.restUrl });
  const paidTasks = (): number => emulator.stats.tasks.imageInference ?? 0;

  beforeAll(async () => {
    emulator = await startRunwareEmulator({ apiKey: KEY, seed: 14 });
    root = await mkdtemp(join(tmpdir(), 'motif-cap-'));
  });
  afterAll(async () => {
    await emulator.close();
    await rm(root, { recursive: true, force: true });
  });

  it('the local API answers 402 budget_would_exceed and Runware is never asked', async () => {
    const dataDir = await cappedDataDir();
    const service = await createHeadlessMotifService({ env: runwareEnv(dataDir), dataDir });
    const server = await startServer(service, { port: 0 });
    try {
      const before = paidTasks();
      const response = await fetch(`${server.url}/v1/images/generations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'gold balloons', n: 2, size: '512x512' }),
      });
      expect(response.status).toBe(402);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe('budget_would_exceed');
      expect(body.error.message).toMatch(/daily cap/);
      expect(paidTasks()).toBe(before);
    } finally {
      await server.close();
      await service.close();
    }
  });

  it('motif generate exits non-zero with the cap message and Runware is never asked', async () => {
    const before = paidTasks();
    const result = await runCli(['generate', 'gold balloons', '--size', '512x512', '-n', '2', '-o', join(root, 'out')], {
      env: runwareEnv(await cappedDataDir()),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/daily cap/);
    expect(result.stderr).toMatch(/offline/);
    expect(paidTasks()).toBe(before);
  });
});
