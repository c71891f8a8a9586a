import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorTimers } from './emulator-timers.ts';
import { FAULT_HEADER, parseFaultHeader, type Fault } from './faults.ts';
import type { ImageStore } from './image-store.ts';

/** One complete HTTP answer, before any fault shapes how it is sent. */
export interface HttpReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

export const jsonReply = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): HttpReply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Thrown by {@link readBody} when the body is larger than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** Reads the whole request body, refusing more than `limitBytes`. */
export function readBody(req: IncomingMessage, limitBytes = 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limitBytes) {
        reject(new BodyTooLargeError(`body larger than ${limitBytes} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The fault named in the request's `x-emulator-fault` header: undefined when
 * absent, an Error when present but invalid (answer 400 with its message).
 */
export function headerFault(req: IncomingMessage): Fault | Error | undefined {
  const raw = req.headers[FAULT_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  try {
    return parseFaultHeader(value);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Sends a reply, slowly when `trickle` is given (the body `chunkBytes` at a time). */
export async function writeReply(
  res: ServerResponse,
  reply: HttpReply,
  timers: EmulatorTimers,
  trickle?: { readonly chunkBytes: number; readonly intervalMs: number },
): Promise<void> {
  if (res.destroyed || res.headersSent) return;
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : Buffer.from(reply.body);
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.byteLength) });
  if (!trickle) {
    res.end(body);
    return;
  }
  res.flushHeaders();
  for (let offset = 0; offset < body.byteLength; offset += trickle.chunkBytes) {
    if (offset > 0) await timers.sleep(trickle.intervalMs);
    if (res.destroyed) return;
    res.write(body.subarray(offset, offset + trickle.chunkBytes));
  }
  res.end();
}

/** A JSON body cut off mid-value: what a proxy that drops the tail of a response looks like. */
export function malformedJsonReply(validBody: string): HttpReply {
  const cut = Math.max(1, Math.min(validBody.length - 1, Math.floor(validBody.length / 2), 120));
  return { status: 200, headers: { 'content-type': 'application/json' }, body: validBody.slice(0, cut) };
}

/**
 * What a broken proxy or load balancer sends in place of an answer: an HTML
 * error page. Not JSON at all and names no task (the `garbage-frame` fault).
 */
export const GARBAGE_TEXT =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

/** A 200 that claims JSON but carries {@link GARBAGE_TEXT}. */
export function garbageReply(): HttpReply {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: GARBAGE_TEXT };
}

/** Serves `GET /img/<id>.<ext>` from the store; returns false when the path is not an image path. */
export function serveImage(store: ImageStore, req: IncomingMessage, res: ServerResponse): boolean {
  const path = new URL(req.url ?? '/', 'http://emulator').pathname;
  if (!path.startsWith('/img/')) return false;
  const image = req.method === 'GET' || req.method === 'HEAD' ? store.lookup(path) : undefined;
  if (!image) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('image not found');
    return true;
  }
  res.writeHead(200, { 'content-type': image.mediaType, 'content-length': String(image.bytes.byteLength), 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : image.bytes);
  return true;
}

/** Listens on host:port (0 = any free port) and resolves the bound port. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes the server and every socket it holds, hanging requests included. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The `host` for URLs: IPv6 literals need brackets. */
export const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);
