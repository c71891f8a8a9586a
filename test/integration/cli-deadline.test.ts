import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, finished, spawnCli } from './cli-harness.ts';

/**
 * `motif generate --model flux-schnell` with Runware unreachable used to wait
 * for the network past its deadline ("Trying again in 32 s" at 40 s). With a
 * 3 s deadline it now ends with deadline_exceeded, well inside the harness's
 * 20 s limit that the old behaviour ran into.
 */

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'motif-cli-deadline-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A loopback port with nothing listening: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('motif generate and its deadline', () => {
  it('ends at the deadline with deadline_exceeded while Runware is unreachable, instead of waiting on', async () => {
    const port = await closedPort();
    const config = join(root, 'motif.json');
    await writeFile(config, JSON.stringify({ routing: { deadlineMs: 3_000 } }));
    const env = cliEnv(join(root, 'data'), {
      MOTIF_CONFIG: config,
      RUNWARE_API_KEY: 'rw-unreachable-key',
      RUNWARE_WS_URL: `ws://127.0.0.1:${port}/v1`,
      RUNWARE_API_URL: `http://127.0.0.1:${port}/v1`,
    });
    const result = await finished(
      spawnCli(['generate', 'bunting for a birthday', '--model', 'flux-schnell', '--size', '512x512', '-o', join(root, 'out'), '--json'], {
        env,
      }),
      20_000,
    );
    expect(result.code, result.stderr).toBe(1);
    const json = JSON.parse(result.stdout) as { error: { code: string } };
    expect(json.error.code, result.stdout).toBe('deadline_exceeded');
  }, 30_000);
});
