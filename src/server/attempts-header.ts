import type { Attempt } from '../core/contract/history-entry.ts';

/** At most this many attempts are spelled out; the rest are summarised as `+N more`. */
export const MAX_ENCODED_ATTEMPTS = 16;

/**
 * Encodes an attempt trail for the `x-motif-attempts` header.
 *
 * Format: attempts in the order they were made, joined by `", "`; each one is
 * `<provider>:<outcome>:<errorCode>:<durationMs>ms`, where `outcome` is one of
 * `success | failure | skipped | cancelled | hedge-lost`, `errorCode` is a
 * registered Motif error code or empty, and the duration is whole
 * milliseconds. Provider ids are reduced to `[A-Za-z0-9_.-]`. After
 * {@link MAX_ENCODED_ATTEMPTS} entries the rest are summarised as `+N more`.
 * An empty trail (an exact-cache hit) encodes as the empty string.
 *
 * Example: `runware:failure:upstream_timeout:1203ms, local:success::45ms`
 */
export function encodeAttempts(attempts: readonly Attempt[]): string {
  const shown = attempts.slice(0, MAX_ENCODED_ATTEMPTS).map((attempt) => {
    const provider = attempt.provider.replace(/[^\w.-]/g, '_').slice(0, 64) || '_';
    const duration = Math.max(0, Math.round(attempt.durationMs));
    return `${provider}:${attempt.outcome}:${attempt.errorCode ?? ''}:${duration}ms`;
  });
  const hidden = attempts.length - shown.length;
  if (hidden > 0) shown.push(`+${hidden} more`);
  return shown.join(', ');
}

/** One decoded entry of the header; the inverse of {@link encodeAttempts} (for clients and tests). */
export interface DecodedAttempt {
  readonly provider: string;
  readonly outcome: string;
  readonly errorCode: string | undefined;
  readonly durationMs: number;
}

/** Parses an `x-motif-attempts` value; entries that do not match the format (like `+N more`) are skipped. */
export function decodeAttempts(header: string): DecodedAttempt[] {
  const decoded: DecodedAttempt[] = [];
  for (const part of header.split(',')) {
    const match = /^([\w.-]+):([a-z-]+):(\w*):(\d+)ms$/.exec(part.trim());
    if (!match) continue;
    decoded.push({ provider: match[1]!, outcome: match[2]!, errorCode: match[3] || undefined, durationMs: Number(match[4]) });
  }
  return decoded;
}
