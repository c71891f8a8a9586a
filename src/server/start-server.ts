import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MotifApi } from '../core/service/motif-api.ts';
import { MotifError } from '../core/errors/index.ts';
import { encodeAttempts } from './attempts-header.ts';
import { bearerMatches } from './bearer-auth.ts';
import { baseUrlFor, hostAllowed, isLoopbackAddress } from './host-check.ts';
import { sendHttpError } from './http-error.ts';
import { DEFAULT_MAX_BODY_BYTES } from './json-body.ts';
import { resolveRequestId } from './request-id.ts';
import { matchRoute, type Route } from './route-context.ts';
import { ROUTES } from './routes.ts';

export interface ServerOptions {
  /** Bind address; loopback by default. A non-loopback host should always come with a token. */
  readonly host?: string | undefined;
  /** 0 picks a free port. */
  readonly port: number;
  /** When set, every route but `/healthz` requires `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Largest accepted request body; default 64 KiB. */
  readonly maxBodyBytes?: number | undefined;
  /** Generations the server runs at once before answering `overloaded` (503); default 16. */
  readonly maxConcurrentGenerations?: number | undefined;
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
 * Serves the local HTTP API over a MotifApi on node:http. See `routes.ts` for
 * the routes. Every response carries `x-request-id`; errors use OpenAI's
 * `{ error: { message, type, code, param } }` shape with the registry's status.
 */
export async function startServer(service: MotifApi, options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) throw new RangeError('port must be a whole number from 0 to 65535');
  if (options.token !== undefined && !/^[\x21-\x7e]{1,512}$/.test(options.token)) throw new RangeError('token must be 1–512 printable ASCII characters without spaces');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxGenerations = options.maxConcurrentGenerations ?? 16;
  const loopback = isLoopbackAddress(host);
  const inFlight = new Set<AbortController>();
  let generations = 0;
  let closing = false;
  let fallbackBase = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const requestId = resolveRequestId(req.headers['x-request-id']);
    const path = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    res.setHeader('x-request-id', requestId);
    res.setHeader('x-content-type-options', 'nosniff');
    if (closing) res.setHeader('connection', 'close');
    const controller = new AbortController();
    inFlight.add(controller);
    res.once('close', () => {
      inFlight.delete(controller);
      if (!res.writableFinished) controller.abort(new MotifError('cancelled', { message: 'The client disconnected.' }));
      options.log?.(`${req.method} ${path.slice(0, 200)} ${res.writableFinished ? res.statusCode : 'aborted'} ${Math.round(performance.now() - started)}ms ${requestId}`);
    });
    let route: Route | undefined;
    let statusOverride: number | undefined;
    let countedGeneration = false;
    try {
      if (!path.startsWith('/')) throw new MotifError('not_found', { message: 'No such route.' });
      if (!hostAllowed(req.headers.host, loopback)) {
        throw new MotifError('invalid_request', { param: 'Host', message: 'Host: this server only answers requests addressed to localhost or 127.0.0.1' });
      }
      const match = matchRoute(ROUTES, req.method ?? 'GET', path);
      if (match.kind === 'not-found') throw new MotifError('not_found', { message: `No route ${path.slice(0, 100)}` });
      if (match.kind === 'method-not-allowed') {
        res.setHeader('allow', match.allow.join(', '));
        statusOverride = 405;
        throw new MotifError('invalid_request', { message: `${req.method} is not allowed here; use ${match.allow.join(' or ')}` });
      }
      route = match.route;
      if (route.auth && options.token !== undefined && !bearerMatches(req.headers.authorization, options.token)) {
        throw new MotifError('auth_failed', { message: 'Missing or wrong bearer token: send Authorization: Bearer <token>.' });
      }
      if (route.generation) {
        if (generations >= maxGenerations) {
          throw new MotifError('overloaded', { message: `The local server already runs ${maxGenerations} generations; try again shortly.`, retryAfterMs: 1000 });
        }
        generations += 1;
        countedGeneration = true;
      }
      await route.handler({
        req, res, service, requestId, maxBodyBytes,
        baseUrl: baseUrlFor(req.headers.host, fallbackBase),
        signal: controller.signal,
        params: match.params,
      });
    } catch (thrown) {
      if (controller.signal.aborted && !res.headersSent) {
        res.destroy();
        return;
      }
      // The rest of an oversized body is never read; the connection cannot be reused.
      if (thrown instanceof MotifError && thrown.code === 'payload_too_large' && !res.headersSent) res.setHeader('connection', 'close');
      // A failed generation still tells the client which providers were tried and why.
      if (thrown instanceof MotifError && thrown.attempts && !res.headersSent) res.setHeader('x-motif-attempts', encodeAttempts(thrown.attempts));
      sendHttpError(res, thrown, { paramMap: route?.paramMap, statusOverride });
    } finally {
      if (countedGeneration) generations -= 1;
    }
  };

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 }, (req, res) => {
    // A reset connection surfaces as stream errors; the 'close' handler deals with it.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost === '[::]' ? '[::1]' : shownHost}:${address.port}`;
  fallbackBase = url;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      closing = true;
      const timer = setTimeout(() => {
        for (const controller of inFlight) controller.abort(new MotifError('cancelled', { message: 'The server is shutting down.' }));
        server.closeAllConnections();
      }, options.closeGraceMs ?? 5_000);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closed;
  };
  return { url, port: address.port, close };
}
