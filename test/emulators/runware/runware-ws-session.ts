import type { RawData, WebSocket } from 'ws';
import type { Random } from '../../../src/core/util/random.ts';
import { GARBAGE_TEXT } from '../emulator-http.ts';
import { uuidFromRandom } from '../emulator-ids.ts';
import type { EmulatorTimers } from '../emulator-timers.ts';
import type { FaultController } from '../faults.ts';
import type { RunwareEmulatorStats, RunwareEngine, SendStyle, TaskOutput } from './runware-engine.ts';
import { errorItem, type RunwareFrame } from './runware-errors.ts';
import type { RawTask } from './runware-validation.ts';

export interface RunwareWsSessionOptions {
  readonly engine: RunwareEngine;
  readonly timers: EmulatorTimers;
  readonly stats: RunwareEmulatorStats;
  /** Decides which pings go unanswered (`suppressPongs`). */
  readonly faults: FaultController;
  readonly random: Random;
  /** Only this key authenticates; undefined accepts any non-empty key. */
  readonly apiKey: string | undefined;
  /** Close after this long without a message either way; 0 disables. */
  readonly idleTimeoutMs: number;
}

interface Outgoing {
  readonly text: string;
  readonly style: SendStyle;
}

/**
 * One WebSocket connection: authentication, pings, task dispatch and an
 * ordered outbound queue. The queue matters for the `trickle` fault, which
 * sends a frame as many WS fragments: nothing else may be sent in between.
 */
export class RunwareWsSession {
  readonly #ws: WebSocket;
  readonly #o: RunwareWsSessionOptions;
  readonly #queue: Outgoing[] = [];
  #flushing = false;
  #authenticated = false;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(ws: WebSocket, options: RunwareWsSessionOptions) {
    this.#ws = ws;
    this.#o = options;
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('close', () => this.#o.timers.cancel(this.#idle));
    ws.on('error', () => undefined);
    this.#touch();
  }

  get authenticated(): boolean {
    return this.#authenticated;
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    this.#touch();
    const text = isBinary
      ? ''
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.#send({
        errors: [errorItem('invalidJSON', {}, { message: 'The message is not valid JSON. Send a JSON array of task objects.' })],
      });
      return;
    }
    // The protocol says array; a lone object is accepted as a one-task array.
    const tasks = Array.isArray(parsed) ? parsed : [parsed];
    for (const task of tasks) this.#onTask(task);
  }

  #onTask(value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.#send({ errors: [errorItem('invalidTask', {}, { message: 'Each task must be a JSON object.' })] });
      return;
    }
    const task = value as RawTask;
    if (task.taskType === 'authentication') return this.#authenticate(task);
    if (task.taskType === 'ping') {
      this.#o.stats.pings += 1;
      if (this.#o.faults.answerPing()) this.#send({ data: [{ taskType: 'ping', pong: true }] });
      else this.#o.stats.pongsSuppressed += 1;
      return;
    }
    if (!this.#authenticated) {
      const tag = { taskType: String(task.taskType), taskUUID: typeof task.taskUUID === 'string' ? task.taskUUID : undefined };
      this.#send({ errors: [errorItem('missingApiKey', tag, { parameter: 'apiKey' })] });
      return;
    }
    void this.#o.engine.runTask(task, this.#output(), true);
  }

  #authenticate(task: RawTask): void {
    const key = task.apiKey;
    const tag = { taskType: 'authentication' };
    if (typeof key !== 'string' || key.length === 0) {
      this.#o.stats.authFailures += 1;
      this.#send({ errors: [errorItem('missingApiKey', tag, { parameter: 'apiKey' })] });
      return;
    }
    if (this.#o.apiKey !== undefined && key !== this.#o.apiKey) {
      this.#o.stats.authFailures += 1;
      this.#authenticated = false;
      this.#send({ errors: [errorItem('invalidApiKey', tag, { parameter: 'apiKey' })] });
      return;
    }
    this.#authenticated = true;
    this.#o.stats.authentications += 1;
    // Session resume is accepted but not implemented: the same UUID comes back, nothing is replayed.
    const session = typeof task.connectionSessionUUID === 'string' ? task.connectionSessionUUID : uuidFromRandom(this.#o.random);
    // No taskUUID here: the JS SDK matches the auth reply by taskType only.
    this.#send({ data: [{ taskType: 'authentication', connectionSessionUUID: session }] });
  }

  #output(): TaskOutput {
    return {
      send: (frame, style) => this.#send(frame, style),
      drop: () => this.#ws.terminate(),
    };
  }

  #send(frame: RunwareFrame, style: SendStyle = 'normal'): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    let text = JSON.stringify(frame);
    if (style === 'malformed') text = malformedFrame(text);
    else if (style === 'garbage') text = GARBAGE_TEXT;
    this.#queue.push({ text, style });
    void this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        if (this.#ws.readyState !== this.#ws.OPEN) {
          this.#queue.length = 0;
          return;
        }
        this.#touch();
        if (typeof next.style === 'object') await this.#trickle(next.text, next.style);
        else this.#ws.send(next.text);
      }
    } finally {
      this.#flushing = false;
    }
  }

  /** Sends one text message as fragments of `chunkBytes`, `intervalMs` apart. */
  async #trickle(text: string, style: { chunkBytes: number; intervalMs: number }): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.byteLength; offset += style.chunkBytes) {
      if (offset > 0) await this.#o.timers.sleep(style.intervalMs);
      if (this.#ws.readyState !== this.#ws.OPEN) return;
      const end = offset + style.chunkBytes;
      this.#ws.send(bytes.subarray(offset, end), { binary: false, fin: end >= bytes.byteLength });
      this.#touch();
    }
  }

  /** Restarts the idle timer: the real server closes sockets quiet for 120 s. */
  #touch(): void {
    if (this.#o.idleTimeoutMs <= 0) return;
    this.#o.timers.cancel(this.#idle);
    this.#idle = this.#o.timers.after(this.#o.idleTimeoutMs, () => {
      if (this.#ws.readyState === this.#ws.OPEN) this.#ws.close(1000, 'idle timeout');
    });
  }
}

/** Appended where a malformed frame is cut off, so it can never parse. */
const MALFORMED_TAIL = ' \u{fffd}\u{fffd}<garbled>';

/**
 * A frame that does not parse but still names its task in full: the JSON is
 * cut off right after the first complete `"taskUUID":"…"` and the key that
 * follows it, then garbage is appended, e.g.
 * `{"data":[{"taskType":"imageInference","taskUUID":"<uuid>","imageUUID": �<garbled>`.
 * A frame without a taskUUID is cut in half instead.
 */
function malformedFrame(json: string): string {
  const uuid = /"taskUUID":"[^"]*"/.exec(json);
  if (uuid === null) return `${json.slice(0, Math.max(1, Math.floor(json.length / 2)))}${MALFORMED_TAIL}`;
  let cut = uuid.index + uuid[0].length;
  const nextKey = /^,"[^"]*":/.exec(json.slice(cut));
  if (nextKey !== null) cut += nextKey[0].length;
  return `${json.slice(0, cut)}${MALFORMED_TAIL}`;
}
