import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './start-server.ts';
import { fakeMotifApi } from '../../test/support/fake-motif-api.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface UploadResult {
  /** The raw response the client read after it finished sending ('' when it never got one). */
  readonly response: string;
  /** The first socket error the client saw, if any (EPIPE / ECONNRESET when the server cut it off). */
  readonly clientError: string | undefined;
}

/**
 * Sends a POST the way many simple clients do (Python's `requests`, for one):
 * the whole body first, in small chunks with a pause between them as on a busy
 * link, and only then reads the answer. A server that closes the socket as soon
 * as it has answered makes this client's next write fail, and the answer is
 * lost with the connection.
 */
function uploadThenRead(
  url: string,
  body: Buffer,
  headers: Record<string, string | number>,
  chunked: boolean,
  chunkBytes = 8 * 1024,
): Promise<UploadResult> {
  const { hostname, port } = new URL(url);
  const lines = [
    `POST /v1/images/generations HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Content-Type: application/json',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.pause();
    let response = '';
    let clientError: string | undefined;
    socket.on('error', (error: NodeJS.ErrnoException) => (clientError ??= error.code ?? error.message));
    socket.on('close', () => resolve({ response, clientError }));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      response += chunk;
      // One response is all this test reads; hang up once it is complete.
      if (/\r\n\r\n[\s\S]*\}$/.test(response)) socket.end();
    });
    void (async () => {
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      for (let offset = 0; offset < body.length && !socket.destroyed; offset += chunkBytes) {
        const piece = body.subarray(offset, offset + chunkBytes);
        socket.write(chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
        await sleep(5);
      }
      if (chunked && !socket.destroyed) socket.write('0\r\n\r\n');
      await sleep(20);
      socket.resume();
    })();
  });
}

describe('a body over the limit', () => {
  const prompt = Buffer.from(JSON.stringify({ prompt: 'x'.repeat(200_000) }));

  it.each([
    ['with its length declared', { 'content-length': prompt.length }, false],
    ['sent chunked', { 'transfer-encoding': 'chunked' }, true],
  ] as const)('gets its 413 while the client is still uploading (%s), not a reset', async (_name, headers, chunked) => {
    const api = fakeMotifApi();
    server = await startServer(api, { port: 0, maxBodyBytes: 64 * 1024 });
    const result = await uploadThenRead(server.url, prompt, headers, chunked);
    expect(result.clientError).toBeUndefined();
    expect(result.response).toMatch(/^HTTP\/1\.1 413 /);
    const body = result.response.slice(result.response.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'payload_too_large', type: 'invalid_request_error' } });
    expect(api.calls).toHaveLength(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
