import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attempt } from '../../src/core/contract/history-entry.ts';
import { toMotifError } from '../../src/core/errors/motif-error.ts';
import { createHeadlessMotifService } from '../../src/core/service/create-motif-service.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import { startOpenAIEmulator, type OpenAIEmulator } from '../emulators/openai/index.ts';

/**
 * A breaker trips on one key (an upstream answering 503 to every call) and is
 * saved to breakers.json when the run ends, as a CLI run does. A later run
 * with a different key or base URL must try the provider again; the same key
 * and URL still see the open circuit.
 */
describe('a changed key or base URL starts the provider’s breaker fresh', { timeout: 60_000 }, () => {
  let failing: OpenAIEmulator;
  let otherFailing: OpenAIEmulator;
  let dataDir: string;
  const always503 = { errorRate: 1, errorFaults: [{ kind: 'status', status: 503 }] } as const;

  beforeAll(async () => {
    failing = await startOpenAIEmulator({ faults: always503 });
    otherFailing = await startOpenAIEmulator({ faults: always503 });
    dataDir = await mkdtemp(join(tmpdir(), 'motif-breaker-key-'));
  });
  afterAll(async () => {
    await failing.close();
    await otherFailing.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A headless engine like a CLI run's: keys and URL from the environment, breakers saved in dataDir. random = 0: no backoff waits. */
  const open = (key: string, baseUrl = failing.baseUrl): Promise<MotifService> =>
    createHeadlessMotifService({
      env: { MOTIF_DATA_DIR: dataDir, PATH: process.env.PATH ?? '', OPENAI_API_KEY: key, OPENAI_BASE_URL: baseUrl },
      dataDir,
      random: () => 0,
    });

  /** The attempt trail of one failing dall-e-3 job (served by OpenAI only). */
  async function attemptsOf(service: MotifService): Promise<readonly Attempt[]> {
    const failure = toMotifError(
      await service.generate({ prompt: 'gold balloons', model: 'dall-e-3', size: '1024x1024' }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(failure.code).toBe('no_provider_available');
    return failure.attempts ?? [];
  }
  const circuitOpen = (attempts: readonly Attempt[]): boolean =>
    attempts.some((a) => a.provider === 'openai' && a.outcome === 'skipped' && a.errorCode === 'circuit_open');
  const tried = (attempts: readonly Attempt[]): boolean =>
    attempts.some((a) => a.provider === 'openai' && a.outcome === 'failure' && a.errorCode === 'upstream_unavailable');

  it('across runs (breakers.json) and within one run', async () => {
    // Run 1: the old key trips the breaker within a few jobs.
    let service = await open('sk-old');
    let trail: readonly Attempt[] = [];
    for (let job = 0; job < 5 && !circuitOpen(trail); job += 1) trail = await attemptsOf(service);
    expect(circuitOpen(trail)).toBe(true);
    await service.close();

    // Run 2, same key and URL: the saved open circuit still holds, and the upstream is not called.
    service = await open('sk-old');
    let calls = failing.stats.generations;
    expect(circuitOpen(await attemptsOf(service))).toBe(true);
    expect(failing.stats.generations).toBe(calls);
    await service.close();

    // Run 3, a new key: the provider is tried again.
    service = await open('sk-new');
    calls = failing.stats.generations;
    trail = await attemptsOf(service);
    expect(circuitOpen(trail)).toBe(false);
    expect(tried(trail)).toBe(true);
    expect(failing.stats.generations).toBeGreaterThan(calls);
    // ...and within this run a key set by hand (Settings) starts it fresh too, once it has tripped again.
    for (let job = 0; job < 5 && !circuitOpen(trail); job += 1) trail = await attemptsOf(service);
    expect(circuitOpen(trail)).toBe(true);
    await service.setSecret('openai', 'sk-typed-in-settings');
    trail = await attemptsOf(service);
    expect(tried(trail)).toBe(true);
    for (let job = 0; job < 5 && !circuitOpen(trail); job += 1) trail = await attemptsOf(service);
    expect(circuitOpen(trail)).toBe(true);
    await service.close();

    // Run 4, the key the breaker last tripped under, at another base URL: tried again as well.
    service = await open('sk-typed-in-settings', otherFailing.baseUrl);
    calls = otherFailing.stats.generations;
    trail = await attemptsOf(service);
    expect(circuitOpen(trail)).toBe(false);
    expect(otherFailing.stats.generations).toBeGreaterThan(calls);
    await service.close();
  });
});
