/**
 * Where the window's page comes from: the built `index.html` on disk, or, in
 * development only, the Vite dev server. Every origin check compares against it.
 */
export type AppEntry =
  | { readonly kind: 'file'; readonly indexUrl: string }
  | { readonly kind: 'dev-server'; readonly origin: string };

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True when `url` is the app's own page (any hash or query on the built file; any path on the dev server). */
export function isAppPageUrl(url: string, entry: AppEntry): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (entry.kind === 'dev-server') return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === entry.origin;
  const expected = parse(entry.indexUrl);
  if (!expected || parsed.protocol !== 'file:') return false;
  return parsed.host === expected.host && parsed.pathname === expected.pathname;
}
