import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { seededRandom } from '../../../src/core/util/random.ts';
import { closeServer, listen, serveImage, urlHost } from '../emulator-http.ts';
import { EmulatorTimers } from '../emulator-timers.ts';
import { FaultController, type FaultSpec, type LatencySpec } from '../faults.ts';
import { ImageStore } from '../image-store.ts';
import { RunwareEngine, type RunwareEmulatorStats } from './runware-engine.ts';
import { EMULATED_MODEL_COSTS } from './runware-model-catalogue.ts';
import { errorItem } from './runware-errors.ts';
import { handleRunwareRest } from './runware-rest.ts';
import { RunwareTaskStore } from './runware-task-store.ts';
import { RunwareWsSession } from './runware-ws-session.ts';

export interface RunwareEmulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** When set, only this key authenticates; otherwise any non-empty key does. */
  readonly apiKey?: string;
  /** Per task; default `{kind:'fixed', ms:0}`. */
  readonly latency?: LatencySpec;
  readonly faults?: FaultSpec;
  /** `cost` per image when `includeCost` is set; default 0.0013 (the docs' sample). */
  readonly costPerImageUsd?: number;
  /** Per-model prices that override `costPerImageUsd`, keyed by AIR (e.g. `runware:101@1`). */
  readonly costTable?: Readonly<Record<string, number>>;
  /** `cost` per promptEnhance version; default 0 (the docs' samples). */
  readonly costPerPromptEnhanceUsd?: number;
  /** Cost of one tool call (upscale, removeBackground, caption, vectorize) with `includeCost` (default 0.002). */
  readonly costPerToolUsd?: number;
  /** width/height must be multiples of this; default 64 (docs snapshot 2025-10). */
  readonly dimensionMultiple?: number;
  /** Close WS sockets idle this long; default 120000; 0 disables. */
  readonly idleTimeoutMs?: number;
  /** Seeds every random choice (ids, seeds, latency, faults); default 1. */
  readonly seed?: number;
  /**
   * Start refusing WebSocket upgrades with HTTP 503 while REST keeps working,
   * as during a WS-only outage; default false. See `setWebSocketAccepting`.
   */
  readonly rejectWebSocketUpgrades?: boolean;
  /** Leave this many pings unanswered from the start, or all of them; default 0. See `faults.suppressPongs`. */
  readonly suppressPongs?: number | 'all';
}

export interface RunwareEmulator {
  /** `ws://HOST:PORT/v1` */
  readonly wsUrl: string;
  /** `http://HOST:PORT/v1` */
  readonly restUrl: string;
  readonly port: number;
  readonly faults: FaultController;
  /** Live counters. */
  readonly stats: RunwareEmulatorStats;
  setLatency(spec: LatencySpec): void;
  /**
   * `false`: refuse new WebSocket upgrades with HTTP 503 (REST and images stay
   * up); sockets already open are left alone (call `dropAllSockets` too for a
   * full WS outage). `true`: accept upgrades again.
   */
  setWebSocketAccepting(accepting: boolean): void;
  /** Kills every open WebSocket, as a network blip would. */
  dropAllSockets(): void;
  close(): Promise<void>;
}

/** What the catalogue's community models cost (the built-in FLUX models keep `costPerImageUsd`, as tests expect). */
const COMMUNITY_MODEL_COSTS = Object.fromEntries(Object.entries(EMULATED_MODEL_COSTS).filter(([air]) => !air.startsWith('runware:')));

/**
 * Starts a local Runware API (§9 of the Runware protocol reference, shared/design/runware-api.md): WebSocket
 * and REST on `/v1`, images at `/img/<uuid>.<ext>`, with fault injection.
 * Faithful enough that `@runware/sdk-js` cannot tell it from the real one.
 */
export async function startRunwareEmulator(options: RunwareEmulatorOptions = {}): Promise<RunwareEmulator> {
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? 1;
  const timers = new EmulatorTimers();
  const faults = new FaultController(seededRandom(seed ^ 0x5eed_fa17), options.faults);
  let latency: LatencySpec = options.latency ?? { kind: 'fixed', ms: 0 };
  let origin = '';
  if (options.suppressPongs !== undefined) faults.suppressPongs(options.suppressPongs);
  let acceptingWebSockets = options.rejectWebSocketUpgrades !== true;
  const stats: RunwareEmulatorStats = {
    connections: 0,
    openSockets: 0,
    authentications: 0,
    authFailures: 0,
    pings: 0,
    pongsSuppressed: 0,
    rejectedUpgrades: 0,
    tasks: {},
    imagesGenerated: 0,
    restRequests: 0,
    inferenceModels: {},
    loraWeights: {},
  };
  const idRandom = seededRandom(seed);
  const images = new ImageStore();
  const engine = new RunwareEngine({
    timers,
    faults,
    images,
    stats,
    store: new RunwareTaskStore(),
    random: idRandom,
    latencyRandom: seededRandom(seed ^ 0x1a7e_9c11),
    latency: () => latency,
    origin: () => origin,
    dimensionMultiple: options.dimensionMultiple ?? 64,
    costPerImageUsd: options.costPerImageUsd ?? 0.0013,
    costTable: { ...COMMUNITY_MODEL_COSTS, ...options.costTable },
    costPerPromptEnhanceUsd: options.costPerPromptEnhanceUsd ?? 0,
    costPerToolUsd: options.costPerToolUsd ?? 0.002,
  });

  const server = createServer((req, res) => {
    if (serveImage(images, req, res)) return;
    const path = new URL(req.url ?? '/', 'http://emulator').pathname.replace(/\/+$/, '');
    if (req.method === 'POST' && path === '/v1') {
      handleRunwareRest(req, res, { engine, faults, timers, stats, apiKey: options.apiKey }).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'internalServerError', message: String(error) }] }));
      });
      return;
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ errors: [{ code: 'notFound', message: `No route for ${req.method} ${path}` }] }));
  });

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    // Query (`?sdk=js&version=…`) and SDK headers are ignored, as the real server does.
    const path = new URL(req.url ?? '/', 'http://emulator').pathname.replace(/\/+$/, '');
    if (path !== '/v1') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!acceptingWebSockets) {
      stats.rejectedUpgrades += 1;
      socket.end(serviceUnavailableResponse());
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      stats.connections += 1;
      stats.openSockets += 1;
      sockets.add(ws);
      ws.on('close', () => {
        sockets.delete(ws);
        stats.openSockets -= 1;
      });
      new RunwareWsSession(ws, {
        engine,
        timers,
        stats,
        faults,
        random: idRandom,
        apiKey: options.apiKey,
        idleTimeoutMs: options.idleTimeoutMs ?? 120_000,
      });
    });
  });

  const port = await listen(server, options.port ?? 0, host);
  origin = `http://${urlHost(host)}:${port}`;
  return {
    wsUrl: `ws://${urlHost(host)}:${port}/v1`,
    restUrl: `${origin}/v1`,
    port,
    faults,
    stats,
    setLatency: (spec) => {
      latency = spec;
    },
    setWebSocketAccepting: (accepting) => {
      acceptingWebSockets = accepting;
    },
    dropAllSockets: () => {
      for (const ws of sockets) ws.terminate();
    },
    close: async () => {
      timers.close();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await closeServer(server);
    },
  };
}

/** The raw HTTP answer to a refused upgrade: 503 with a Runware error body, then close. */
function serviceUnavailableResponse(): string {
  const body = JSON.stringify({
    errors: [
      errorItem(
        'serviceUnavailable',
        {},
        { message: 'WebSocket connections are not being accepted right now. Use REST or retry shortly.' },
      ),
    ],
  });
  return [
    'HTTP/1.1 503 Service Unavailable',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
