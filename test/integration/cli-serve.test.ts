import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, finished, runCli, spawnCli, waitForOutput } from './cli-harness.ts';
import { pngSize } from './server-harness.ts';

describe('motif serve', { timeout: 120_000 }, () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'motif-serve-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('serves /healthz and a generation, then exits cleanly on SIGTERM', async () => {
    const child = spawnCli(['serve', '--port', '0'], { env: cliEnv(join(root, 'data')) });
    const done = finished(child);
    const [, url] = await waitForOutput(child, 'stdout', /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    const res = await fetch(`${url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'balloons', size: '200x100', response_format: 'b64_json' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-motif-provider')).toBe('local');
    const body = (await res.json()) as { data: { b64_json: string }[] };
    expect(pngSize(Buffer.from(body.data[0]!.b64_json, 'base64'))).toEqual({ width: 200, height: 100 });
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('shutting down');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('uses $PORT and requires the token when given', async () => {
    const child = spawnCli(['serve', '--token', 'serve-token-1'], { env: cliEnv(join(root, 'data2'), { PORT: '0' }) });
    const done = finished(child);
    const [, url] = await waitForOutput(child, 'stdout', /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/motif/services/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/motif/services/metrics`, { headers: { authorization: 'Bearer serve-token-1' } })).status).toBe(200);
    child.kill('SIGINT');
    expect((await done).code).toBe(0);
  });

  it('refuses to serve beyond loopback without a token (exit 2)', async () => {
    const result = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { env: cliEnv(join(root, 'data3')) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--host');
  });
});
