import type { SerializedMotifError } from '../core/errors/motif-error.ts';

/**
 * What a `window.motif` call rejects with. It is plain data, not an `Error`
 * instance: Electron's contextBridge strips every property but `message` from
 * an `Error` that crosses from the preload into the page
 * (electron/electron#25596), so an object is the only form in which `code` and
 * `userMessage` reach the UI. The browser-test bridge rejects with the same
 * shape so tests see what the app sees.
 */
export interface BridgeError extends SerializedMotifError {
  readonly name: 'MotifError';
}

/** The rejection value for a failed call. */
export function toBridgeError(error: SerializedMotifError): BridgeError {
  return {
    name: 'MotifError',
    code: error.code,
    message: error.message,
    userMessage: error.userMessage,
    ...(error.param === undefined ? {} : { param: error.param }),
    ...(error.provider === undefined ? {} : { provider: error.provider }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  };
}

/** True for a rejection from `window.motif`. */
export function isBridgeError(value: unknown): value is BridgeError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'MotifError' &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { userMessage?: unknown }).userMessage === 'string'
  );
}
