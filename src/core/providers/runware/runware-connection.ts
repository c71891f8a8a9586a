import type { ClientOptions, RawData, WebSocket } from 'ws';
import { MotifError } from '../../errors/index.ts';
import type { Clock } from '../../util/clock.ts';
import { mapRunwareError } from './runware-error-mapper.ts';
import {
  authenticationFrame,
  findTaskUuidPrefixes,
  PING_FRAME,
  readEnvelope,
  readErrorItem,
  type RunwareDataItem,
} from './runware-protocol.ts';
import type { RunwareTask } from './runware-task.ts';

/** The `ws` WebSocket class, injectable so tests can wrap or replace it. */
export type WebSocketConstructor = typeof WebSocket;

/** How a connection reports to its pool. */
export interface RunwareConnectionEvents {
  /**
   * The authenticated socket died (closed, missed pong, garbage). `tasks` are the tasks it
   * carried, already detached from it; the pool re-sends or fails each one at once.
   */
  onDead(connection: RunwareConnection, reason: MotifError, tasks: RunwareTask[]): void;
  onLog(level: 'info' | 'warn', message: string): void;
}

export interface RunwareConnectionOptions {
  readonly url: string;
  readonly apiKey: string;
  readonly WebSocket: WebSocketConstructor;
  readonly clock: Clock;
  readonly provider: string;
  readonly heartbeatIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Unreadable frames in a row after which the socket is treated as dead. */
  readonly maxGarbageFrames: number;
  readonly events: RunwareConnectionEvents;
}

export type RunwareConnectionState = 'idle' | 'connecting' | 'open' | 'closed';

/**
 * One authenticated Runware socket carrying many tasks at once, keyed by taskUUID.
 * Each frame is parsed once and its items dispatched through a Map lookup; a single
 * timer serves the connect timeout, then alternates between "next ping" and "pong due".
 */
export class RunwareConnection {
  readonly apiKey: string;
  /** Tasks written to this socket and not yet settled. */
  readonly tasks = new Map<string, RunwareTask>();
  state: RunwareConnectionState = 'idle';
  /** Set when the pool stops giving it new tasks (key changed); it closes once empty. */
  retiring = false;
  /** Frames that could not be read, over the connection's life. */
  garbageFrames = 0;

  readonly #options: RunwareConnectionOptions;
  #socket: WebSocket | undefined;
  #timer: unknown;
  #garbageInARow = 0;
  #connectSettle: { resolve: () => void; reject: (error: MotifError) => void } | undefined;
  #socketError: Error | undefined;
  #pongWaiters: { resolve: () => void; reject: (error: MotifError) => void }[] = [];

  constructor(options: RunwareConnectionOptions) {
    this.#options = options;
    this.apiKey = options.apiKey;
  }

  /** Opens the socket and authenticates. Rejects with `auth_failed`, `key_missing`, `upstream_timeout` or `connection_lost`. */
  connect(): Promise<void> {
    const { url, clock, connectTimeoutMs, provider } = this.#options;
    this.state = 'connecting';
    return new Promise<void>((resolve, reject) => {
      this.#connectSettle = { resolve, reject };
      this.#timer = clock.setTimeout(() => {
        this.#failConnect(
          new MotifError('upstream_timeout', {
            provider,
            message: `Runware did not accept the connection within ${connectTimeoutMs} ms`,
          }),
        );
      }, connectTimeoutMs);
      let socket: WebSocket;
      try {
        // Compression costs CPU on every base64 image for little gain; a short close
        // timeout keeps a silent peer from holding the process open at shutdown.
        const socketOptions: ClientOptions & { closeTimeout: number } = { perMessageDeflate: false, closeTimeout: 2_000 };
        socket = new this.#options.WebSocket(url, socketOptions);
      } catch (error) {
        this.#failConnect(
          new MotifError('connection_lost', { provider, message: `Runware socket could not be opened: ${errorText(error)}`, cause: error }),
        );
        return;
      }
      this.#socket = socket;
      socket.on('open', () => socket.send(authenticationFrame(this.apiKey)));
      socket.on('message', (data) => this.#onMessage(data));
      socket.on('error', (error) => {
        this.#socketError = error;
      });
      socket.on('close', (code) => this.#onClose(code));
    });
  }

  get inFlight(): number {
    return this.tasks.size;
  }

  /** Writes a task to the socket; its replies are routed back by taskUUID. */
  send(task: RunwareTask): void {
    this.tasks.set(task.taskUUID, task);
    task.location = this;
    task.sendCount += 1;
    this.#socket?.send(task.frame);
  }

  /** Stops routing frames to a settled task. */
  forget(task: RunwareTask): void {
    if (this.tasks.get(task.taskUUID) === task) this.tasks.delete(task.taskUUID);
  }

  /** Round trip of an application-level ping, for health checks. Rejects if the socket dies first. */
  ping(): Promise<void> {
    if (this.state !== 'open') return Promise.reject(new MotifError('connection_lost', { provider: this.#options.provider }));
    return new Promise((resolve, reject) => {
      this.#pongWaiters.push({ resolve, reject });
      this.#socket?.send(PING_FRAME);
    });
  }

  /**
   * Closes the socket and hands any tasks back through `onDead`. `graceful` sends a close
   * frame (shutdown); otherwise the socket is terminated (it is already known to be bad).
   */
  close(reason: MotifError, graceful: boolean): void {
    if (this.state === 'closed') return;
    if (this.#connectSettle !== undefined) {
      this.#failConnect(reason);
      return;
    }
    this.#die(reason, graceful);
  }

  #onMessage(data: RawData): void {
    const text = rawToString(data);
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.#onGarbage(text, 'not JSON');
      return;
    }
    const envelope = readEnvelope(message);
    if (envelope === undefined) {
      this.#onGarbage(text, 'not a Runware envelope');
      return;
    }
    this.#garbageInARow = 0;
    let firstFrameTasks: RunwareTask[] | undefined;
    for (const raw of envelope.data) {
      if (typeof raw !== 'object' || raw === null) continue;
      const item = raw as RunwareDataItem;
      const uuid = item.taskUUID;
      const task = typeof uuid === 'string' ? this.tasks.get(uuid) : undefined;
      if (task !== undefined) {
        task.deliverData(item);
        if (task.options.completion.kind === 'first-frame') (firstFrameTasks ??= []).push(task);
      } else if (item.taskType === 'ping') {
        this.#onPong();
      } else if (item.taskType === 'authentication') {
        this.#onAuthenticated();
      }
      // Anything else is a frame for a task we no longer know (cancelled, timed out): dropped on purpose.
    }
    if (firstFrameTasks !== undefined) for (const task of firstFrameTasks) task.endFrame();
    for (const raw of envelope.errors) this.#onErrorItem(raw, text);
  }

  #onErrorItem(raw: unknown, frame: string): void {
    const item = readErrorItem(raw);
    const { provider } = this.#options;
    const task = item.taskUUID === undefined ? undefined : this.tasks.get(item.taskUUID);
    if (task !== undefined) {
      task.deliverError(mapRunwareError(item, { provider }));
      return;
    }
    if (item.taskUUID !== undefined) return; // late error for a forgotten task
    const error = mapRunwareError(item, { provider, body: frame });
    if (item.taskType === 'authentication' || error.code === 'auth_failed' || error.code === 'key_missing') {
      if (this.#connectSettle !== undefined) this.#failConnect(error);
      else this.#die(error, false);
      return;
    }
    this.#options.events.onLog('warn', `Runware sent an error for no task: ${item.code}`);
  }

  #onAuthenticated(): void {
    const settle = this.#connectSettle;
    if (settle === undefined) return;
    this.#connectSettle = undefined;
    this.state = 'open';
    this.#options.clock.clearTimeout(this.#timer);
    this.#schedulePing();
    settle.resolve();
  }

  #schedulePing(): void {
    const { clock, heartbeatIntervalMs } = this.#options;
    this.#timer = clock.setTimeout(() => this.#sendPing(), heartbeatIntervalMs);
  }

  #sendPing(): void {
    const { clock, pongTimeoutMs, provider } = this.#options;
    this.#socket?.send(PING_FRAME);
    this.#timer = clock.setTimeout(() => {
      this.#options.events.onLog('warn', `Runware missed a pong for ${pongTimeoutMs} ms; reconnecting`);
      this.#die(
        new MotifError('connection_lost', { provider, message: `Runware stopped answering pings (no pong within ${pongTimeoutMs} ms)` }),
        false,
      );
    }, pongTimeoutMs);
  }

  #onPong(): void {
    if (this.state !== 'open') return;
    // Any pong proves the socket alive: restart the heartbeat cycle from now.
    this.#options.clock.clearTimeout(this.#timer);
    this.#schedulePing();
    const waiters = this.#pongWaiters;
    this.#pongWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  #onGarbage(text: string, why: string): void {
    this.garbageFrames += 1;
    this.#garbageInARow += 1;
    const { provider, maxGarbageFrames, events } = this.#options;
    events.onLog('warn', `Runware sent an unreadable frame (${why}, ${text.length} chars)`);
    // Blame the frame on the task it names, so that task fails now rather than at its deadline.
    for (const prefix of findTaskUuidPrefixes(text)) {
      const task = this.#taskByPrefix(prefix);
      if (task === undefined) continue;
      task.deliverError(
        new MotifError('upstream_malformed', {
          provider,
          message: `Runware sent an unreadable reply for task ${task.taskUUID}`,
          upstream: { provider, bodyExcerpt: text.slice(0, 300) },
        }),
      );
    }
    if (this.#garbageInARow >= maxGarbageFrames) {
      this.#die(
        new MotifError('upstream_malformed', {
          provider,
          message: `Runware sent ${this.#garbageInARow} unreadable frames in a row; reconnecting`,
        }),
        false,
      );
    }
  }

  /** The one task whose UUID starts with `prefix` (a truncated frame cuts UUIDs short); none if ambiguous. */
  #taskByPrefix(prefix: string): RunwareTask | undefined {
    const exact = this.tasks.get(prefix);
    if (exact !== undefined || prefix.length === 36) return exact;
    let found: RunwareTask | undefined;
    for (const [uuid, task] of this.tasks) {
      if (!uuid.toLowerCase().startsWith(prefix)) continue;
      if (found !== undefined) return undefined;
      found = task;
    }
    return found;
  }

  #onClose(code: number): void {
    const { provider } = this.#options;
    const detail = this.#socketError === undefined ? `close code ${code}` : errorText(this.#socketError);
    const error = new MotifError('connection_lost', {
      provider,
      message: `Runware connection closed (${detail})`,
      cause: this.#socketError,
    });
    if (this.#connectSettle !== undefined) this.#failConnect(error);
    else this.#die(error, false);
  }

  #failConnect(error: MotifError): void {
    const settle = this.#connectSettle;
    if (settle === undefined) return;
    this.#connectSettle = undefined;
    this.#shutdownSocket(false);
    settle.reject(error);
  }

  #die(reason: MotifError, graceful: boolean): void {
    if (this.state === 'closed') return;
    this.#shutdownSocket(graceful);
    const tasks = [...this.tasks.values()];
    this.tasks.clear();
    for (const task of tasks) task.location = undefined;
    const waiters = this.#pongWaiters;
    this.#pongWaiters = [];
    for (const waiter of waiters) waiter.reject(reason);
    this.#options.events.onDead(this, reason, tasks);
  }

  #shutdownSocket(graceful: boolean): void {
    this.state = 'closed';
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const socket = this.#socket;
    if (socket === undefined) return;
    if (graceful && socket.readyState === socket.OPEN) socket.close(1000, 'client closing');
    else socket.terminate();
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function errorText(error: unknown): string {
  if (error instanceof Error) return 'code' in error && typeof error.code === 'string' ? `${error.code}: ${error.message}` : error.message;
  return String(error);
}
