import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MotifApi } from '../../../src/core/service/motif-api.ts';
import { EventRelay, relayServiceEvents } from '../../../src/main/ipc/event-relay.ts';
import type { IpcDispatcher } from '../../../src/main/ipc/ipc-dispatcher.ts';
import { mediaTargetOf, respondWithMedia } from '../../../src/main/media/media-responder.ts';
import { BYTES_TAG, type EngineFrame, type PageFrame } from './bridge-protocol.ts';

/** One frame that crossed the bridge, as JSON text. A `settings:set-key` value is redacted before it is recorded. */
export interface BridgeFrame {
  readonly direction: 'to-engine' | 'to-page';
  readonly text: string;
}

export interface BridgeServerOptions {
  readonly service: MotifApi;
  readonly dispatcher: IpcDispatcher;
  /** The built renderer to serve at `/`. */
  readonly rendererDir: string;
  /** Sent as a header on every page response, as main sends it in the app. */
  readonly csp: string;
  readonly record: (frame: BridgeFrame) => void;
}

export interface BridgeServer {
  /** `http://127.0.0.1:<port>`: the page, the media and the socket share it, so the CSP's 'self' covers all three. */
  readonly origin: string;
  readonly socketUrl: string;
  readonly mediaBase: string;
  close(): Promise<void>;
}

const MEDIA_PREFIX = '/__motif/media/';
const SOCKET_PATH = '/__motif/bridge';
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** Turns the page's tagged bytes back into the `Uint8Array` Electron IPC would deliver. */
function withBytes(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const tagged = (value as Record<string, unknown>)[BYTES_TAG];
  return typeof tagged === 'string' && Object.keys(value).length === 1 ? new Uint8Array(Buffer.from(tagged, 'base64')) : value;
}

function redacted(text: string): string {
  const frame = JSON.parse(text, withBytes) as PageFrame;
  if (frame.type !== 'invoke' || frame.channel !== 'settings:set-key' || typeof frame.request !== 'object' || frame.request === null)
    return text;
  return JSON.stringify({ ...frame, request: { ...frame.request, value: '[redacted]' } });
}

async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

/**
 * The harness's stand-in for the Electron shell: serves the built renderer
 * (with the app's CSP), library media over HTTP, and the bridge socket whose
 * every call goes through the same dispatcher main registers on `ipcMain`.
 */
export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const token = randomBytes(16).toString('hex');
  const rendererRoot = normalize(options.rendererDir + sep);
  let origin = '';

  const serveStatic = async (pathname: string, res: ServerResponse): Promise<void> => {
    const relativePath = decodeURIComponent(pathname).replace(/^\/+/, '');
    let file = normalize(join(rendererRoot, relativePath || 'index.html'));
    if (!file.startsWith(rendererRoot)) return void res.writeHead(403).end();
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      if (extname(file) !== '') return void res.writeHead(404).end();
      file = join(rendererRoot, 'index.html');
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': options.csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(await readFile(file));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handled = url.pathname.startsWith(MEDIA_PREFIX)
      ? (async () => {
          const [kind = '', ...rest] = url.pathname.slice(MEDIA_PREFIX.length).split('/');
          const target = url.search === '' ? mediaTargetOf(kind, `/${rest.join('/')}`) : undefined;
          await sendWebResponse(res, await respondWithMedia(options.service, target, req.method));
        })()
      : serveStatic(url.pathname, res);
    handled.catch((error: unknown) => {
      console.error('motif harness: request failed', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // The harness's sender check: our page's origin and the per-run token, or nothing.
    if (url.pathname !== SOCKET_PATH || url.searchParams.get('token') !== token || req.headers.origin !== origin) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws));
  });

  sockets.on('connection', (ws: WebSocket) => {
    const send = (frame: EngineFrame): void => {
      const text = JSON.stringify(frame);
      options.record({ direction: 'to-page', text });
      if (ws.readyState === ws.OPEN) ws.send(text);
    };
    const relay = new EventRelay({ send: (event, payload) => send({ type: 'event', event, payload }) });
    const stopEvents = relayServiceEvents(options.service, relay);
    ws.on('message', (data) => {
      const text = String(data);
      let frame: PageFrame;
      try {
        options.record({ direction: 'to-engine', text: redacted(text) });
        frame = JSON.parse(text, withBytes) as PageFrame;
      } catch {
        ws.close(1003, 'not JSON');
        return;
      }
      if (frame.type === 'ready') return relay.pageReady();
      if (frame.type !== 'invoke' || !Number.isSafeInteger(frame.id)) return;
      void options.dispatcher.dispatch(frame.channel, frame.request).then((envelope) => send({ type: 'result', id: frame.id, envelope }));
    });
    ws.on('close', () => {
      stopEvents();
      relay.dispose();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    socketUrl: `ws://127.0.0.1:${port}${SOCKET_PATH}?token=${token}`,
    mediaBase: `${origin}${MEDIA_PREFIX.slice(0, -1)}`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
