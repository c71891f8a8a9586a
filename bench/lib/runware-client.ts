/**
 * One Runware client under test, in its own process (forked by bench/runware.ts),
 * so CPU and RSS are its own. Kinds:
 * - `pool`: our RunwareProvider over its WebSocket pool (one socket);
 * - `rest`: our RunwareProvider over REST (keep-alive undici Agent);
 * - `sdk`:  the official @runware/sdk-js, one instance shared by all tasks;
 * - `bare`: the floor — one `ws` socket and a Map from taskUUID to a pending promise.
 */
import { randomUUID } from 'node:crypto';
import { RunwareServer } from '@runware/sdk-js';
import { WebSocket, type RawData } from 'ws';
import { RunwareProvider } from '../../src/core/providers/runware/runware-provider.ts';
import { closedLoop } from './load.ts';
import type { ClientCommand, ClientRunResult } from './runware-client-types.ts';
import { BENCH_MODEL, BENCH_REQUEST, benchPayload } from './runware-payload.ts';

interface Client {
  one(): Promise<unknown>;
  close(): Promise<void>;
}

/** The floor: nothing but a socket, JSON and a Map. */
class BareSocketClient implements Client {
  readonly #ws: WebSocket;
  readonly #pending = new Map<string, { resolve: (item: unknown) => void; reject: (error: unknown) => void }>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: RawData) => this.#onMessage(data));
  }

  static async connect(url: string, apiKey: string): Promise<BareSocketClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const client = new BareSocketClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('message', (data: RawData) => {
        const text = data.toString();
        if (text.includes('connectionSessionUUID')) resolve();
        else reject(new Error(`auth failed: ${text.slice(0, 200)}`));
      });
      ws.send(JSON.stringify([{ taskType: 'authentication', apiKey }]));
    });
    return client;
  }

  one(): Promise<unknown> {
    const taskUUID = randomUUID();
    const frame = JSON.stringify([benchPayload(taskUUID)]);
    return new Promise((resolve, reject) => {
      this.#pending.set(taskUUID, { resolve, reject });
      this.#ws.send(frame);
    });
  }

  #onMessage(data: RawData): void {
    const message = JSON.parse(data.toString()) as { data?: { taskUUID?: string }[]; errors?: { taskUUID?: string; code?: string }[] };
    for (const item of message.data ?? []) {
      const waiter = item.taskUUID === undefined ? undefined : this.#pending.get(item.taskUUID);
      if (!waiter) continue;
      this.#pending.delete(item.taskUUID!);
      waiter.resolve(item);
    }
    for (const item of message.errors ?? []) {
      const waiter = item.taskUUID === undefined ? undefined : this.#pending.get(item.taskUUID);
      if (!waiter) continue;
      this.#pending.delete(item.taskUUID!);
      waiter.reject(new Error(item.code));
    }
  }

  async close(): Promise<void> {
    this.#ws.close();
  }
}

class ProviderClient implements Client {
  readonly #provider: RunwareProvider;

  constructor(transport: 'websocket' | 'rest', wsUrl: string, restUrl: string, apiKey: string) {
    this.#provider = new RunwareProvider({
      getApiKey: () => apiKey,
      wsUrl,
      apiUrl: restUrl,
      transport,
      poolSize: 1,
      // One socket like the SDK and the bare client. The default cap (100 tasks per socket)
      // would refuse half of the 200-task cell with `overloaded`, by design.
      maxInFlightPerConnection: 256,
      closeGraceMs: 0,
    });
  }

  async one(): Promise<unknown> {
    const controller = new AbortController();
    const result = await this.#provider.generate({
      request: BENCH_REQUEST,
      model: BENCH_MODEL,
      signal: controller.signal,
      deadline: Date.now() + 60_000,
      onImage: undefined,
      onStage: undefined,
      taskId: undefined,
      resume: false,
    });
    if (result.images.length !== 1) throw new Error(`expected 1 image, got ${result.images.length}`);
    return result;
  }

  close(): Promise<void> {
    return this.#provider.close();
  }
}

class SdkClient implements Client {
  readonly #sdk: RunwareServer;

  private constructor(sdk: RunwareServer) {
    this.#sdk = sdk;
  }

  static async connect(url: string, apiKey: string): Promise<SdkClient> {
    // As a user would write it: one shared instance, default options. Never `ws://localhost:8080` (§7).
    const sdk = (await RunwareServer.initialize({ apiKey, url })) as RunwareServer;
    return new SdkClient(sdk);
  }

  async one(): Promise<unknown> {
    const { taskType: _taskType, taskUUID: _taskUUID, ...params } = benchPayload(randomUUID());
    const images = await this.#sdk.imageInference(params as unknown as Parameters<RunwareServer['imageInference']>[0]);
    if (images?.length !== 1) throw new Error(`expected 1 image, got ${images?.length}`);
    return images;
  }

  async close(): Promise<void> {
    await this.#sdk.disconnect();
  }
}

let client: Client | undefined;

async function handle(message: ClientCommand): Promise<unknown> {
  switch (message.cmd) {
    case 'init': {
      const { kind, wsUrl, restUrl, apiKey } = message;
      if (kind === 'bare') client = await BareSocketClient.connect(wsUrl, apiKey);
      else if (kind === 'sdk') client = await SdkClient.connect(wsUrl, apiKey);
      else client = new ProviderClient(kind === 'pool' ? 'websocket' : 'rest', wsUrl, restUrl, apiKey);
      await client.one();
      return {};
    }
    case 'run': {
      const active = client!;
      const result = await closedLoop(() => active.one(), message.load);
      const memory = process.memoryUsage();
      const reply: ClientRunResult = { ...result, rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20 };
      return reply;
    }
    case 'close':
      await client?.close();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (message: ClientCommand) => {
  handle(message).then(
    (result) => process.send?.({ id: message.id, ok: true, result }),
    (error: unknown) =>
      process.send?.({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
