import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEmulatorArgs, parseFaultCode, parseLatency } from './emulator-cli-args.ts';

describe('emulator CLI arguments', () => {
  it('parses the documented options', () => {
    const o = parseEmulatorArgs(['runware', '--port', '8899', '--api-key', 'k', '--latency', 'long-tail:20:2000:0.05', '--error-rate', '0.1', '--error-codes', '500,429,timeoutProvider', '--seed', '4']);
    expect(o).toMatchObject({
      kind: 'runware', port: 8899, host: '127.0.0.1', apiKey: 'k', seed: 4,
      latency: { kind: 'long-tail', baseMs: 20, tailMs: 2000, tailRate: 0.05 },
      faults: { errorRate: 0.1, errorFaults: [{ kind: 'status', status: 500 }, { kind: 'status', status: 429 }, { kind: 'runware-error', code: 'timeoutProvider' }] },
    });
    expect(parseEmulatorArgs(['openai', '--latency-ms', '50']).latency).toEqual({ kind: 'fixed', ms: 50 });
    expect(parseEmulatorArgs(['openai']).port).toBe(0);
  });

  it('parses fault codes and latency forms', () => {
    expect(parseFaultCode('429:insufficient_quota')).toEqual({ kind: 'status', status: 429, code: 'insufficient_quota' });
    expect(parseFaultCode('hang')).toEqual({ kind: 'hang' });
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

describe('emulator CLI process', () => {
  it.each(['runware', 'openai'])('starts %s, prints its URL, serves, and exits 0 on SIGTERM', async (kind) => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(process.execPath, [main, kind, '--port', '0', '--api-key', 'cli-key'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    const probe = kind === 'openai'
      ? await fetch(`${url}/models`, { headers: { authorization: 'Bearer cli-key' } })
      : await fetch(url, { method: 'POST', headers: { authorization: 'Bearer cli-key' }, body: JSON.stringify([{ taskType: 'getResponse', taskUUID: crypto.randomUUID() }]) });
    // openai: the model list; runware: a getResponse for an unknown task (404 taskFailedOrNotFound).
    expect(probe.status).toBe(kind === 'openai' ? 200 : 404);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
