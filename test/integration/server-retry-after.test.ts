import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHeadlessMotifService } from '../../src/core/service/create-motif-service.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import { startServer, type RunningServer } from '../../src/server/start-server.ts';
import { startOpenAIEmulator, type OpenAIEmulator } from '../emulators/openai/index.ts';

/**
 * A single provider that answers 429 with Retry-After: the local API passes
 * the rate limit and when to come back on to its caller, instead of a bare
 * `503 no_provider_available`.
 */

let running: { emulator: OpenAIEmulator; service: MotifService; server: RunningServer; dataDir: string } | undefined;
afterEach(async () => {
  if (!running) return;
  await running.server.close();
  await running.service.close();
  await running.emulator.close();
  await rm(running.dataDir, { recursive: true, force: true });
  running = undefined;
});

describe('the local API and a rate-limited provider', () => {
  it('answers 429 with Retry-After when the only provider for the model is rate limiting', async () => {
    const emulator = await startOpenAIEmulator({
      apiKey: 'sk-emulator-key-1',
      faults: { errorRate: 1, errorFaults: [{ kind: 'status', status: 429, retryAfterSeconds: 2 }] },
    });
    const dataDir = await mkdtemp(join(tmpdir(), 'motif-retry-after-'));
    const service = await createHeadlessMotifService({
      dataDir,
      env: { MOTIF_DATA_DIR: dataDir, OPENAI_API_KEY: 'sk-emulator-key-1', OPENAI_BASE_URL: emulator.baseUrl },
    });
    const server = await startServer(service, { port: 0 });
    running = { emulator, service, server, dataDir };
    const res = await fetch(`${server.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'balloons', model: 'gpt-image-1', size: '1024x1024' }),
    });
    const body = (await res.json()) as { error: { code: string } };
    expect(res.status).toBe(429);
    expect(body.error.code).toBe('rate_limited');
    expect(res.headers.get('retry-after')).toBe('2');
  }, 30_000);
});
