import { EventEmitter } from 'node:events';
import type { WebSocketConstructor } from '../../src/core/providers/runware/runware-connection.ts';

/** A task as the fake server received it. */
export interface ReceivedTask {
  readonly socket: FakeRunwareSocket;
  readonly task: Record<string, unknown>;
}

/** How the next sockets connect. */
export type ConnectMode = 'accept' | 'refuse' | 'hang';

/**
 * An in-memory Runware server behind a fake `ws` WebSocket class, for unit tests that need
 * exact control of timing: nothing touches the network, and every event is asynchronous,
 * as with the real library. Integration tests use the real emulator instead.
 */
export class FakeRunwareServer {
  readonly sockets: FakeRunwareSocket[] = [];
  readonly received: ReceivedTask[] = [];
  readonly authKeys: string[] = [];
  /** Keys that authenticate; empty accepts any non-empty key. */
  acceptedKeys: string[] = [];
  connectMode: ConnectMode = 'accept';
  answerPings = true;
  pings = 0;
  /** Called for every task after auth; the default holds it so the test can answer. */
  onTask: (received: ReceivedTask) => void = () => {};
  readonly WebSocket: WebSocketConstructor;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const server = this;
    class BoundSocket extends FakeRunwareSocket {
      constructor(url: string) {
        super(server, url);
      }
    }
    this.WebSocket = BoundSocket as unknown as WebSocketConstructor;
  }

  /** Tasks received with this taskType. */
  tasksOfType(taskType: string): ReceivedTask[] {
    return this.received.filter((r) => r.task.taskType === taskType);
  }

  get openSockets(): FakeRunwareSocket[] {
    return this.sockets.filter((s) => s.readyState === 1);
  }

  /** Answers a received task with one data item per entry, in one frame. */
  reply(received: ReceivedTask, items: readonly Record<string, unknown>[]): void {
    received.socket.serverSend({
      data: items.map((item) => ({ taskType: received.task.taskType, taskUUID: received.task.taskUUID, ...item })),
    });
  }

  /** Answers a received task with an error item. */
  fail(received: ReceivedTask, code: string, extra: Record<string, unknown> = {}): void {
    received.socket.serverSend({
      errors: [{ code, message: `fake ${code}`, taskType: received.task.taskType, taskUUID: received.task.taskUUID, ...extra }],
    });
  }

  /** @internal */
  handle(socket: FakeRunwareSocket, text: string): void {
    const tasks = JSON.parse(text) as Record<string, unknown>[];
    for (const task of tasks) {
      if (task.taskType === 'authentication') {
        const key = String(task.apiKey);
        this.authKeys.push(key);
        if (key === '' || (this.acceptedKeys.length > 0 && !this.acceptedKeys.includes(key))) {
          socket.serverSend({
            errors: [{ code: 'invalidApiKey', message: 'Invalid API key', parameter: 'apiKey', taskType: 'authentication' }],
          });
        } else {
          socket.authenticated = true;
          socket.serverSend({ data: [{ taskType: 'authentication', connectionSessionUUID: '00000000-0000-4000-8000-000000000000' }] });
        }
      } else if (task.taskType === 'ping') {
        this.pings += 1;
        if (this.answerPings) socket.serverSend({ data: [{ taskType: 'ping', pong: true }] });
      } else {
        const received = { socket, task };
        this.received.push(received);
        this.onTask(received);
      }
    }
  }
}

/** The fake socket; implements the part of `ws` the adapter uses. */
export class FakeRunwareSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 0;
  authenticated = false;
  readonly url: string;
  readonly sent: string[] = [];
  readonly #server: FakeRunwareServer;

  constructor(server: FakeRunwareServer, url: string) {
    super();
    this.#server = server;
    this.url = url;
    server.sockets.push(this);
    const mode = server.connectMode;
    setImmediate(() => {
      if (this.readyState !== 0) return;
      if (mode === 'accept') {
        this.readyState = 1;
        this.emit('open');
      } else if (mode === 'refuse') {
        this.readyState = 3;
        this.emit('error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }));
        this.emit('close', 1006, Buffer.alloc(0));
      }
    });
  }

  send(text: string): void {
    if (this.readyState !== 1) return;
    this.sent.push(text);
    setImmediate(() => {
      if (this.readyState === 1) this.#server.handle(this, text);
    });
  }

  /** Sends a frame from the server side (an object is JSON-encoded; a string goes as is). */
  serverSend(frame: unknown): void {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    setImmediate(() => {
      if (this.readyState === 1) this.emit('message', Buffer.from(text), false);
    });
  }

  /** The server or network kills the socket. */
  drop(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setImmediate(() => this.emit('close', 1006, Buffer.alloc(0)));
  }

  close(): void {
    this.drop();
  }

  terminate(): void {
    this.drop();
  }
}
