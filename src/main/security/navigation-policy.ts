import { PROVIDERS } from '../../core/providers/provider-list.ts';
import type { AppEntry } from './app-entry.ts';

/**
 * Sites the app may open in the user's browser: where designers get their API
 * keys, as each provider's descriptor lists them. Exact host names; https only.
 */
const EXTERNAL_HOST_ALLOWLIST: readonly string[] = PROVIDERS.flatMap((descriptor) => descriptor.hosts.links);

/** The one check before `shell.openExternal`: https, an allowlisted host, no credentials, the default port. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    EXTERNAL_HOST_ALLOWLIST.includes(parsed.hostname)
  );
}

/** What to do when the page tries to navigate or open a window. */
export interface NavigationDecision {
  /** Always false: the window only ever shows the app. */
  readonly allowInWindow: false;
  /** True when the URL is allowlisted and goes to the user's browser instead. */
  readonly openExternally: boolean;
}

/** `will-navigate`, `will-redirect` and `setWindowOpenHandler` all deny; allowlisted links open in the browser. */
export function decideNavigation(url: string): NavigationDecision {
  return { allowInWindow: false, openExternally: isAllowedExternalUrl(url) };
}

/**
 * Whether the window may fetch a network URL at all. The page is local, so only
 * the dev server (in development) is reachable: no remote content, ever.
 */
export function isAllowedNetworkRequest(url: string, entry: AppEntry): boolean {
  if (entry.kind !== 'dev-server') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const origin = new URL(entry.origin);
  const sameHost = parsed.host === origin.host;
  if (parsed.protocol === origin.protocol) return sameHost;
  // Vite's hot-reload socket.
  return sameHost && parsed.protocol === (origin.protocol === 'https:' ? 'wss:' : 'ws:');
}
