import { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorCodeSpec } from './error-codes.ts';
import type { Attempt } from '../contract/history-entry.ts';

/** Details of an upstream failure, kept as the error's cause. */
export interface UpstreamDetails {
  readonly provider: string;
  readonly status?: number | undefined;
  /** The provider's own error code, e.g. Runware `invalidApiKey`. */
  readonly upstreamCode?: string | undefined;
  /** The first bytes of the upstream body, for diagnosis. Never contains a key. */
  readonly bodyExcerpt?: string | undefined;
}

export interface MotifErrorOptions {
  readonly message?: string | undefined;
  /** The field a validation error is about, e.g. `prompt` or `size`. */
  readonly param?: string | undefined;
  readonly provider?: string | undefined;
  /** The provider's display name for messages ("Runware"); `provider` stays the id. */
  readonly providerLabel?: string | undefined;
  readonly retryAfterMs?: number | undefined;
  readonly upstream?: UpstreamDetails | undefined;
  /** The router's attempt trail when a whole job failed. */
  readonly attempts?: readonly Attempt[] | undefined;
  readonly cause?: unknown;
}

/** The plain-data form of a MotifError, as it crosses IPC and HTTP. */
export interface SerializedMotifError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly userMessage: string;
  readonly param?: string | undefined;
  readonly provider?: string | undefined;
  readonly retryAfterMs?: number | undefined;
}

/** The one error type of Motif. Its `code` is a key of {@link ERROR_CODES}. */
export class MotifError extends Error {
  override readonly name = 'MotifError';
  readonly code: ErrorCode;
  readonly param: string | undefined;
  readonly provider: string | undefined;
  readonly providerLabel: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly upstream: UpstreamDetails | undefined;
  readonly attempts: readonly Attempt[] | undefined;

  constructor(code: ErrorCode, options: MotifErrorOptions = {}) {
    super(
      options.message ??
        renderUserMessage(ERROR_CODES[code], {
          param: options.param,
          provider: options.providerLabel ?? options.provider ?? options.upstream?.provider,
        }),
      { cause: options.cause ?? options.upstream },
    );
    this.code = code;
    this.param = options.param;
    this.provider = options.provider ?? options.upstream?.provider;
    this.providerLabel = options.providerLabel;
    this.retryAfterMs = options.retryAfterMs;
    this.upstream = options.upstream;
    this.attempts = options.attempts;
  }

  get spec(): ErrorCodeSpec {
    return ERROR_CODES[this.code];
  }

  get userMessage(): string {
    return renderUserMessage(this.spec, { param: this.param, provider: this.providerLabel ?? this.provider });
  }

  /** The same error, worded with the provider's display name instead of its id. */
  labelled(providerLabel: string): MotifError {
    if (this.providerLabel !== undefined) return this;
    const defaultMessage = renderUserMessage(this.spec, { param: this.param, provider: this.provider });
    return new MotifError(this.code, {
      message: this.message === defaultMessage ? undefined : this.message,
      param: this.param,
      provider: this.provider,
      providerLabel,
      retryAfterMs: this.retryAfterMs,
      upstream: this.upstream,
      attempts: this.attempts,
      cause: this.cause,
    });
  }

  toJSON(): SerializedMotifError {
    return {
      code: this.code,
      message: this.message,
      userMessage: this.userMessage,
      ...(this.param === undefined ? {} : { param: this.param }),
      ...(this.provider === undefined ? {} : { provider: this.provider }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }

  static fromJSON(data: SerializedMotifError): MotifError {
    return new MotifError(data.code, data);
  }
}

function renderUserMessage(spec: ErrorCodeSpec, values: { param?: string | undefined; provider?: string | undefined }): string {
  return spec.userMessage
    .replaceAll('{provider}', values.provider ?? 'The provider')
    .replaceAll('{param}', values.param ?? 'unknown field');
}

export const isMotifError = (value: unknown): value is MotifError => value instanceof MotifError;

/** Turns anything thrown into a MotifError, keeping the original as its cause. */
export function toMotifError(value: unknown): MotifError {
  if (value instanceof MotifError) return value;
  if (value instanceof Error && value.name === 'AbortError') return new MotifError('cancelled', { cause: value });
  if (typeof value === 'object' && value !== null && 'code' in value && isErrorCode(value.code) && 'message' in value) {
    return MotifError.fromJSON(value as SerializedMotifError);
  }
  return new MotifError('internal', { message: value instanceof Error ? value.message : String(value), cause: value });
}

/** Cuts an upstream body to a short excerpt safe to keep in logs and errors. */
export function excerpt(body: string, maxChars = 300): string {
  return body.length <= maxChars ? body : `${body.slice(0, maxChars)}…`;
}
