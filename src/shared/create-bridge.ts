import { ERROR_CODES } from '../core/errors/error-codes.ts';
import type { SerializedMotifError } from '../core/errors/motif-error.ts';
import { toBridgeError } from './bridge-error.ts';
import type { ChannelRequest, ChannelResult, EventChannel, EventPayload, InvokeChannel } from './ipc-contract.ts';
import type { MediaKind } from './media-urls.ts';
import type { MotifBridge } from './motif-bridge.ts';

/**
 * How a bridge reaches the engine. The preload implements it over Electron IPC;
 * the browser-test harness over a loopback WebSocket. Both carry the same
 * channels and envelopes, so the page cannot tell them apart.
 */
export interface BridgeTransport {
  /** Sends a request; resolves with the channel's envelope (`{ ok, value }` or `{ ok: false, error }`). */
  invoke(channel: InvokeChannel, request: unknown): Promise<unknown>;
  /** Listens to one event channel; returns the unsubscribe function. */
  subscribe(event: EventChannel, listener: (payload: unknown) => void): () => void;
  mediaUrl(kind: MediaKind, id: string): string;
}

const internalError = (message: string): SerializedMotifError => ({
  code: 'internal',
  message,
  userMessage: ERROR_CODES.internal.userMessage,
});

function unwrap(envelope: unknown): unknown {
  if (typeof envelope === 'object' && envelope !== null) {
    const { ok, value, error } = envelope as { ok?: unknown; value?: unknown; error?: unknown };
    if (ok === true) return value;
    if (ok === false && typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
      throw toBridgeError(error as SerializedMotifError);
    }
  }
  throw toBridgeError(internalError('The app sent a reply the window could not read.'));
}

/** One fan-out per event channel, so the transport holds one listener however many the UI adds. */
function eventFanOut<E extends EventChannel>(
  transport: BridgeTransport,
  event: E,
): (listener: (payload: EventPayload<E>) => void) => () => void {
  const listeners = new Set<(payload: EventPayload<E>) => void>();
  let unsubscribe: (() => void) | undefined;
  return (listener) => {
    const entry = (payload: EventPayload<E>): void => listener(payload);
    listeners.add(entry);
    unsubscribe ??= transport.subscribe(event, (payload) => {
      for (const each of [...listeners]) {
        try {
          each(payload as EventPayload<E>);
        } catch (error) {
          console.error(`A ${event} listener threw`, error);
        }
      }
    });
    return () => {
      listeners.delete(entry);
      if (listeners.size === 0 && unsubscribe) {
        unsubscribe();
        unsubscribe = undefined;
      }
    };
  };
}

/**
 * Builds `window.motif` over a transport. Calls resolve with the channel's
 * result or reject with a {@link BridgeError}. It only imports types from the
 * contract, so the sandboxed preload stays a small bundle without zod: main
 * validates, the page is untrusted.
 */
export function createBridge(transport: BridgeTransport): MotifBridge {
  const call = async <C extends InvokeChannel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResult<C>> => {
    let envelope: unknown;
    try {
      envelope = await transport.invoke(channel, request);
    } catch (error) {
      throw toBridgeError(
        internalError(`The call ${channel} did not reach the app: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    return unwrap(envelope) as ChannelResult<C>;
  };
  const onJobEvent = eventFanOut(transport, 'jobs:event');
  const onSnapshot = eventFanOut(transport, 'health:snapshot');

  const bridge: MotifBridge = {
    jobs: {
      submit: (input) => call('jobs:submit', input),
      estimate: (input) => call('jobs:estimate', input),
      cancel: (jobId) => call('jobs:cancel', { jobId }),
      list: () => call('jobs:list', undefined),
      resume: (jobId) => call('jobs:resume', { jobId }),
      discard: (jobId) => call('jobs:discard', { jobId }),
      onEvent: (listener) => onJobEvent(listener),
    },
    models: {
      search: (query) => call('models:search', query),
      pin: (air) => call('models:pin', { air }),
      unpin: (air) => call('models:unpin', { air }),
    },
    tasks: {
      submit: (input) => call('tasks:submit', input),
      estimate: (input) => call('tasks:estimate', input),
    },
    prompts: {
      enhance: (prompt, versions) => call('prompts:enhance', versions === undefined ? { prompt } : { prompt, versions }),
    },
    library: {
      list: (query) => call('library:list', query),
      get: (id) => call('library:get', { id }),
      setFavourite: (id, favourite) => call('library:set-favourite', { id, favourite }),
      delete: (ids) => call('library:delete', { ids: [...ids] }),
      undoDelete: (undoToken) => call('library:undo-delete', { undoToken }),
      export: (ids, kind, options) =>
        call('library:export', {
          ids: [...ids],
          kind,
          ...(options?.embedSettings === undefined ? {} : { embedSettings: options.embedSettings }),
        }),
      startDrag: (ids) => {
        call('library:start-drag', { ids: [...ids] }).catch((error: unknown) => console.warn('Drag-out failed', error));
      },
      openFolder: () => call('library:open-folder', undefined),
      copyImage: (id) => call('library:copy-image', { id }),
      showExported: (path) => call('library:show-exported', { path }),
      check: () => call('library:check', undefined),
      repair: () => call('library:repair', undefined),
      setTags: (id, tags) => call('library:set-tags', { id, tags: [...tags] }),
      tags: () => call('library:tags', undefined),
      importFiles: (files) =>
        call('library:import-files', { files: files.map(({ name, bytes }) => ({ name, bytes: bytes as Uint8Array<ArrayBuffer> })) }),
    },
    projects: {
      list: () => call('projects:list', undefined),
      create: (name) => call('projects:create', { name }),
      rename: (id, name) => call('projects:rename', { id, name }),
      delete: (id) => call('projects:delete', { id }),
      setCover: (id, entryId) => call('projects:set-cover', entryId === undefined ? { id } : { id, entryId }),
      add: (id, ids) => call('projects:add', { id, ids: [...ids] }),
      remove: (id, ids) => call('projects:remove', { id, ids: [...ids] }),
    },
    print: {
      preflight: (request) => call('print:preflight', request),
      export: (request) => call('print:export', request),
    },
    media: {
      thumbnailUrl: (id) => transport.mediaUrl('thumb', id),
      imageUrl: (id) => transport.mediaUrl('image', id),
      modelPreviewUrl: (air) => transport.mediaUrl('preview', air),
    },
    settings: {
      get: () => call('settings:get', undefined),
      update: (patch) => call('settings:update', patch),
      setKey: (name, value) => call('settings:set-key', { name, value }),
      clearKey: (name) => call('settings:clear-key', { name }),
      moveLibrary: () => call('settings:move-library', undefined),
      setServerEnabled: (enabled) => call('settings:set-server-enabled', { enabled }),
    },
    health: {
      snapshot: () => call('health:get-snapshot', undefined),
      onSnapshot: (listener) => onSnapshot(listener),
      setBreakerMode: (provider, mode) => call('health:set-breaker-mode', { provider, mode }),
      testConnection: (provider) => call('health:test-connection', { provider }),
    },
    app: {
      about: () => call('app:about', undefined),
    },
  };
  for (const section of Object.values(bridge)) Object.freeze(section);
  return Object.freeze(bridge);
}
