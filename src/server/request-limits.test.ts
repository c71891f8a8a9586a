import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MotifError } from '../core/errors/index.ts';
import type { GenerateOutcome } from '../core/service/motif-api.ts';
import { startServer, type RunningServer, type ServerOptions } from './start-server.ts';
import { fakeMotifApi } from '../../test/support/fake-motif-api.ts';

let server: RunningServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = undefined;
});

const postJson = (url: string, body: unknown): Promise<Response> =>
  fetch(`${url}/v1/images/generations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Sends the headers and the first bytes of a body, then stalls; resolves with whatever the server answers before closing. */
function stalledUpload(url: string): { readonly answer: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  const body = '{"prompt":"slow balloons"}';
  socket.write(
    `POST /v1/images/generations HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 3)}`,
  );
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => undefined);
  return { answer: new Promise((resolve) => socket.on('close', () => resolve(text))) };
}

/** A generate that waits until the test releases it (or the request is aborted). */
function gatedGenerate() {
  const waiting: (() => void)[] = [];
  let started = 0;
  const api = fakeMotifApi();
  const realGenerate = api.generate.bind(api);
  const generate = (input: Parameters<typeof api.generate>[0], options?: { readonly signal?: AbortSignal }): Promise<GenerateOutcome> =>
    new Promise<void>((resolve, reject) => {
      started += 1;
      waiting.push(resolve);
      options?.signal?.addEventListener('abort', () => reject(new MotifError('cancelled')), { once: true });
    }).then(() => realGenerate(input, options));
  return { generate, releaseOne: () => waiting.shift()?.(), started: () => started };
}

async function serve(overrides: Parameters<typeof fakeMotifApi>[0], options: Partial<ServerOptions>) {
  server = await startServer(fakeMotifApi(overrides), { port: 0, ...options });
  return server.url;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('request limits of the local API', () => {
  it('slow uploads never hold a generation slot, and get 408 request_timeout once the body timeout passes', async () => {
    const url = await serve({}, { maxConcurrentGenerations: 2, maxQueuedGenerations: 0, bodyTimeoutMs: 400 });
    const stalled = Array.from({ length: 4 }, () => stalledUpload(url));
    // More stalled uploads than slots, yet a whole request is served at once.
    const res = await postJson(url, { prompt: 'quick balloons' });
    expect(res.status).toBe(200);
    for (const { answer } of stalled) {
      const text = await answer;
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { error: { code: string; type: string } };
      expect(body.error).toMatchObject({ code: 'request_timeout', type: 'invalid_request_error' });
    }
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('queues generations beyond the running ones and serves them in turn', async () => {
    const gate = gatedGenerate();
    const url = await serve({ generate: gate.generate }, { maxConcurrentGenerations: 1, maxQueuedGenerations: 1 });
    const first = postJson(url, { prompt: 'first' });
    await until(() => gate.started() === 1);
    const second = postJson(url, { prompt: 'second' });
    // The second waits for the slot instead of being refused.
    const third = await postJson(url, { prompt: 'third' });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(((await third.json()) as { error: { code: string; type: string } }).error).toMatchObject({
      code: 'server_busy',
      type: 'rate_limit_error',
    });
    gate.releaseOne();
    expect((await first).status).toBe(200);
    await until(() => gate.started() === 2);
    gate.releaseOne();
    expect((await second).status).toBe(200);
  });

  it('answers 429 with Retry-After when a queued generation waited too long', async () => {
    const gate = gatedGenerate();
    const url = await serve(
      { generate: gate.generate },
      { maxConcurrentGenerations: 1, maxQueuedGenerations: 4, maxQueueWaitMs: 100, closeGraceMs: 50 },
    );
    const first = postJson(url, { prompt: 'first' }).catch(() => undefined);
    await until(() => gate.started() === 1);
    const waited = await postJson(url, { prompt: 'second' });
    expect(waited.status).toBe(429);
    expect(Number(waited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await waited.json()) as { error: { code: string } }).error.code).toBe('server_busy');
    expect(gate.started()).toBe(1);
    gate.releaseOne();
    await first;
  });
});
