import { WebSocket } from 'ws';

/** A received frame, parsed; `raw` keeps the text for malformed frames. */
export interface ReceivedFrame {
  readonly raw: string;
  readonly json: { data?: Record<string, unknown>[]; errors?: Record<string, unknown>[] } | undefined;
  readonly at: number;
}

/**
 * A bare WebSocket client for emulator tests: sends raw task arrays and
 * records every frame, so tests can assert the wire protocol itself.
 */
export class WsTestClient {
  readonly frames: ReceivedFrame[] = [];
  readonly ws: WebSocket;
  closed = false;
  readonly #waiters = new Set<() => void>();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const raw = String(data);
      let json: ReceivedFrame['json'];
      try {
        json = JSON.parse(raw) as ReceivedFrame['json'];
      } catch {
        json = undefined;
      }
      this.frames.push({ raw, json, at: performance.now() });
      this.#wake();
    });
    ws.on('close', () => {
      this.closed = true;
      this.#wake();
    });
    ws.on('error', () => undefined);
  }

  /** Opens a socket (with the query the JS SDK adds, which must be ignored). */
  static async connect(url: string): Promise<WsTestClient> {
    const ws = new WebSocket(`${url}?sdk=js&version=1.3.2`, { headers: { 'X-SDK-Name': 'js', 'X-SDK-Version': '1.3.2' } });
    const client = new WsTestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Connects and authenticates with `apiKey`. */
  static async authenticated(url: string, apiKey: string): Promise<WsTestClient> {
    const client = await WsTestClient.connect(url);
    client.send([{ taskType: 'authentication', apiKey }]);
    await client.waitFor((f) => f.json?.data?.[0]?.taskType === 'authentication');
    return client;
  }

  send(tasks: unknown): void {
    this.ws.send(typeof tasks === 'string' ? tasks : JSON.stringify(tasks));
  }

  /** Items (data and errors) received so far for `taskUUID`. */
  itemsFor(taskUUID: string): { data: Record<string, unknown>[]; errors: Record<string, unknown>[] } {
    const data = this.frames.flatMap((f) => f.json?.data ?? []).filter((i) => i.taskUUID === taskUUID);
    const errors = this.frames.flatMap((f) => f.json?.errors ?? []).filter((i) => i.taskUUID === taskUUID);
    return { data, errors };
  }

  /** Resolves with the first frame (old or new) matching, or rejects after `timeoutMs`. */
  waitFor(match: (frame: ReceivedFrame) => boolean, timeoutMs = 15_000): Promise<ReceivedFrame> {
    return this.until(() => this.frames.find(match), timeoutMs);
  }

  /** Resolves once `check` returns a value other than undefined/false (checked on every event and every 20 ms). */
  until<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value === undefined || value === false) return false;
        this.#waiters.delete(wake);
        clearTimeout(timer);
        clearInterval(poll);
        resolve(value);
        return true;
      };
      const wake = (): void => void attempt();
      // Frames and closes wake the check at once; the poll covers state outside this socket.
      const poll = setInterval(wake, 20);
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.#waiters.delete(wake);
        reject(new Error(`timed out after ${timeoutMs} ms; frames: ${this.frames.map((f) => f.raw.slice(0, 200)).join(' | ')}`));
      }, timeoutMs);
      if (!attempt()) this.#waiters.add(wake);
    });
  }

  close(): void {
    this.ws.terminate();
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
