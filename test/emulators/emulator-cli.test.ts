import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { parseEmulatorArgs, parseFaultCode, parseLatency } from './emulator-cli-args.ts';

describe('emulator CLI arguments', () => {
  it('parses the documented options', () => {
    const o = parseEmulatorArgs([
      'runware',
      '--port',
      '8899',
      '--api-key',
      'k',
      '--latency',
      'long-tail:20:2000:0.05',
      '--error-rate',
      '0.1',
      '--error-codes',
      '500,429,timeoutProvider',
      '--seed',
      '4',
    ]);
    expect(o).toMatchObject({
      kind: 'runware',
      port: 8899,
      host: '127.0.0.1',
      apiKey: 'k',
      seed: 4,
      latency: { kind: 'long-tail', baseMs: 20, tailMs: 2000, tailRate: 0.05 },
      faults: {
        errorRate: 0.1,
        errorFaults: [
          { kind: 'status', status: 500 },
          { kind: 'status', status: 429 },
          { kind: 'runware-error', code: 'timeoutProvider' },
        ],
      },
    });
    expect(parseEmulatorArgs(['openai', '--latency-ms', '50']).latency).toEqual({ kind: 'fixed', ms: 50 });
    expect(parseEmulatorArgs(['openai']).port).toBe(0);
  });

  it('parses the Runware transport faults: --suppress-pongs and --reject-ws-upgrades', () => {
    expect(parseEmulatorArgs(['runware'])).toMatchObject({ rejectWebSocketUpgrades: false, suppressPongs: undefined });
    expect(parseEmulatorArgs(['runware', '--reject-ws-upgrades', '--suppress-pongs', 'all'])).toMatchObject({
      rejectWebSocketUpgrades: true,
      suppressPongs: 'all',
    });
    expect(parseEmulatorArgs(['runware', '--suppress-pongs', '3']).suppressPongs).toBe(3);
    expect(() => parseEmulatorArgs(['runware', '--suppress-pongs', 'some'])).toThrow(/--suppress-pongs must be a number/);
    expect(() => parseEmulatorArgs(['runware', '--suppress-pongs', '2.5'])).toThrow(/whole number/);
    expect(() => parseEmulatorArgs(['openai', '--reject-ws-upgrades'])).toThrow(/for runware/);
  });

  it('parses fault codes and latency forms', () => {
    expect(parseFaultCode('429:insufficient_quota')).toEqual({ kind: 'status', status: 429, code: 'insufficient_quota' });
    expect(parseFaultCode('hang')).toEqual({ kind: 'hang' });
    expect(parseFaultCode('garbage-frame')).toEqual({ kind: 'garbage-frame' });
    expect(parseFaultCode('delay:300')).toEqual({ kind: 'delay', ms: 300 });
    expect(parseFaultCode('trickle:64:10')).toEqual({ kind: 'trickle', chunkBytes: 64, intervalMs: 10 });
    expect(parseLatency('uniform:5:10')).toEqual({ kind: 'uniform', minMs: 5, maxMs: 10 });
  });

  it('rejects bad input with a readable message', () => {
    expect(() => parseEmulatorArgs(['mystery'])).toThrow(/runware or openai/);
    expect(() => parseEmulatorArgs(['openai', '--error-rate', '2'])).toThrow(/between 0 and 1/);
    expect(() => parseEmulatorArgs(['openai', '--port', 'x'])).toThrow(/--port must be a number/);
    expect(() => parseFaultCode('418')).toThrow(/not one of/);
    expect(() => parseLatency('fast')).toThrow(/--latency/);
  });
});

/** Spawns `main.ts` with `args` and resolves once it has printed its REST/base URL. */
async function spawnEmulator(args: readonly string[]): Promise<{ url: string; output: () => string; stop: () => Promise<number | null> }> {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 10_000);
    child.stdout.on('data', () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return {
    url,
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('emulator CLI process', () => {
  it.each(['runware', 'openai'])('starts %s, prints its URL, serves, and exits 0 on SIGTERM', async (kind) => {
    const { url, stop } = await spawnEmulator([kind, '--port', '0', '--api-key', 'cli-key']);
    const probe =
      kind === 'openai'
        ? await fetch(`${url}/models`, { headers: { authorization: 'Bearer cli-key' } })
        : await fetch(url, {
            method: 'POST',
            headers: { authorization: 'Bearer cli-key' },
            body: JSON.stringify([{ taskType: 'getResponse', taskUUID: crypto.randomUUID() }]),
          });
    // openai: the model list; runware: a getResponse for an unknown task (404 taskFailedOrNotFound).
    expect(probe.status).toBe(kind === 'openai' ? 200 : 404);
    expect(await stop()).toBe(0);
  });

  it('--reject-ws-upgrades refuses WebSocket upgrades with 503 while REST answers', async () => {
    const { url, output, stop } = await spawnEmulator(['runware', '--port', '0', '--reject-ws-upgrades', '--suppress-pongs', 'all']);
    try {
      expect(output()).toContain('--reject-ws-upgrades');
      expect(output()).toContain('pongs withheld: all');
      const status = await new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url.replace('http:', 'ws:'));
        ws.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.once('open', () => reject(new Error('the upgrade was accepted')));
        ws.once('error', reject);
      });
      expect(status).toBe(503);
      const rest = await fetch(url, {
        method: 'POST',
        headers: { authorization: 'Bearer k' },
        body: JSON.stringify([{ taskType: 'getResponse', taskUUID: crypto.randomUUID() }]),
      });
      expect(rest.status).toBe(404);
    } finally {
      expect(await stop()).toBe(0);
    }
  });
});
