import { APP_HOST, APP_SCHEME } from '../app-protocol/app-asset.ts';

/**
 * Where the window's page comes from: the built renderer served on the app's
 * own `app://motif/` scheme (never `file:`, so `'self'` in the CSP covers the
 * app's files and nothing else on disk), or, in development only, the Vite dev
 * server. Every origin check compares against it.
 */
export type AppEntry =
  { readonly kind: 'app-protocol'; readonly indexUrl: string } | { readonly kind: 'dev-server'; readonly origin: string };

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True when `url` is the app's own page (its index with any hash or query; any path on the dev server). */
export function isAppPageUrl(url: string, entry: AppEntry): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (entry.kind === 'dev-server') return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === entry.origin;
  const expected = parse(entry.indexUrl);
  if (!expected || parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '' || parsed.username !== '')
    return false;
  return parsed.host === expected.host && (parsed.pathname === expected.pathname || parsed.pathname === '/');
}
