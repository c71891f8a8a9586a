import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { MotifApi } from '../core/service/motif-api.ts';

/** What Motif knows about one request, set by the server's first hook. */
interface RequestScope {
  /** Echoed as `x-request-id` on every response. */
  readonly requestId: string;
  /** Origin of this server as the client addressed it, e.g. `http://127.0.0.1:8000`; image URLs start with it. */
  readonly baseUrl: string;
  /** Aborted when the client disconnects before the response is complete, or the server shuts down. */
  readonly signal: AbortSignal;
  /** `performance.now()` when the request arrived. */
  readonly startedMs: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    motif: RequestScope;
  }
  interface FastifyContextConfig {
    /** False only for `/healthz`: every other route needs the bearer token when one is set. */
    readonly auth?: boolean;
    /** Runs a generation: waits for one of the server's generation slots once its body is read. */
    readonly generation?: boolean;
    /** Takes `multipart/form-data` bodies (read by the route itself); every other route refuses them. */
    readonly multipart?: boolean;
    /** Renames engine field names in errors to this route's field names (`count` → `n`). */
    readonly paramMap?: Readonly<Record<string, string>>;
  }
}

/** The Fastify instance the routes register on, with zod schemas typing each request. */
export type MotifApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Registers one group of routes. Every route module exports one; `routes.ts` lists them. */
export type RegisterRoutes = (app: MotifApp, service: MotifApi) => void;

/** How long this request has been running, in milliseconds. */
export function elapsedMs(request: FastifyRequest): number {
  return performance.now() - request.motif.startedMs;
}
