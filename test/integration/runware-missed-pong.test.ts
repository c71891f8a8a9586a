import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ProviderEvent, ProviderGenerateOptions } from '../../src/core/contract/image-provider.ts';
import { RunwareProvider } from '../../src/core/providers/runware/index.ts';

/**
 * The emulator always answers pings, so this uses a tiny Runware-shaped server whose first
 * connection goes silent (no pongs, no results), as a half-open TCP connection would.
 */
interface SilentServer {
  readonly url: string;
  readonly connections: WebSocket[];
  readonly pings: number[];
  readonly tasks: { connection: number; taskUUID: string }[];
  close(): Promise<void>;
}

async function startSilentServer(): Promise<SilentServer> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http });
  const connections: WebSocket[] = [];
  const pings: number[] = [];
  const tasks: { connection: number; taskUUID: string }[] = [];
  wss.on('connection', (ws) => {
    const index = connections.push(ws) - 1;
    ws.on('message', (data) => {
      for (const task of JSON.parse(String(data)) as Record<string, unknown>[]) {
        if (task.taskType === 'authentication') ws.send(JSON.stringify({ data: [{ taskType: 'authentication', connectionSessionUUID: 'c0ffee00-0000-4000-8000-000000000000' }] }));
        else if (task.taskType === 'ping') {
          pings.push(index);
          if (index > 0) ws.send(JSON.stringify({ data: [{ taskType: 'ping', pong: true }] }));
        } else {
          const taskUUID = String(task.taskUUID);
          tasks.push({ connection: index, taskUUID });
          if (index === 0) continue; // the first socket is a black hole
          const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');
          ws.send(JSON.stringify({ data: [{ taskType: task.taskType, taskUUID, imageUUID: `img-${taskUUID}`, imageBase64Data: png, seed: task.seed, cost: 0.001 }] }));
        }
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/v1`,
    connections,
    pings,
    tasks,
    close: async () => {
      for (const ws of connections) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

let server: SilentServer;
const providers: RunwareProvider[] = [];

beforeEach(async () => {
  server = await startSilentServer();
});

afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
  await server.close();
});

const options = (): ProviderGenerateOptions => ({
  request: { prompt: 'stars', negativePrompt: undefined, style: 'baby-shower', width: 128, height: 128, count: 1, seed: 21, seedExplicit: true, format: 'png', model: 'x', noCache: false },
  model: 'runware:100@1', signal: new AbortController().signal, deadline: Date.now() + 10_000,
  onImage: undefined, onStage: undefined, taskId: undefined, resume: false,
});

describe('Runware missed pong', () => {
  it('marks a silent socket dead after pongTimeoutMs, reconnects and re-sends the unanswered task with the same taskUUID', async () => {
    const events: ProviderEvent[] = [];
    const p = new RunwareProvider({
      getApiKey: () => 'k', wsUrl: server.url, apiUrl: 'http://127.0.0.1:9/v1',
      heartbeatIntervalMs: 150, pongTimeoutMs: 150, emit: (e) => events.push(e),
    });
    providers.push(p);
    const started = Date.now();
    const result = await p.generate(options());
    const elapsed = Date.now() - started;
    expect(result.images).toHaveLength(1);
    expect(server.connections).toHaveLength(2);
    expect(server.pings[0]).toBe(0);
    expect(server.tasks.map((t) => t.connection)).toEqual([0, 1]);
    expect(server.tasks[0]?.taskUUID).toBe(server.tasks[1]?.taskUUID);
    // Heartbeat (150) + pong timeout (150) + backoff (< 500): well under the 10 s deadline.
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(2_000);
    expect(events.some((e) => e.type === 'provider-log' && e.message.includes('missed a pong'))).toBe(true);
    expect(p.stats().reconnects).toBe(1);
  });
});
