import { EventEmitter } from 'node:events';
import type { WebSocketConstructor } from '../../src/core/providers/runware/runware-connection.ts';

/**
 * An in-process stand-in for a `ws` socket talking to Runware, as cheap as it
 * can be, so that only the client's own CPU is measured: every imageInference
 * is answered (on the next turn of the event loop) with a prebuilt frame whose
 * taskUUID is patched in. Auth and ping are answered too. Used by
 * bench/runware-cpu.ts; never touches the network.
 */
export class FakeRunwareWs extends EventEmitter {
  static replyTemplate: { head: Buffer; tail: Buffer } = { head: Buffer.alloc(0), tail: Buffer.alloc(0) };
  readonly OPEN = 1;
  readonly CONNECTING = 0;
  readonly CLOSED = 3;
  readyState = 0;

  constructor(_url?: string, _options?: unknown) {
    super();
    setImmediate(() => {
      this.readyState = 1;
      this.emit('open');
    });
  }

  /** The answer frame to every imageInference, split around its taskUUID. */
  static setReply(item: Record<string, unknown>): void {
    const marker = '00000000-0000-0000-0000-000000000000';
    const text = JSON.stringify({ data: [{ taskType: 'imageInference', taskUUID: marker, ...item }] });
    const at = text.indexOf(marker);
    FakeRunwareWs.replyTemplate = { head: Buffer.from(text.slice(0, at)), tail: Buffer.from(text.slice(at + marker.length)) };
  }

  send(text: string | Buffer): void {
    const frame = typeof text === 'string' ? text : text.toString();
    const at = frame.indexOf('"taskUUID":"');
    if (at < 0) {
      const reply = frame.includes('"authentication"')
        ? '{"data":[{"taskType":"authentication","connectionSessionUUID":"00000000-0000-4000-8000-000000000000"}]}'
        : '{"data":[{"taskType":"ping","pong":true}]}';
      setImmediate(() => this.emit('message', Buffer.from(reply), false));
      return;
    }
    const uuid = frame.slice(at + 12, at + 48);
    const { head, tail } = FakeRunwareWs.replyTemplate;
    setImmediate(() => this.emit('message', Buffer.concat([head, Buffer.from(uuid), tail]), false));
  }

  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setImmediate(() => this.emit('close', 1000, Buffer.alloc(0)));
  }

  terminate(): void {
    this.close();
  }
}

export const FakeWebSocket = FakeRunwareWs as unknown as WebSocketConstructor;
