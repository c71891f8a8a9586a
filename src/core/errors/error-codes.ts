/**
 * The registry of every error code Motif can raise. Each code states how the
 * router treats it and what a designer is told. `docs/errors.md` documents this
 * table; a test keeps the two in step.
 */
export interface ErrorCodeSpec {
  /** HTTP status used by the local API. */
  readonly httpStatus: number;
  /** OpenAI-shaped `error.type` used by the local API. */
  readonly type: 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'api_error' | 'not_found_error';
  /** Worth trying the same target again after a backoff. */
  readonly retryable: boolean;
  /** Worth trying the next target for the same job. */
  readonly fallbackable: boolean;
  /** Counts against the target's circuit breaker (provider trouble, never bad input). */
  readonly breakerFailure: boolean;
  /** What the UI shows. `{provider}` and `{param}` are filled in when known. */
  readonly userMessage: string;
}

const spec = (s: ErrorCodeSpec): ErrorCodeSpec => s;

export const ERROR_CODES = {
  invalid_request: spec({
    httpStatus: 400,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'The request is not valid: {param}.',
  }),
  request_timeout: spec({
    httpStatus: 408,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'The request took too long to arrive.',
  }),
  payload_too_large: spec({
    httpStatus: 413,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'The request body is too large.',
  }),
  unsupported_size: spec({
    httpStatus: 400,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: true,
    breakerFailure: false,
    userMessage: 'No provider can make an image of this size.',
  }),
  not_found: spec({
    httpStatus: 404,
    type: 'not_found_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'Not found.',
  }),
  key_missing: spec({
    httpStatus: 401,
    type: 'authentication_error',
    retryable: false,
    fallbackable: true,
    breakerFailure: false,
    userMessage: 'No API key is set for {provider}. Add one in Settings.',
  }),
  auth_failed: spec({
    httpStatus: 401,
    type: 'authentication_error',
    retryable: false,
    fallbackable: true,
    breakerFailure: false,
    userMessage: '{provider} rejected the API key. Check your key in Settings.',
  }),
  insufficient_credits: spec({
    httpStatus: 402,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: true,
    breakerFailure: false,
    userMessage: '{provider} says the account is out of credits.',
  }),
  permission_denied: spec({
    httpStatus: 403,
    type: 'authentication_error',
    retryable: false,
    fallbackable: true,
    breakerFailure: false,
    userMessage: 'The {provider} key is not allowed to do this.',
  }),
  content_rejected: spec({
    httpStatus: 400,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: true,
    breakerFailure: false,
    userMessage: '{provider} refused the prompt under its content policy.',
  }),
  upstream_invalid_request: spec({
    httpStatus: 400,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: true,
    breakerFailure: false,
    userMessage: '{provider} rejected a parameter: {param}.',
  }),
  rate_limited: spec({
    httpStatus: 429,
    type: 'rate_limit_error',
    retryable: true,
    fallbackable: true,
    breakerFailure: true,
    userMessage: '{provider} is rate limiting requests.',
  }),
  upstream_unavailable: spec({
    httpStatus: 502,
    type: 'api_error',
    retryable: true,
    fallbackable: true,
    breakerFailure: true,
    userMessage: '{provider} is having trouble right now.',
  }),
  upstream_timeout: spec({
    httpStatus: 504,
    type: 'api_error',
    retryable: true,
    fallbackable: true,
    breakerFailure: true,
    userMessage: '{provider} did not answer in time.',
  }),
  upstream_malformed: spec({
    httpStatus: 502,
    type: 'api_error',
    retryable: true,
    fallbackable: true,
    breakerFailure: true,
    userMessage: '{provider} sent a reply Motif could not read.',
  }),
  connection_lost: spec({
    httpStatus: 502,
    type: 'api_error',
    retryable: true,
    fallbackable: true,
    breakerFailure: true,
    userMessage: 'The connection to {provider} was lost.',
  }),
  overloaded: spec({
    httpStatus: 503,
    type: 'api_error',
    retryable: false,
    fallbackable: true,
    breakerFailure: false,
    userMessage: '{provider} has too many requests in flight; try again shortly.',
  }),
  circuit_open: spec({
    httpStatus: 503,
    type: 'api_error',
    retryable: false,
    fallbackable: true,
    breakerFailure: false,
    userMessage: '{provider} is paused after repeated failures.',
  }),
  server_busy: spec({
    httpStatus: 429,
    type: 'rate_limit_error',
    retryable: true,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'The local server is busy; try again shortly.',
  }),
  no_provider_available: spec({
    httpStatus: 503,
    type: 'api_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'No provider could make this image.',
  }),
  unsupported_task: spec({
    httpStatus: 400,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: true,
    breakerFailure: false,
    userMessage: '{provider} cannot use this tool on this image.',
  }),
  task_unavailable: spec({
    httpStatus: 503,
    type: 'api_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'No provider can use this tool on this image now.',
  }),
  deadline_exceeded: spec({
    httpStatus: 504,
    type: 'api_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'The generation took longer than its deadline.',
  }),
  cancelled: spec({
    httpStatus: 499,
    type: 'api_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'The generation was cancelled.',
  }),
  budget_exceeded: spec({
    httpStatus: 402,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'Today’s spending cap is reached. The offline engine is still available.',
  }),
  budget_would_exceed: spec({
    httpStatus: 402,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'This job would take today’s spend past the daily cap, so it did not start. Run it offline, or raise the cap in Settings.',
  }),
  library_corrupt: spec({
    httpStatus: 500,
    type: 'api_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'Part of the library could not be read; the rest is intact.',
  }),
  library_io: spec({
    httpStatus: 500,
    type: 'api_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'The library folder could not be written.',
  }),
  print_source_unreadable: spec({
    httpStatus: 400,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'This file is not an image Motif can print.',
  }),
  settings_read_only: spec({
    httpStatus: 409,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage:
      'Settings are open read-only (a newer version wrote them, or the data folder cannot be written); this change was not saved.',
  }),
  library_missing: spec({
    httpStatus: 503,
    type: 'api_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'The library folder is not there (is its drive connected?). Reconnect it or choose another folder in Settings.',
  }),
  invalid_image: spec({
    httpStatus: 400,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'This file is not an image Motif can import: it must be a complete PNG, JPEG or WebP file.',
  }),
  invalid_zip: spec({
    httpStatus: 400,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'This zip file is damaged or is not a zip file; nothing in it was imported.',
  }),
  zip_too_large: spec({
    httpStatus: 413,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage:
      'This zip file unpacks to more than Motif imports at once (or claims a size it does not have); nothing in it was imported.',
  }),
  zip_unsafe_path: spec({
    httpStatus: 400,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage:
      'This zip file names a file outside its own folder (an absolute path or "..") and was refused; nothing in it was imported.',
  }),
  library_not_motif: spec({
    httpStatus: 409,
    type: 'invalid_request_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'That folder already holds other files and is not a Motif library. Choose an empty folder or an existing library.',
  }),
  internal: spec({
    httpStatus: 500,
    type: 'api_error',
    retryable: false,
    fallbackable: false,
    breakerFailure: false,
    userMessage: 'Something went wrong inside Motif.',
  }),
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
