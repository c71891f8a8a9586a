import type { Socket } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { MotifError } from '../core/errors/index.ts';
import type { MotifApi } from '../core/service/motif-api.ts';
import { encodeAttempts } from './attempts-header.ts';
import { bearerMatches } from './bearer-auth.ts';
import { clampAttempts } from './attempt-trail.ts';
import { fromFrameworkError } from './framework-errors.ts';
import { baseUrlFor, hostAllowed } from './host-check.ts';
import { renderHttpError, sendHttpError } from './http-error.ts';
import { contentTypeError, jsonObjectParser, type FrameworkJsonParser } from './json-body.ts';
import { GenerationSlots, type GenerationSlotsOptions } from './generation-slots.ts';
import { drainAnsweredRequest, type LingerLimits } from './linger.ts';
import { resolveRequestId } from './request-id.ts';
import { elapsedMs, type MotifApp } from './route-context.ts';
import { ROUTE_GROUPS } from './routes.ts';

/** Methods a route may answer; a path asked with any other known method gets `405` with `Allow`. */
const HTTP_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

/** Answers a request with an error; `statusOverride` is only for `405`, which the registry has no code for. */
type ErrorResponder = (thrown: unknown, request: FastifyRequest, reply: FastifyReply, statusOverride?: number) => void;

export interface MotifAppOptions {
  readonly token: string | undefined;
  readonly maxBodyBytes: number;
  readonly boundToLoopback: boolean;
  /** Generation slots: how many run at once, how many may wait, and for how long. */
  readonly generations: GenerationSlotsOptions;
  /**
   * How long the full request (headers and body) may take to arrive; then the
   * server answers `408 request_timeout` and closes the connection. Bodies are
   * read before a generation slot is taken, so a slow upload never holds one.
   */
  readonly bodyTimeoutMs: number;
  readonly linger: LingerLimits;
  readonly log: ((line: string) => void) | undefined;
}

/** The app plus the levers `startServer` needs to shut it down. */
export interface MotifAppHandle {
  readonly app: MotifApp;
  /** The origin used in image URLs when a request has no usable `Host`. */
  setFallbackBase(url: string): void;
  /** New responses say `connection: close` from now on. */
  markClosing(): void;
  /** Aborts every request still running (their generations get `cancelled`). */
  abortAll(reason: MotifError): void;
}

/**
 * Builds the local API on Fastify. The framework does the routing, body
 * limits, content-type parsing, prototype-poisoning protection and schema
 * validation (zod, through `fastify-type-provider-zod`); Motif adds its host
 * check, bearer token, request ids, generation slots and OpenAI-shaped errors.
 */
export function buildMotifApp(service: MotifApi, options: MotifAppOptions): MotifAppHandle {
  const inFlight = new Set<AbortController>();
  let closing = false;
  let fallbackBase = '';
  const slots = new GenerationSlots(options.generations);

  const app = Fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes,
    requestTimeout: options.bodyTimeoutMs,
    // Node checks request timeouts on this interval, so keep it well under the timeout itself; and it
    // only enforces a request timeout that is at least the headers timeout.
    http: {
      requestTimeout: options.bodyTimeoutMs,
      headersTimeout: Math.min(15_000, options.bodyTimeoutMs),
      connectionsCheckingInterval: Math.max(25, Math.min(1_000, Math.floor(options.bodyTimeoutMs / 4))),
    },
    clientErrorHandler: answerClientError,
    keepAliveTimeout: 5_000,
    return503OnClosing: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestIdHeader: false,
    genReqId: (req) => resolveRequestId(req.headers['x-request-id']),
    // Entry ids are up to 100 characters; longer ones must reach the route to get a named 400.
    routerOptions: { maxParamLength: 1_000 },
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      sendHttpError(reply, new MotifError('invalid_request', { message: `The request URL is not valid (${error.code}).` }));
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    jsonObjectParser(app.getDefaultJsonParser('error', 'error') as FrameworkJsonParser),
  );
  // Image uploads (the tool routes): busboy behind Fastify's own plugin; each route reads its form with its limits.
  void app.register(fastifyMultipart, { limits: { files: 0, fields: 0, parts: 0 } });

  app.decorateRequest('motif', null as never);
  app.addHook('onRequest', async (request, reply) => {
    const controller = new AbortController();
    request.motif = {
      requestId: request.id,
      baseUrl: baseUrlFor(request.headers.host, fallbackBase),
      signal: controller.signal,
      startedMs: performance.now(),
    };
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
    if (closing) reply.header('connection', 'close');
    inFlight.add(controller);
    reply.raw.once('close', () => {
      inFlight.delete(controller);
      if (!reply.raw.writableFinished) controller.abort(new MotifError('cancelled', { message: 'The client disconnected.' }));
      const path = (request.raw.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
      options.log?.(
        `${request.method} ${path.slice(0, 200)} ${reply.raw.writableFinished ? reply.statusCode : 'aborted'} ${Math.round(elapsedMs(request))}ms ${request.id}`,
      );
    });
    if (!hostAllowed(request.headers.host, options.boundToLoopback)) {
      throw new MotifError('invalid_request', {
        param: 'Host',
        message: 'Host: this server only answers requests addressed to localhost or 127.0.0.1',
      });
    }
    if (
      request.routeOptions.config.auth === true &&
      options.token !== undefined &&
      !bearerMatches(request.headers.authorization, options.token)
    ) {
      throw new MotifError('auth_failed', { message: 'Missing or wrong bearer token: send Authorization: Bearer <token>.' });
    }
  });

  // Only the routes that read a form take one; elsewhere a form is the wrong media type, as before.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.multipart !== true && request.isMultipart()) throw contentTypeError(request.headers['content-type']);
  });

  // Runs after the body is read and validated, so a slow or bad upload never holds a slot.
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.generation !== true) return;
    const release = await slots.acquire(request.motif.signal);
    reply.raw.once('close', release);
  });

  app.setErrorHandler((thrown, request, reply) => respondWithError(thrown, request, reply));
  app.setNotFoundHandler(async (request) => {
    const path = (request.raw.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    throw new MotifError('not_found', { message: `No route ${path.slice(0, 100)}` });
  });

  const respondWithError: ErrorResponder = (thrown, request, reply, statusOverride) => {
    if (request.motif?.signal.aborted && !reply.sent) {
      reply.hijack();
      reply.raw.destroy();
      return;
    }
    const error = fromFrameworkError(thrown, request.headers['content-type']);
    // A failed generation still tells the client which providers were tried and why.
    if (error instanceof MotifError && error.attempts) {
      reply.header('x-motif-attempts', encodeAttempts(clampAttempts(error.attempts, elapsedMs(request))));
    }
    if (!request.raw.complete) {
      // Answer now, then let the client finish sending so it can read the answer (see linger.ts).
      if (!closing) reply.removeHeader('connection');
      drainAnsweredRequest(request.raw, options.linger);
    }
    sendHttpError(reply, error, { paramMap: request.routeOptions.config?.paramMap, statusOverride });
  };

  registerRoutes(app, service, respondWithError);
  return {
    app,
    setFallbackBase: (url) => (fallbackBase = url),
    markClosing: () => (closing = true),
    abortAll: (reason) => {
      for (const controller of inFlight) controller.abort(reason);
    },
  };
}

/**
 * Answers what Node reports before a request reaches Fastify: a request that
 * took longer than the body timeout (`408 request_timeout`) or unparseable
 * HTTP (`400`). Written straight to the socket, OpenAI-shaped, then closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const motifError =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new MotifError('request_timeout', { message: 'The request did not arrive in time; send the whole body promptly.' })
      : new MotifError('invalid_request', { message: 'The request is not valid HTTP.' });
  const { status, body } = renderHttpError(motifError);
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nx-request-id: ${resolveRequestId(undefined)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy();
}

/** Registers every route group, then a `405` with `Allow` for the other methods on each known path. */
function registerRoutes(app: MotifApp, service: MotifApi, respondWithError: ErrorResponder): void {
  const methodsByUrl = new Map<string, Set<string>>();
  let collecting = true;
  app.addHook('onRoute', (route) => {
    if (!collecting) return;
    const methods = methodsByUrl.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    methodsByUrl.set(route.url, methods);
  });
  for (const register of ROUTE_GROUPS) register(app, service);
  collecting = false;
  for (const [url, methods] of methodsByUrl) {
    const allow = [...methods].sort();
    const others = HTTP_METHODS.filter((method) => !methods.has(method));
    if (others.length === 0) continue;
    app.route({
      method: others,
      url,
      config: { auth: false },
      handler: (request, reply) => {
        reply.header('allow', allow.join(', '));
        respondWithError(
          new MotifError('invalid_request', { message: `${request.method} is not allowed here; use ${allow.join(' or ')}` }),
          request,
          reply,
          405,
        );
      },
    });
  }
}
