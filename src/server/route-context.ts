import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MotifApi } from '../core/service/motif-api.ts';

/** Everything a route handler gets for one request. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly service: MotifApi;
  /** Echoed as `x-request-id` on every response. */
  readonly requestId: string;
  /** Origin of this server as the client addressed it, e.g. `http://127.0.0.1:8000`; image URLs start with it. */
  readonly baseUrl: string;
  /** Aborted when the client disconnects before the response is complete, or the server shuts down. */
  readonly signal: AbortSignal;
  /** Path parameters, e.g. `{ id }` for `/images/:id`. */
  readonly params: Readonly<Record<string, string>>;
  readonly maxBodyBytes: number;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void>;

/** One entry of the route table. */
export interface Route {
  readonly method: 'GET' | 'POST';
  /** Segments; a `:name` segment captures one path segment. */
  readonly path: string;
  readonly handler: RouteHandler;
  /** False only for `/healthz`: every other route needs the bearer token when one is set. */
  readonly auth: boolean;
  /** Counts against the server's limit of generations in flight. */
  readonly generation: boolean;
  /** Renames engine field names in errors to this route's field names (`count` → `n`). */
  readonly paramMap?: Readonly<Record<string, string>>;
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/** Finds the route for a method and a (still percent-encoded) path. `HEAD` matches `GET` routes. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const segments = pathname.split('/').slice(1);
  const allow = new Set<string>();
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (!params) continue;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { kind: 'found', route, params };
    allow.add(route.method);
    if (route.method === 'GET') allow.add('HEAD');
  }
  return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow].sort() } : { kind: 'not-found' };
}

function matchPath(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      params[part.slice(1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}
