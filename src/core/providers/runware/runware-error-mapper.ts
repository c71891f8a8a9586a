import { excerpt, MotifError, type ErrorCode } from '../../errors/index.ts';
import type { RunwareErrorItem } from './runware-protocol.ts';

/** What is known about the failure besides the error item itself. */
export interface RunwareErrorContext {
  readonly provider: string;
  /** HTTP status on REST; undefined over WebSocket. */
  readonly status?: number | undefined;
  /** The raw body or frame, cut to an excerpt for diagnosis. */
  readonly body?: string | undefined;
  /** Parsed `Retry-After`, when the reply had one. */
  readonly retryAfterMs?: number | undefined;
}

/** Runware codes with a fixed meaning, whatever the transport. */
const CODE_TABLE: Readonly<Record<string, ErrorCode>> = {
  invalidApiKey: 'auth_failed',
  missingApiKey: 'key_missing',
  insufficientCredits: 'insufficient_credits',
  timeoutProvider: 'upstream_timeout',
  // A cancelled or vanished task was not the designer's doing; another attempt may work.
  taskCancelled: 'upstream_unavailable',
  // Runware publishes no codes for these statuses (§5 [U]); these are the emulator's, and likely names.
  rateLimitExceeded: 'rate_limited',
  serviceUnavailable: 'upstream_unavailable',
  internalServerError: 'upstream_unavailable',
  accessDenied: 'permission_denied',
};

/** REST statuses (§5), used when the code alone says nothing more precise. */
const STATUS_TABLE: Readonly<Record<number, ErrorCode>> = {
  400: 'upstream_invalid_request',
  401: 'auth_failed',
  402: 'insufficient_credits',
  403: 'permission_denied',
  404: 'upstream_invalid_request',
  408: 'upstream_timeout',
  429: 'rate_limited',
  500: 'upstream_unavailable',
  502: 'upstream_unavailable',
  503: 'upstream_unavailable',
  504: 'upstream_timeout',
};

/** Request-shape codes: the TS SDK treats these prefixes as validation errors. */
const VALIDATION_CODE = /^(invalid|missing|unsupported|unknownParameter)/;

/**
 * Turns one Runware error item into a MotifError. The provider's code is kept in
 * `upstream.upstreamCode`, so unknown codes are never lost, and the message is
 * Runware's own (it never contains the key: the key is never sent back).
 */
export function mapRunwareError(item: RunwareErrorItem, context: RunwareErrorContext): MotifError {
  const code = mapCode(item.code, context.status);
  const param = Array.isArray(item.parameter) ? item.parameter.join(', ') : item.parameter;
  const upstream = {
    provider: context.provider,
    status: context.status,
    upstreamCode: item.code,
    bodyExcerpt: context.body === undefined ? item.message : excerpt(context.body),
  };
  const detail = item.message === undefined ? item.code : `${item.code}: ${item.message}`;
  return new MotifError(code, {
    message: `Runware ${describe(code)} (${detail})`,
    param: code === 'upstream_invalid_request' ? (param ?? item.code) : param,
    provider: context.provider,
    retryAfterMs: context.retryAfterMs,
    upstream,
  });
}

/** A failed HTTP reply whose body holds no usable error item. */
export function mapHttpStatus(context: RunwareErrorContext & { readonly status: number }): MotifError {
  const code = STATUS_TABLE[context.status] ?? (context.status >= 500 ? 'upstream_unavailable' : 'upstream_invalid_request');
  return new MotifError(code, {
    message: `Runware ${describe(code)} (HTTP ${context.status})`,
    provider: context.provider,
    retryAfterMs: context.retryAfterMs,
    upstream: {
      provider: context.provider,
      status: context.status,
      bodyExcerpt: context.body === undefined ? undefined : excerpt(context.body),
    },
  });
}

function mapCode(code: string, status: number | undefined): ErrorCode {
  const fixed = CODE_TABLE[code];
  if (fixed !== undefined) return fixed;
  // Status first for the retryable family: a 429 with an unfamiliar code is still a rate limit.
  if (status !== undefined && status !== 400 && status !== 404) {
    const byStatus = STATUS_TABLE[status];
    if (byStatus !== undefined) return byStatus;
  }
  if (VALIDATION_CODE.test(code)) return 'upstream_invalid_request';
  if (status !== undefined) return STATUS_TABLE[status] ?? 'upstream_unavailable';
  return 'upstream_unavailable';
}

function describe(code: ErrorCode): string {
  switch (code) {
    case 'auth_failed':
      return 'rejected the API key';
    case 'key_missing':
      return 'needs an API key';
    case 'insufficient_credits':
      return 'account is out of credits';
    case 'permission_denied':
      return 'key lacks permission';
    case 'upstream_invalid_request':
      return 'rejected a parameter';
    case 'rate_limited':
      return 'is rate limiting';
    case 'upstream_timeout':
      return 'timed out';
    default:
      return 'failed';
  }
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined when absent or unreadable, never a negative delay.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
