import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../src/core/contract/settings-view.ts';
import { startFalEmulator, type FalEmulator } from '../emulators/fal/fal-emulator.ts';
import { startOpenAIEmulator, type OpenAIEmulator } from '../emulators/openai/index.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

/**
 * Issue 14, finding 2: a wrong key saved with a green "Key set", and after a
 * failed job the sidebar and Health still said Runware was "Idle, ready". A
 * key is now checked when it is saved, with each provider's cheap
 * authenticated call (never a paid generation), against the emulators: a
 * refusal is "rejected" (kept across restarts until the key changes), an
 * unreachable provider is "couldn't check", never "rejected".
 */

const GOOD = 'good-key-123456';
const BAD = 'wrong-key-654321';

let runware: RunwareEmulator;
let openai: OpenAIEmulator;
let fal: FalEmulator;
let temp: TempService | undefined;
let deadPort: number;

beforeAll(async () => {
  [runware, openai, fal] = await Promise.all([
    startRunwareEmulator({ apiKey: GOOD, seed: 3 }),
    startOpenAIEmulator({ apiKey: GOOD }),
    startFalEmulator({ apiKey: GOOD }),
  ]);
  deadPort = await closedPort();
});
afterAll(async () => {
  await Promise.all([runware.close(), openai.close(), fal.close()]);
});
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

const paidCalls = (): number => (runware.stats.tasks.imageInference ?? 0) + openai.stats.generations + fal.submitted.length;
const reachable = (): NodeJS.ProcessEnv => ({
  RUNWARE_WS_URL: runware.wsUrl,
  RUNWARE_API_URL: runware.restUrl,
  OPENAI_BASE_URL: openai.baseUrl,
  FAL_QUEUE_URL: fal.url,
});
const unreachable = (): NodeJS.ProcessEnv => ({
  RUNWARE_WS_URL: `ws://127.0.0.1:${deadPort}/v1`,
  RUNWARE_API_URL: `http://127.0.0.1:${deadPort}/v1`,
  OPENAI_BASE_URL: `http://127.0.0.1:${deadPort}/v1`,
  FAL_QUEUE_URL: `http://127.0.0.1:${deadPort}`,
});
const keyCheck = (view: SettingsView, id: string) => view.providers.find((p) => p.id === id)?.keyCheck;

describe.each(['runware', 'openai', 'fal'] as const)('saving a %s key checks it', { timeout: 60_000 }, (provider) => {
  it('a working key is "valid", with no paid call', async () => {
    temp = await startTempService({ env: reachable() });
    const before = paidCalls();
    const view = await temp.service.setSecret(provider, GOOD);
    expect(keyCheck(view, provider)).toMatchObject({ verdict: 'valid' });
    expect(paidCalls()).toBe(before);
  });

  it('a wrong key is "rejected" in Settings and Health, and stays rejected after a restart until the key changes', async () => {
    temp = await startTempService({ env: reachable() });
    const before = paidCalls();
    const view = await temp.service.setSecret(provider, BAD);
    expect(keyCheck(view, provider)).toMatchObject({ verdict: 'rejected' });
    expect(view.secrets[provider]).toBe(true);
    const health = temp.service.telemetry().providers.find((p) => p.id === provider)!;
    expect(health).toMatchObject({ status: 'key-rejected', keyCheck: { verdict: 'rejected' } });
    expect(health.statusText).toMatch(/^Key rejected/);
    expect(paidCalls()).toBe(before);

    const restarted = await temp.restart();
    expect(keyCheck(restarted.getSettings(), provider)).toMatchObject({ verdict: 'rejected' });
    expect(restarted.telemetry().providers.find((p) => p.id === provider)?.status).toBe('key-rejected');

    const fixed = await restarted.setSecret(provider, GOOD);
    expect(keyCheck(fixed, provider)).toMatchObject({ verdict: 'valid' });
    expect(restarted.telemetry().providers.find((p) => p.id === provider)?.status).not.toBe('key-rejected');
  });

  it('a provider that cannot be reached is "couldn\'t check", never "rejected"', async () => {
    temp = await startTempService({ env: unreachable() });
    const view = await temp.service.setSecret(provider, GOOD);
    expect(keyCheck(view, provider)).toMatchObject({ verdict: 'unverified' });
    expect(temp.service.telemetry().providers.find((p) => p.id === provider)?.status).not.toBe('key-rejected');
  });
});

describe('a job and a rejected key', () => {
  it('skips the provider whose key was rejected, and the attempt says why', async () => {
    temp = await startTempService({ env: reachable() });
    await temp.service.setSecret('openai', BAD);
    const before = openai.stats.requests;
    const outcome = await temp.service.generate({ prompt: 'balloons', size: '256x256' });
    expect(outcome.job.provider).toBe('local');
    expect(outcome.job.attempts).toContainEqual(
      expect.objectContaining({
        provider: 'openai',
        outcome: 'skipped',
        errorCode: 'auth_failed',
        detail: expect.stringMatching(/rejected/),
      }),
    );
    expect(openai.stats.requests).toBe(before);
  });

  it('marks a key rejected when a job is refused with it (a key revoked after it was saved)', async () => {
    temp = await startTempService({ env: reachable(), secrets: { openai: BAD } });
    expect(keyCheck(temp.service.getSettings(), 'openai')).toBeUndefined();
    const outcome = await temp.service.generate({ prompt: 'balloons', size: '256x256' });
    expect(outcome.job.attempts).toContainEqual(
      expect.objectContaining({ provider: 'openai', outcome: 'failure', errorCode: 'auth_failed' }),
    );
    expect(keyCheck(temp.service.getSettings(), 'openai')).toMatchObject({ verdict: 'rejected' });
    expect(temp.service.telemetry().providers.find((p) => p.id === 'openai')?.status).toBe('key-rejected');
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
