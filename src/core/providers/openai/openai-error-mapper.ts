import { z } from 'zod';
import { excerpt, MotifError, type ErrorCode } from '../../errors/index.ts';
import type { Clock } from '../../util/clock.ts';

/** The error body OpenAI (and compatible services) send: `{error:{message,type,param,code}}`. */
const errorBodySchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});

/** Codes OpenAI uses when its safety system refuses a prompt. */
const CONTENT_CODES = new Set(['content_policy_violation', 'moderation_blocked']);

/**
 * Milliseconds to wait before retrying, from `retry-after-ms` or `Retry-After`
 * (delta seconds or an HTTP date, measured against the injected clock).
 */
export function parseRetryAfter(headers: Headers, clock: Clock): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - clock.now());
}

/** Removes the key, and any masked echo of it (OpenAI's 401 shows a few of its characters), from upstream text. */
export function redactKey(text: string, apiKey: string | undefined): string {
  let out = apiKey && apiKey.length >= 4 ? text.replaceAll(apiKey, '[redacted]') : text;
  out = out.replace(/(API key provided:\s*)\S+/gi, '$1[redacted]');
  return out.replace(/\bsk-[\w*-]{4,}/g, 'sk-[redacted]');
}

export interface OpenAIErrorContext {
  readonly provider: string;
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
  readonly clock: Clock;
  /** Only used to scrub it from what is kept. */
  readonly apiKey: string | undefined;
}

/** Turns a non-2xx reply into a MotifError that keeps provider, status, upstream code and a key-free excerpt. */
export function mapOpenAIHttpError(context: OpenAIErrorContext): MotifError {
  const { provider, status } = context;
  let parsed: z.infer<typeof errorBodySchema>['error'] | undefined;
  try {
    const result = errorBodySchema.safeParse(JSON.parse(context.body));
    parsed = result.success ? result.data.error : undefined;
  } catch {
    parsed = undefined;
  }
  const upstreamCode = parsed?.code === undefined || parsed.code === null ? (parsed?.type ?? undefined) : String(parsed.code);
  const retryAfterMs = status === 429 || status >= 500 ? parseRetryAfter(context.headers, context.clock) : undefined;
  const code = classify(
    status,
    parsed?.code === null || parsed?.code === undefined ? undefined : String(parsed.code),
    parsed?.type ?? undefined,
  );
  const param = parsed?.param ?? (status === 404 && code === 'upstream_invalid_request' ? 'model' : undefined);
  const detail = parsed?.message ? `: ${excerpt(redactKey(parsed.message, context.apiKey), 200)}` : '';
  return new MotifError(code, {
    message: `${provider} answered HTTP ${status}${upstreamCode ? ` (${upstreamCode})` : ''}${detail}`,
    provider,
    param: code === 'upstream_invalid_request' ? (param ?? undefined) : undefined,
    retryAfterMs,
    upstream: { provider, status, upstreamCode, bodyExcerpt: excerpt(redactKey(context.body, context.apiKey)) },
  });
}

function classify(status: number, code: string | undefined, type: string | undefined): ErrorCode {
  if (code !== undefined && CONTENT_CODES.has(code)) return 'content_rejected';
  if (status === 401) return 'auth_failed';
  if (status === 402) return 'insufficient_credits';
  if (status === 403) return 'permission_denied';
  if (status === 408) return 'upstream_timeout';
  if (status === 429) return code === 'insufficient_quota' || type === 'insufficient_quota' ? 'insufficient_credits' : 'rate_limited';
  if (status >= 500) return 'upstream_unavailable';
  return 'upstream_invalid_request';
}
