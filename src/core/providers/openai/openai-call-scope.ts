import { MotifError } from '../../errors/index.ts';
import type { Clock } from '../../util/clock.ts';
import { deadlineScope, type DeadlineScope } from '../../util/deadline.ts';

export interface CallScopeOptions {
  readonly provider: string;
  readonly clock: Clock;
  /** The caller's signal: cancel, hedge lost, … */
  readonly signal: AbortSignal;
  /** Epoch ms on `clock` by which the call must settle. */
  readonly deadline: number;
}

/**
 * One HTTP call's abort scope: the caller's signal plus our own deadline
 * timer on the injected clock. Whatever ends the call, `classify` turns the
 * error into the code the contract asks for.
 */
export class CallScope {
  readonly #options: CallScopeOptions;
  readonly #deadline: DeadlineScope;

  constructor(options: CallScopeOptions) {
    this.#options = options;
    this.#deadline = deadlineScope({
      clock: options.clock,
      signal: options.signal,
      deadline: options.deadline,
      reason: () => new MotifError('upstream_timeout', { provider: options.provider }),
    });
  }

  /** Aborted by the caller or by the deadline; pass it to every fetch of the call. */
  get signal(): AbortSignal {
    return this.#deadline.signal;
  }

  /** Throws at once if the call is already over. */
  check(): void {
    if (this.#deadline.signal.aborted) throw this.classify(this.#deadline.signal.reason);
  }

  /**
   * The error to throw: the caller's reason when it cancelled (a MotifError
   * kept as is, anything else `cancelled`), `upstream_timeout` past the
   * deadline, else the error itself if it is a MotifError, else `connection_lost`.
   */
  classify(error: unknown): MotifError {
    const { provider, signal } = this.#options;
    if (signal.aborted) {
      return signal.reason instanceof MotifError ? signal.reason : new MotifError('cancelled', { provider, cause: signal.reason });
    }
    if (this.#deadline.expired) {
      return new MotifError('upstream_timeout', {
        message: `${provider} did not answer before the deadline`,
        provider,
        upstream: { provider },
        cause: error,
      });
    }
    if (error instanceof MotifError) return error;
    return new MotifError('connection_lost', {
      message: `The connection to ${provider} failed: ${describe(error)}`,
      provider,
      upstream: { provider },
      cause: error,
    });
  }

  dispose(): void {
    this.#deadline.dispose();
  }
}

/** The network reason (ECONNRESET, …) without the URL or headers. */
function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}

/**
 * Reads a body to the end, calling `onFirstChunk` when bytes start to arrive.
 * A body over `limitBytes` (a runaway or hostile service) is `upstream_malformed`.
 */
export async function readBodyText(
  response: Response,
  options: { readonly provider: string; readonly onFirstChunk?: (() => void) | undefined; readonly limitBytes: number },
): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) {
    options.onFirstChunk?.();
    return '';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  let first = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (first) {
      first = false;
      options.onFirstChunk?.();
    }
    size += value.byteLength;
    if (size > options.limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new MotifError('upstream_malformed', {
        message: `${options.provider} sent more than ${options.limitBytes} bytes`,
        provider: options.provider,
        upstream: { provider: options.provider, status: response.status },
      });
    }
    chunks.push(value);
  }
  if (first) options.onFirstChunk?.();
  return Buffer.concat(chunks).toString('utf8');
}
