import { Agent, request, type Dispatcher } from 'undici';
import { MotifError } from '../../errors/index.ts';
import { systemClock, type Clock } from '../../util/clock.ts';
import { abortError } from './runware-deadline.ts';
import { mapHttpStatus, mapRunwareError, parseRetryAfter } from './runware-error-mapper.ts';
import { readEnvelope, readErrorItem, type RunwareDataItem } from './runware-protocol.ts';
import { RunwareTask, type RunwareTaskHost, type RunwareTaskOptions } from './runware-task.ts';

export interface RunwareRestTransportOptions {
  readonly provider?: string;
  /** The REST endpoint, e.g. `https://api.runware.ai/v1`. */
  readonly url: string;
  readonly clock?: Clock;
  /** A keep-alive dispatcher; one is created (and closed by `close()`) when omitted. */
  readonly dispatcher?: Dispatcher;
  readonly onInFlightChanged?: () => void;
}

/**
 * Runware over HTTP: `POST /v1` with a Bearer key and the same task JSON as the socket.
 * Used when configured, and automatically while the sockets are down. Each call is a
 * `RunwareTask` like on the socket, so deadline, cancel and item handling are identical;
 * the whole reply arrives in one body and is delivered item by item.
 */
export class RunwareRestTransport implements RunwareTaskHost {
  readonly #provider: string;
  readonly #url: string;
  readonly #clock: Clock;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #onInFlightChanged: () => void;
  readonly #tasks = new Set<RunwareTask>();
  #drained: (() => void) | undefined;

  constructor(options: RunwareRestTransportOptions) {
    this.#provider = options.provider ?? 'runware';
    this.#url = options.url;
    this.#clock = options.clock ?? systemClock;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 16 });
    this.#onInFlightChanged = options.onInFlightChanged ?? (() => {});
  }

  /** Requests in flight right now. */
  get inFlight(): number {
    return this.#tasks.size;
  }

  /** Runs one task; its promise resolves with the items or rejects with a mapped MotifError. */
  execute(options: RunwareTaskOptions, apiKey: string): RunwareTask {
    const task = new RunwareTask(options, { clock: this.#clock, provider: this.#provider, host: this });
    if (task.settled) return task;
    const controller = new AbortController();
    task.location = controller;
    this.#tasks.add(task);
    this.#onInFlightChanged();
    void this.#post(task, apiKey, controller.signal);
    return task;
  }

  /** An authenticated request carrying no task: proves the key and the endpoint, costs nothing. */
  async checkAuth(apiKey: string, signal: AbortSignal): Promise<void> {
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const response = await request(this.#url, {
        method: 'POST',
        headers: this.#headers(apiKey),
        body: '[]',
        signal,
        dispatcher: this.#dispatcher,
      });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      text = await response.body.text();
    } catch (error) {
      throw this.#networkError(error, signal);
    }
    if (status >= 200 && status < 300) return;
    throw this.#failure(status, text, undefined, retryAfter);
  }

  /** Fetches an image Runware serves by URL (outputType `URL`), under the caller's signal. */
  async download(url: string, signal: AbortSignal): Promise<Uint8Array> {
    try {
      const response = await request(url, { method: 'GET', signal, dispatcher: this.#dispatcher });
      const bytes = new Uint8Array(await response.body.arrayBuffer());
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw mapHttpStatus({
          provider: this.#provider,
          status: response.statusCode,
          body: `image download failed (${bytes.byteLength} bytes)`,
        });
      }
      return bytes;
    } catch (error) {
      if (error instanceof MotifError) throw error;
      throw this.#networkError(error, signal);
    }
  }

  /**
   * Waits up to `graceMs` for requests in flight, cancels the rest, then closes the keep-alive
   * sockets (only those of a dispatcher this transport created).
   */
  async close(graceMs = 5_000): Promise<void> {
    if (this.#tasks.size > 0 && graceMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = this.#clock.setTimeout(resolve, graceMs);
        this.#drained = () => {
          this.#clock.clearTimeout(timer);
          resolve();
        };
      });
      this.#drained = undefined;
    }
    const cancelled = new MotifError('cancelled', {
      provider: this.#provider,
      message: 'Runware task cancelled: the Runware provider was closed',
    });
    for (const task of [...this.#tasks]) task.fail(cancelled);
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  /** @internal */
  taskSettled(task: RunwareTask): void {
    const controller = task.location;
    if (!(controller instanceof AbortController)) return;
    task.location = undefined;
    // Deadline or cancel: stop the HTTP request too. After a normal finish this is a no-op.
    controller.abort();
    this.#tasks.delete(task);
    if (this.#tasks.size === 0) this.#drained?.();
    this.#onInFlightChanged();
  }

  async #post(task: RunwareTask, apiKey: string, signal: AbortSignal): Promise<void> {
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    task.sendCount += 1;
    try {
      const response = await request(this.#url, {
        method: 'POST',
        headers: this.#headers(apiKey),
        body: task.frame,
        signal,
        dispatcher: this.#dispatcher,
      });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      text = await response.body.text();
    } catch (error) {
      if (!task.settled) task.fail(this.#networkError(error, signal));
      return;
    }
    if (task.settled) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      task.fail(
        status >= 200 && status < 300
          ? new MotifError('upstream_malformed', {
              provider: this.#provider,
              message: 'Runware sent a reply that is not JSON',
              upstream: { provider: this.#provider, status, bodyExcerpt: text.slice(0, 300) },
            })
          : this.#failure(status, text, undefined, retryAfter),
      );
      return;
    }
    const envelope = readEnvelope(parsed);
    const ownError = envelope?.errors.map(readErrorItem).find((item) => item.taskUUID === undefined || item.taskUUID === task.taskUUID);
    if (ownError !== undefined || status < 200 || status >= 300 || envelope === undefined) {
      task.fail(
        envelope === undefined && status >= 200 && status < 300
          ? new MotifError('upstream_malformed', {
              provider: this.#provider,
              message: 'Runware sent a reply without data or errors',
              upstream: { provider: this.#provider, status, bodyExcerpt: text.slice(0, 300) },
            })
          : this.#failure(status, text, ownError, retryAfter),
      );
      return;
    }
    for (const item of envelope.data) {
      if (typeof item === 'object' && item !== null && (item as RunwareDataItem).taskUUID === task.taskUUID)
        task.deliverData(item as RunwareDataItem);
    }
    task.endFrame();
    if (!task.settled) {
      task.fail(
        new MotifError('upstream_malformed', {
          provider: this.#provider,
          message: `Runware's reply held ${task.items.length} results for task ${task.taskUUID}, fewer than expected`,
          upstream: { provider: this.#provider, status, bodyExcerpt: text.slice(0, 300) },
        }),
      );
    }
  }

  #headers(apiKey: string): Record<string, string> {
    return { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json' };
  }

  #failure(
    status: number,
    text: string,
    item: ReturnType<typeof readErrorItem> | undefined,
    retryAfter: string | string[] | undefined,
  ): MotifError {
    const context = { provider: this.#provider, status, body: text, retryAfterMs: parseRetryAfter(retryAfter, this.#clock.now()) };
    if (item === undefined) {
      const envelope = safeEnvelope(text);
      item = envelope?.errors.map(readErrorItem)[0];
    }
    return item === undefined ? mapHttpStatus(context) : mapRunwareError(item, context);
  }

  #networkError(error: unknown, signal: AbortSignal): MotifError {
    if (signal.aborted) return abortError(signal, this.#provider);
    const detail =
      error instanceof Error
        ? 'code' in error && typeof error.code === 'string'
          ? `${error.code}: ${error.message}`
          : error.message
        : String(error);
    return new MotifError('connection_lost', {
      provider: this.#provider,
      message: `Runware HTTP request failed (${detail})`,
      cause: error,
    });
  }
}

function safeEnvelope(text: string): ReturnType<typeof readEnvelope> {
  try {
    return readEnvelope(JSON.parse(text));
  } catch {
    return undefined;
  }
}
