/**
 * Runs in the test page before any of the app's scripts (Playwright init
 * script): installs `window.motif` from the same `createBridge` the preload
 * uses, over a WebSocket to the harness instead of Electron IPC.
 */
import { createBridge, type BridgeTransport } from '../../../src/shared/create-bridge.ts';
import { BYTES_TAG, type EngineFrame, type PageBridgeConfig, type PageFrame } from './bridge-protocol.ts';

const config = (globalThis as unknown as Record<string, PageBridgeConfig | undefined>).__motifHarness;
if (config && location.origin === config.origin) installBridge(config);

function installBridge(config: PageBridgeConfig): void {
  const socket = new WebSocket(config.socketUrl);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('The test bridge socket failed')), { once: true });
  });
  // Calls report a failed socket; nothing else should see it as unhandled.
  opened.catch(() => undefined);
  const pending = new Map<number, { resolve: (envelope: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  const send = (frame: PageFrame): void =>
    socket.send(JSON.stringify(frame, (_key, value: unknown) => (value instanceof Uint8Array ? { [BYTES_TAG]: toBase64(value) } : value)));

  socket.addEventListener('message', (message) => {
    const frame = JSON.parse(String(message.data)) as EngineFrame;
    if (frame.type === 'result') {
      pending.get(frame.id)?.resolve(frame.envelope);
      pending.delete(frame.id);
    } else {
      for (const listener of [...(listeners.get(frame.event) ?? [])]) listener(frame.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const { reject } of pending.values()) reject(new Error('The test bridge closed'));
    pending.clear();
  });
  window.addEventListener(
    'load',
    () =>
      void opened.then(
        () => send({ type: 'ready' }),
        () => undefined,
      ),
    { once: true },
  );

  const transport: BridgeTransport = {
    async invoke(channel, request) {
      await opened;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ type: 'invoke', id, channel, request });
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => void set.delete(listener);
    },
    mediaUrl: (kind, id) => `${config.mediaBase}/${kind}/${encodeURIComponent(id)}`,
  };

  // Like contextBridge.exposeInMainWorld: one read-only property.
  Object.defineProperty(window, 'motif', { value: createBridge(transport), writable: false, configurable: false, enumerable: true });
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
