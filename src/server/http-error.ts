import type { FastifyReply } from 'fastify';
import { ERROR_CODES, MotifError, type ErrorCode } from '../core/errors/index.ts';
import { providerRan } from './attempt-trail.ts';

/** The OpenAI-shaped error body every failing route answers with. */
interface OpenAiErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly code: ErrorCode;
    readonly param: string | null;
  };
}

/** A rendered error: status, body and the headers that go with it. */
export interface HttpErrorResponse {
  readonly status: number;
  readonly body: OpenAiErrorBody;
  readonly headers: Readonly<Record<string, string>>;
  /** The MotifError the response was made from (a generic `internal` one for foreign errors). */
  readonly error: MotifError;
}

export interface ErrorRenderOptions {
  /** Renames engine field names to the names the caller used (`count` → `n`). */
  readonly paramMap?: Readonly<Record<string, string>> | undefined;
  /**
   * A status the registry has no code for (only `405 Method Not Allowed`).
   * Everything else uses the registry's status for the code.
   */
  readonly statusOverride?: number | undefined;
}

/**
 * Turns anything thrown into the response the client sees. MotifErrors use the
 * registry's HTTP status and type; anything else becomes a bare `internal`
 * (500) whose message never carries the original text or stack.
 */
export function renderHttpError(thrown: unknown, options: ErrorRenderOptions = {}): HttpErrorResponse {
  const error = thrown instanceof MotifError ? thrown : new MotifError('internal', { cause: thrown });
  const spec = ERROR_CODES[error.code];
  const message = error.code === 'internal' ? spec.userMessage : error.message;
  const param = error.param === undefined ? null : mapParam(error.param, options.paramMap);
  const headers: Record<string, string> = {};
  if (error.retryAfterMs !== undefined && Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0) {
    headers['retry-after'] = String(Math.ceil(error.retryAfterMs / 1000));
  }
  // Only a provider that actually ran is named; one that was skipped or never reached is not.
  if (error.provider !== undefined && providerRan(error.provider, error.attempts))
    headers['x-motif-provider'] = headerToken(error.provider);
  if (error.code === 'auth_failed' || error.code === 'key_missing') headers['www-authenticate'] = 'Bearer';
  return {
    status: options.statusOverride ?? spec.httpStatus,
    body: { error: { message: mapParamsInMessage(message, options.paramMap), type: spec.type, code: error.code, param } },
    headers,
    error,
  };
}

/** Sends an error response through Fastify (which adds the length and the JSON content type). */
export function sendHttpError(reply: FastifyReply, thrown: unknown, options: ErrorRenderOptions = {}): HttpErrorResponse {
  const rendered = renderHttpError(thrown, options);
  reply.code(rendered.status).headers(rendered.headers).send(rendered.body);
  return rendered;
}

/** Keeps a value safe to put in a header: printable ASCII token characters only, bounded. */
export function headerToken(value: string, maxChars = 100): string {
  return value.replace(/[^\w.:/@-]/g, '_').slice(0, maxChars);
}

function mapParam(param: string, map: Readonly<Record<string, string>> | undefined): string {
  if (!map) return param;
  const [head = '', ...rest] = param.split('.');
  const mapped = Object.hasOwn(map, head) ? map[head] : undefined;
  return mapped === undefined ? param : [mapped, ...rest].join('.');
}

/** Messages name fields as "count: …"; rename them like the param. */
function mapParamsInMessage(message: string, map: Readonly<Record<string, string>> | undefined): string {
  if (!map) return message;
  const match = /^([\w.]+): /.exec(message);
  if (!match?.[1]) return message;
  return `${mapParam(match[1], map)}: ${message.slice(match[0].length)}`;
}
