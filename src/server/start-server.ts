import type { AddressInfo } from 'node:net';
import type { MotifApi } from '../core/service/motif-api.ts';
import { MotifError } from '../core/errors/index.ts';
import { isLoopbackAddress } from './host-check.ts';
import { DEFAULT_MAX_BODY_BYTES } from './json-body.ts';
import { buildMotifApp } from './motif-app.ts';

export interface ServerOptions {
  /** Bind address; loopback by default. A non-loopback host should always come with a token. */
  readonly host?: string | undefined;
  /** 0 picks a free port. */
  readonly port: number;
  /** When set, every route but `/healthz` requires `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Largest accepted request body; default 64 KiB. */
  readonly maxBodyBytes?: number | undefined;
  /** Generations the server runs at once; default 16. */
  readonly maxConcurrentGenerations?: number | undefined;
  /** Generation requests that may wait for a slot beyond those; default 32. The next one gets `429 server_busy`. */
  readonly maxQueuedGenerations?: number | undefined;
  /** How long a generation request waits for a slot before `429 server_busy`; default 15 s. */
  readonly maxQueueWaitMs?: number | undefined;
  /** How long a request (headers and body) may take to arrive before `408 request_timeout`; default 10 s. */
  readonly bodyTimeoutMs?: number | undefined;
  /** How long `close()` waits for responses in flight before cutting them off; default 5 s. */
  readonly closeGraceMs?: number | undefined;
  /** One line per finished request (method, path, status, duration, request id); never bodies or headers. */
  readonly log?: ((line: string) => void) | undefined;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8000` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets responses in flight finish (up to the grace period), then closes every connection. */
  close(): Promise<void>;
}

/**
 * Serves the local HTTP API over a MotifApi (Fastify; see `motif-app.ts` and
 * `routes.ts`). Every response carries `x-request-id`; errors use OpenAI's
 * `{ error: { message, type, code, param } }` shape with the registry's status.
 */
export async function startServer(service: MotifApi, options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535)
    throw new RangeError('port must be a whole number from 0 to 65535');
  if (options.token !== undefined && !/^[\x21-\x7e]{1,512}$/.test(options.token))
    throw new RangeError('token must be 1–512 printable ASCII characters without spaces');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const handle = buildMotifApp(service, {
    token: options.token,
    maxBodyBytes,
    boundToLoopback: isLoopbackAddress(host),
    generations: {
      maxRunning: options.maxConcurrentGenerations ?? 16,
      maxQueued: options.maxQueuedGenerations ?? 32,
      maxWaitMs: options.maxQueueWaitMs ?? 15_000,
    },
    bodyTimeoutMs: options.bodyTimeoutMs ?? 10_000,
    linger: { maxMs: 5_000, maxBytes: Math.max(1024 * 1024, 16 * maxBodyBytes) },
    log: options.log,
  });
  const { app } = handle;
  await app.listen({ port: options.port, host });
  const address = app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost === '[::]' ? '[::1]' : shownHost}:${address.port}`;
  handle.setFallbackBase(url);

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      handle.markClosing();
      const timer = setTimeout(() => {
        handle.abortAll(new MotifError('cancelled', { message: 'The server is shutting down.' }));
        app.server.closeAllConnections();
      }, options.closeGraceMs ?? 5_000);
      timer.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
      }
    })();
    return closed;
  };
  return { url, port: address.port, close };
}
