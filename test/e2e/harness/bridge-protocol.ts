/**
 * Frames on the harness's loopback WebSocket between the test page's
 * `window.motif` and the engine. They carry the IPC contract's channels,
 * requests, envelopes and events unchanged: the socket stands in for Electron
 * IPC and nothing else.
 */

/** Page → engine. */
export type PageFrame =
  | { readonly type: 'invoke'; readonly id: number; readonly channel: string; readonly request?: unknown }
  /** The page fired `load`: the harness's `did-finish-load`. */
  | { readonly type: 'ready' };

/** Engine → page. */
export type EngineFrame =
  | { readonly type: 'result'; readonly id: number; readonly envelope: unknown }
  | { readonly type: 'event'; readonly event: string; readonly payload: unknown };

/** What the page script reads from `globalThis.__motifHarness`. */
export interface PageBridgeConfig {
  /** The app's origin; documents from anywhere else (the first about:blank) get no bridge. */
  readonly origin: string;
  readonly socketUrl: string;
  /** `http://127.0.0.1:<port>/media`; thumbnails are `<mediaBase>/thumb/<id>`. */
  readonly mediaBase: string;
}

export const PAGE_CONFIG_GLOBAL = '__motifHarness';

/**
 * Electron IPC carries a `Uint8Array` (an image file dropped onto the studio,
 * a painted mask) by structured clone; JSON cannot, so the socket tags bytes
 * as `{ "__motifBytes": "<base64>" }` and the other end turns them back.
 */
export const BYTES_TAG = '__motifBytes';
