import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { cliEnv, runCli } from './cli-harness.ts';
import { pngSize } from './server-harness.ts';

/**
 * The "Done when" for the command line: with RUNWARE_API_KEY set and
 * RUNWARE_WS_URL / RUNWARE_API_URL pointing at a running emulator,
 * `motif generate` is served by Runware. The CLI runs as a real process; the
 * emulator runs in this one, so its counters are visible.
 */

const KEY = 'rw-cli-test-key';

interface JsonImage {
  readonly file: string;
  readonly provider: string;
  readonly model: string;
  readonly seed: number | null;
  readonly costUsd: number | null;
  readonly width: number;
  readonly height: number;
}

interface JsonResult {
  readonly provider: string;
  readonly model: string;
  readonly fallback: boolean;
  readonly images: JsonImage[];
  readonly warnings: { type: string; setting?: string; details?: string }[];
  readonly attempts: { provider: string; outcome: string; errorCode?: string; costUsd?: number }[];
}

describe('motif generate served by Runware (emulator)', { timeout: 120_000 }, () => {
  let emulator: RunwareEmulator;
  let root: string;
  let runs = 0;

  /** A fresh data folder per run (no shared cache or breaker state), the emulator's URLs, no OpenAI key. */
  const env = (key: string): NodeJS.ProcessEnv =>
    cliEnv(join(root, `data-${(runs += 1)}`), { RUNWARE_API_KEY: key, RUNWARE_WS_URL: emulator.wsUrl, RUNWARE_API_URL: emulator.restUrl });

  beforeAll(async () => {
    emulator = await startRunwareEmulator({ apiKey: KEY, seed: 5 });
    root = await mkdtemp(join(tmpdir(), 'motif-cli-runware-'));
  });
  afterAll(async () => {
    await emulator.close();
    await rm(root, { recursive: true, force: true });
  });

  it('makes two 512x512 images on Runware, with model, seeds and the cost Runware reported', async () => {
    const tasksBefore = emulator.stats.tasks.imageInference ?? 0;
    const imagesBefore = emulator.stats.imagesGenerated;
    const out = join(root, 'out-json');
    const result = await runCli(
      ['generate', 'gold balloons and confetti', '--style', 'party', '--size', '512x512', '-n', '2', '-o', out, '--json'],
      { env: env(KEY), cwd: root },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/sending · runware \(runware:100@1\)/);
    expect(result.stderr).not.toMatch(/fallback|offline engine/);

    const json = JSON.parse(result.stdout) as JsonResult;
    expect(json).toMatchObject({ provider: 'runware', model: 'runware:100@1', fallback: false, warnings: [] });
    expect(json.images).toHaveLength(2);
    for (const image of json.images) {
      expect(image).toMatchObject({ provider: 'runware', model: 'runware:100@1', width: 512, height: 512 });
      // The emulator's includeCost answer (its default price), not Motif's price-table estimate.
      expect(image.costUsd).toBeCloseTo(0.0013, 10);
      expect(Number.isInteger(image.seed)).toBe(true);
      expect(pngSize(await readFile(image.file))).toEqual({ width: 512, height: 512 });
    }
    // Runware gives image i the seed base + i.
    expect(json.images[1]!.seed).toBe(json.images[0]!.seed! + 1);
    expect((await readdir(out)).sort()).toEqual(json.images.map((image) => image.file.split('/').at(-1)).sort());
    expect(json.attempts.at(-1)).toMatchObject({ provider: 'runware', outcome: 'success' });
    expect(json.attempts.at(-1)!.costUsd).toBeCloseTo(0.0026, 10);
    expect(json.attempts.filter((attempt) => attempt.outcome !== 'skipped')).toHaveLength(1);

    // One imageInference task (numberResults 2) over the authenticated socket.
    expect(emulator.stats.tasks.imageInference).toBe(tasksBefore + 1);
    expect(emulator.stats.imagesGenerated).toBe(imagesBefore + 2);
    expect(emulator.stats.authentications).toBeGreaterThanOrEqual(1);
    expect(emulator.stats.connections).toBeGreaterThanOrEqual(1);
  });

  it('says on stderr that an off-grid size was snapped, and writes the snapped size', async () => {
    const out = join(root, 'out-snap');
    const result = await runCli(['generate', 'rose garlands', '--style', 'wedding', '--size', '500x500', '--seed', '40', '-o', out], {
      env: env(KEY),
      cwd: root,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/motif-wedding-40-1\.png · provider runware · model runware:100@1 · seed 40 · cost \$0\.0013 · 512x512$/),
    ]);
    expect(result.stderr).toContain('motif: warning · size: 500x500 was snapped to 512x512');
    expect(pngSize(await readFile(join(out, 'motif-wedding-40-1.png')))).toEqual({ width: 512, height: 512 });

    // With --json the warning is in the object, and still on stderr for the person watching.
    const json = await runCli(['generate', 'rose garlands', '--size', '500x500', '-o', join(root, 'out-snap-json'), '--json'], {
      env: env(KEY),
      cwd: root,
    });
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as JsonResult).warnings).toEqual([
      { type: 'compatibility', setting: 'size', details: expect.stringContaining('500x500 was snapped to 512x512') },
    ]);
    expect(json.stderr).toContain('motif: warning · size: 500x500 was snapped to 512x512');

    // --json --quiet keeps stderr silent; the JSON still says it.
    const quiet = await runCli(
      ['generate', 'rose garlands', '--size', '500x500', '-o', join(root, 'out-snap-quiet'), '--json', '--quiet'],
      { env: env(KEY), cwd: root },
    );
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect((JSON.parse(quiet.stdout) as JsonResult).warnings).toHaveLength(1);
  });

  it('with a wrong key, the default route says Runware rejected it and the offline engine served, labelled', async () => {
    const failuresBefore = emulator.stats.authFailures;
    const out = join(root, 'out-wrong-key');
    const result = await runCli(['generate', 'bunting for a birthday', '--size', '512x512', '-o', out], {
      env: env('not-the-key'),
      cwd: root,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ · provider local · model procedural-v1 · /);
    // The job's notices, as they happened…
    expect(result.stderr).toMatch(/note · Runware failed \([^)]*rejected the API key[^)]*\); trying Offline engine/);
    expect(result.stderr).toContain('note · No other provider could serve this; using the offline engine as a last resort.');
    // …and the summary: who served, the attempt trail, and which variable to fix.
    expect(result.stderr).toMatch(
      /served by a fallback provider \(the offline engine\); attempts: .*runware:failure:auth_failed:\d+ms, local:success::\d+ms/,
    );
    expect(result.stderr).toContain('check your key · runware rejected the API key in RUNWARE_API_KEY');
    expect(emulator.stats.authFailures).toBeGreaterThan(failuresBefore);
    expect(await readdir(out)).toHaveLength(1);
  });

  it('with a wrong key and a Runware-only model, fails with exit 1 and says to check the key', async () => {
    const out = join(root, 'out-wrong-key-runware-only');
    const result = await runCli(
      ['generate', 'bunting for a birthday', '--model', 'flux-schnell', '--size', '512x512', '-o', out, '--json'],
      { env: env('not-the-key'), cwd: root },
    );
    expect(result.code, result.stderr).toBe(1);
    const json = JSON.parse(result.stdout) as {
      error: { code: string; message: string; attempts: { provider: string; outcome: string; errorCode?: string }[] };
    };
    expect(json.error.code).toBe('no_provider_available');
    expect(json.error.message).toMatch(/Runware rejected the API key/);
    expect(json.error.attempts).toEqual([expect.objectContaining({ provider: 'runware', outcome: 'failure', errorCode: 'auth_failed' })]);
    expect(result.stderr).toMatch(/error \[no_provider_available\]: .*Runware rejected the API key/);
    expect(result.stderr).toContain('check your key · runware rejected the API key in RUNWARE_API_KEY');
    expect(result.stderr).not.toMatch(/offline engine/);
    await expect(readdir(out)).rejects.toThrow();
  });
});
