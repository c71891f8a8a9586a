import { WebSocket } from 'ws';
import type { PoolStats } from '../../contract/image-provider.ts';
import { MotifError } from '../../errors/index.ts';
import { systemClock, type Clock } from '../../util/clock.ts';
import { systemRandom, type Random } from '../../util/random.ts';
import type { IBackoff, IBackoffFactory } from 'cockatiel';
import { fullJitterBackoff, nextBackoff, type BackoffOptions } from '../../util/backoff.ts';

/** Reconnect backoff: full jitter from 500 ms, never above 30 s. */
const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };
import { RunwareConnection, type RunwareConnectionEvents, type WebSocketConstructor } from './runware-connection.ts';
import { raceRunwareDeadline } from './runware-deadline.ts';
import { RunwareTask, type RunwareTaskHost, type RunwareTaskOptions } from './runware-task.ts';

/** Pool settings; everything but the endpoint and key has a default. */
export interface RunwareConnectionPoolOptions {
  readonly provider?: string;
  readonly url: string;
  /** Read on every submit: a new value retires the old sockets and connects with the new key. */
  readonly getApiKey: () => string | undefined;
  readonly WebSocket?: WebSocketConstructor;
  readonly clock?: Clock;
  readonly random?: Random;
  /** Persistent sockets kept open (default 1). */
  readonly poolSize?: number;
  /** Tasks one socket may carry at once (default 100); past `poolSize ×` this, submits fail with `overloaded`. */
  readonly maxInFlightPerConnection?: number;
  /** Idle time between pings (default 30 s). */
  readonly heartbeatIntervalMs?: number;
  /** A ping unanswered this long marks the socket dead (default 10 s). */
  readonly pongTimeoutMs?: number;
  /** Open plus authenticate must finish within this (default 10 s). */
  readonly connectTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** How often one task may be re-sent after socket drops (default 2). */
  readonly maxResends?: number;
  /** Unreadable frames in a row that mark a socket dead (default 3). */
  readonly maxGarbageFrames?: number;
  /** How long `close()` waits for in-flight tasks (default 5 s). */
  readonly closeGraceMs?: number;
  readonly onLog?: (level: 'info' | 'warn', message: string) => void;
  /** Called on every change of the numbers in `stats()`; the caller coalesces. */
  readonly onStatsChanged?: () => void;
}

interface Slot {
  connection: RunwareConnection | undefined;
  state: 'idle' | 'connecting' | 'open' | 'waiting' | 'blocked';
  /** The last wait since the slot was last stable (undefined: none yet); the next reconnect waits its successor. */
  backoff: IBackoff<unknown> | undefined;
  lastAttemptFailed: boolean;
  openedAt: number;
  timer: unknown;
}

/** Marks a task waiting in the queue (its `location`). */
const QUEUED = Symbol('queued');
/** A socket that stayed up this long resets its backoff when it drops. */
const STABLE_AFTER_MS = 10_000;

/**
 * A small pool of authenticated Runware sockets, each multiplexing many tasks by taskUUID.
 * Connects lazily on the first submit, keeps sockets alive with pings, reconnects with
 * full-jitter backoff, re-sends tasks that a dropped socket had not answered yet, and
 * bounds the work in flight. Nothing polls: every state change is driven by a socket
 * event, a task's deadline timer, or a reconnect timer.
 */
export class RunwareConnectionPool implements RunwareTaskHost {
  readonly #provider: string;
  readonly #url: string;
  readonly #getApiKey: () => string | undefined;
  readonly #WebSocket: WebSocketConstructor;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #maxInFlight: number;
  readonly #heartbeatIntervalMs: number;
  readonly #pongTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #backoffs: IBackoffFactory<unknown>;
  readonly #maxResends: number;
  readonly #maxGarbageFrames: number;
  readonly #closeGraceMs: number;
  readonly #log: (level: 'info' | 'warn', message: string) => void;
  readonly #onStatsChanged: () => void;

  readonly #slots: Slot[];
  readonly #queue = new Set<RunwareTask>();
  readonly #retiring = new Set<RunwareConnection>();
  #openWaiters: { resolve: (connection: RunwareConnection) => void; reject: (error: MotifError) => void }[] = [];
  #apiKey: string | undefined;
  #authError: MotifError | undefined;
  #reconnects = 0;
  #closing = false;
  #closed: Promise<void> | undefined;
  #drained: (() => void) | undefined;

  readonly #events: RunwareConnectionEvents = {
    onDead: (connection, reason, tasks) => this.#onConnectionDead(connection, reason, tasks),
    onLog: (level, message) => this.#log(level, message),
  };

  constructor(options: RunwareConnectionPoolOptions) {
    this.#provider = options.provider ?? 'runware';
    this.#url = options.url;
    this.#getApiKey = options.getApiKey;
    this.#WebSocket = options.WebSocket ?? WebSocket;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? systemRandom;
    this.#maxInFlight = Math.max(1, options.maxInFlightPerConnection ?? 100);
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs ?? 30_000;
    this.#pongTimeoutMs = options.pongTimeoutMs ?? 10_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#backoffs = fullJitterBackoff(options.backoff ?? DEFAULT_RECONNECT_BACKOFF, this.#random);
    this.#maxResends = options.maxResends ?? 2;
    this.#maxGarbageFrames = options.maxGarbageFrames ?? 3;
    this.#closeGraceMs = options.closeGraceMs ?? 5_000;
    this.#log = options.onLog ?? (() => {});
    this.#onStatsChanged = options.onStatsChanged ?? (() => {});
    const size = Math.max(1, options.poolSize ?? 1);
    this.#slots = Array.from({ length: size }, () => ({
      connection: undefined,
      state: 'idle',
      backoff: undefined,
      lastAttemptFailed: false,
      openedAt: 0,
      timer: undefined,
    }));
  }

  /**
   * Sends a task on the least busy open socket, or queues it while a socket is coming up.
   * Never throws: refusals (closing, no key, rejected key, overload, sockets down) settle the
   * returned task's promise at once. A task that failed with `connection_lost` before any
   * reply (`!task.receivedAny`) may be carried by another transport with the same taskUUID.
   */
  submit(options: RunwareTaskOptions): RunwareTask {
    const task = new RunwareTask(options, { clock: this.#clock, provider: this.#provider, host: this });
    if (task.settled) return task;
    const refusal =
      this.#refusal() ?? (this.#inFlightAndQueued() >= this.#slots.length * this.#maxInFlight ? this.#overloaded() : undefined);
    if (refusal !== undefined) {
      task.fail(refusal);
      return task;
    }
    this.#place(task);
    this.#onStatsChanged();
    return task;
  }

  /** An authenticated round trip (ping → pong) on an open socket, connecting first if needed. Costs nothing. */
  async ping(signal: AbortSignal, deadline: number): Promise<void> {
    const refusal = this.#refusal();
    if (refusal !== undefined) throw refusal;
    await raceRunwareDeadline(
      (async () => {
        const connection = this.#pickConnection() ?? (await this.#whenOpen());
        await connection.ping();
      })(),
      { clock: this.#clock, signal, deadline, provider: this.#provider, what: 'the ping' },
    );
  }

  /**
   * True while the sockets are down: none is open and every slot's last connection attempt
   * failed. The provider then sends tasks over REST instead of queueing them.
   */
  isDown(): boolean {
    if (this.#authError !== undefined) return false;
    return this.#slots.every((slot) => slot.state !== 'open' && slot.lastAttemptFailed);
  }

  /** Set after Runware rejected the key; cleared when the key changes. */
  get authError(): MotifError | undefined {
    return this.#authError;
  }

  /** Whether Runware rejected exactly this key (the pool will not dial with it again). */
  isBlockedFor(apiKey: string | undefined): boolean {
    return this.#authError !== undefined && apiKey !== undefined && apiKey === this.#apiKey;
  }

  stats(): PoolStats {
    let openSockets = this.#retiring.size;
    let connecting = 0;
    let inFlight = 0;
    for (const connection of this.#retiring) inFlight += connection.inFlight;
    for (const slot of this.#slots) {
      if (slot.state === 'open') openSockets += 1;
      if (slot.state === 'connecting') connecting += 1;
      if (slot.connection !== undefined) inFlight += slot.connection.inFlight;
    }
    return { transport: 'websocket', openSockets, connecting, reconnects: this.#reconnects, inFlight, queued: this.#queue.size };
  }

  /**
   * Stops taking tasks, waits up to the grace period for those in flight, then fails the rest
   * as `cancelled`, closes every socket and clears every timer, so the process can exit.
   */
  close(graceMs = this.#closeGraceMs): Promise<void> {
    this.#closed ??= this.#drainAndClose(graceMs);
    return this.#closed;
  }

  /** @internal Called by a task when it settles, wherever it is. */
  taskSettled(task: RunwareTask): void {
    const location = task.location;
    task.location = undefined;
    if (location === QUEUED) {
      this.#queue.delete(task);
    } else if (location instanceof RunwareConnection) {
      location.forget(task);
      if (location.retiring && location.inFlight === 0) location.close(this.#closingError('the API key changed'), true);
      else if (this.#queue.size > 0) this.#flushQueue();
    }
    if (this.#drained !== undefined && this.#inFlightAndQueued() === 0) this.#drained();
    this.#onStatsChanged();
  }

  #refusal(): MotifError | undefined {
    if (this.#closing) return this.#closingError('the Runware provider is shutting down and accepts no new tasks');
    const key = this.#getApiKey();
    if (key === undefined || key === '') return new MotifError('key_missing', { provider: this.#provider });
    if (key !== this.#apiKey) this.#rekey(key);
    if (this.#authError !== undefined)
      return new MotifError(this.#authError.code, {
        provider: this.#provider,
        message: this.#authError.message,
        upstream: this.#authError.upstream,
      });
    return undefined;
  }

  #overloaded(): MotifError {
    return new MotifError('overloaded', {
      provider: this.#provider,
      message: `Runware already has ${this.#inFlightAndQueued()} tasks in flight (limit ${this.#slots.length * this.#maxInFlight})`,
    });
  }

  #closingError(why: string): MotifError {
    return new MotifError('cancelled', { provider: this.#provider, message: `Runware task cancelled: ${why}` });
  }

  #inFlightAndQueued(): number {
    const stats = this.stats();
    return stats.inFlight + stats.queued;
  }

  #place(task: RunwareTask): void {
    const connection = this.#pickConnection();
    if (connection !== undefined) {
      connection.send(task);
      return;
    }
    this.#startIdleSlots();
    if (this.#canCarrySoon()) {
      this.#queue.add(task);
      task.location = QUEUED;
      return;
    }
    task.fail(
      new MotifError('connection_lost', { provider: this.#provider, message: 'No Runware socket is open and reconnecting is backing off' }),
    );
  }

  /** Whether a socket is open or expected soon: one is connecting, or one dropped (not failed) and reconnects shortly. */
  #canCarrySoon(): boolean {
    return this.#slots.some(
      (slot) => slot.state === 'open' || slot.state === 'connecting' || (slot.state === 'waiting' && !slot.lastAttemptFailed),
    );
  }

  #pickConnection(): RunwareConnection | undefined {
    let best: RunwareConnection | undefined;
    for (const slot of this.#slots) {
      const connection = slot.connection;
      if (slot.state !== 'open' || connection === undefined || connection.inFlight >= this.#maxInFlight) continue;
      if (best === undefined || connection.inFlight < best.inFlight) best = connection;
    }
    return best;
  }

  #flushQueue(): void {
    for (const task of this.#queue) {
      const connection = this.#pickConnection();
      if (connection === undefined) return;
      this.#queue.delete(task);
      connection.send(task);
    }
  }

  #whenOpen(): Promise<RunwareConnection> {
    this.#startIdleSlots();
    return new Promise((resolve, reject) => this.#openWaiters.push({ resolve, reject }));
  }

  #startIdleSlots(): void {
    for (const slot of this.#slots) if (slot.state === 'idle') this.#connectSlot(slot);
  }

  #connectSlot(slot: Slot): void {
    const apiKey = this.#apiKey;
    if (apiKey === undefined || this.#closing) return;
    const connection = new RunwareConnection({
      url: this.#url,
      apiKey,
      WebSocket: this.#WebSocket,
      clock: this.#clock,
      provider: this.#provider,
      heartbeatIntervalMs: this.#heartbeatIntervalMs,
      pongTimeoutMs: this.#pongTimeoutMs,
      connectTimeoutMs: this.#connectTimeoutMs,
      maxGarbageFrames: this.#maxGarbageFrames,
      events: this.#events,
    });
    slot.connection = connection;
    slot.state = 'connecting';
    this.#onStatsChanged();
    connection.connect().then(
      () => this.#onSlotOpen(slot, connection),
      (error: unknown) => this.#onSlotFailed(slot, connection, error as MotifError),
    );
  }

  #onSlotOpen(slot: Slot, connection: RunwareConnection): void {
    // The socket may have died between authenticating and this callback; onDead handled it.
    if (slot.connection !== connection || connection.state !== 'open') return;
    slot.state = 'open';
    slot.lastAttemptFailed = false;
    slot.openedAt = this.#clock.now();
    const waiters = this.#openWaiters;
    this.#openWaiters = [];
    for (const waiter of waiters) waiter.resolve(connection);
    this.#flushQueue();
    this.#onStatsChanged();
  }

  #onSlotFailed(slot: Slot, connection: RunwareConnection, error: MotifError): void {
    if (slot.connection !== connection) return; // superseded by a key change or close
    slot.connection = undefined;
    if (this.#closing) {
      slot.state = 'idle';
    } else if (error.code === 'auth_failed' || error.code === 'key_missing') {
      this.#blockOnAuth(error);
    } else {
      slot.lastAttemptFailed = true;
      this.#log('warn', `Runware connection attempt failed: ${error.message}`);
      this.#scheduleReconnect(slot);
      // Tasks waiting for a socket fail fast when no socket can carry them soon.
      if (!this.#canCarrySoon()) this.#failWaiting(error);
    }
    this.#onStatsChanged();
  }

  #onConnectionDead(connection: RunwareConnection, reason: MotifError, tasks: RunwareTask[]): void {
    const slot = this.#slots.find((s) => s.connection === connection);
    if (this.#retiring.delete(connection) || slot === undefined) {
      for (const task of tasks) task.fail(reason);
      this.#onStatsChanged();
      return;
    }
    slot.connection = undefined;
    if (this.#closing) {
      slot.state = 'idle';
    } else if (reason.code === 'auth_failed' || reason.code === 'key_missing') {
      this.#blockOnAuth(reason);
    } else {
      if (slot.state === 'open' && this.#clock.now() - slot.openedAt >= STABLE_AFTER_MS) slot.backoff = undefined;
      slot.lastAttemptFailed = slot.state !== 'open';
      if (tasks.length > 0) this.#log('warn', `Runware connection lost with ${tasks.length} tasks in flight: ${reason.message}`);
      this.#scheduleReconnect(slot);
    }
    for (const task of tasks) {
      const safeToResend =
        !this.#closing &&
        this.#authError === undefined &&
        task.options.resendable &&
        !task.receivedAny &&
        task.sendCount <= this.#maxResends;
      if (safeToResend) this.#place(task);
      else task.fail(reason);
    }
    this.#onStatsChanged();
  }

  #scheduleReconnect(slot: Slot): void {
    slot.backoff = nextBackoff(this.#backoffs, slot.backoff);
    const delayMs = slot.backoff.duration;
    slot.state = 'waiting';
    slot.timer = this.#clock.setTimeout(() => {
      slot.timer = undefined;
      if (this.#closing || slot.state !== 'waiting') return;
      this.#reconnects += 1;
      this.#connectSlot(slot);
    }, delayMs);
  }

  #blockOnAuth(error: MotifError): void {
    this.#authError = error;
    this.#log(
      'warn',
      `Runware rejected the API key (${error.upstream?.upstreamCode ?? error.code}); not reconnecting until the key changes`,
    );
    for (const slot of this.#slots) {
      if (slot.timer !== undefined) this.#clock.clearTimeout(slot.timer);
      slot.timer = undefined;
      const connection = slot.connection;
      slot.connection = undefined;
      slot.state = 'blocked';
      connection?.close(error, false);
    }
    this.#failWaiting(error);
  }

  #failWaiting(error: MotifError): void {
    for (const task of this.#queue) task.fail(error);
    const waiters = this.#openWaiters;
    this.#openWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  #rekey(apiKey: string): void {
    const first = this.#apiKey === undefined;
    this.#apiKey = apiKey;
    this.#authError = undefined;
    if (first) return;
    this.#log('info', 'Runware API key changed; reconnecting with the new key');
    for (const slot of this.#slots) {
      if (slot.timer !== undefined) this.#clock.clearTimeout(slot.timer);
      const connection = slot.connection;
      Object.assign(slot, { connection: undefined, state: 'idle', backoff: undefined, lastAttemptFailed: false, timer: undefined });
      if (connection === undefined) continue;
      if (connection.state === 'open' && connection.inFlight > 0) {
        // Tasks already paid for under the old key finish on the old socket.
        connection.retiring = true;
        this.#retiring.add(connection);
      } else {
        connection.close(this.#closingError('the API key changed'), true);
      }
    }
  }

  async #drainAndClose(graceMs: number): Promise<void> {
    this.#closing = true;
    const cancelled = this.#closingError('the Runware provider was closed');
    for (const slot of this.#slots) {
      if (slot.timer !== undefined) this.#clock.clearTimeout(slot.timer);
      slot.timer = undefined;
      if (slot.state === 'connecting') slot.connection?.close(cancelled, false);
    }
    this.#failWaiting(cancelled);
    if (graceMs > 0 && this.#inFlightAndQueued() > 0) {
      await new Promise<void>((resolve) => {
        const timer = this.#clock.setTimeout(resolve, graceMs);
        this.#drained = () => {
          this.#clock.clearTimeout(timer);
          resolve();
        };
      });
      this.#drained = undefined;
    }
    const connections = [...this.#retiring, ...this.#slots.map((slot) => slot.connection)];
    for (const connection of connections) {
      if (connection === undefined) continue;
      for (const task of [...connection.tasks.values()]) task.fail(cancelled);
      connection.close(cancelled, true);
    }
    this.#retiring.clear();
    for (const slot of this.#slots) Object.assign(slot, { connection: undefined, state: 'idle' });
    this.#onStatsChanged();
  }
}
