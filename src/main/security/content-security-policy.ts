import { MEDIA_SCHEME } from '../../shared/media-urls.ts';

type Directives = Readonly<Record<string, readonly string[]>>;

/**
 * The production policy. Nothing remote, no inline or eval'd script, no
 * inline style elements; images from the app's files and the library's
 * `motif-media:` scheme; connections only to the page's own origin (the
 * browser-test bridge; the app itself uses IPC and connects nowhere).
 */
const PRODUCTION_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:', `${MEDIA_SCHEME}:`],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

function serialize(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The CSP of the built app, as the `<meta>` in `src/renderer/index.html` and the header main sets. */
export const PRODUCTION_CSP = serialize(PRODUCTION_DIRECTIVES);

/**
 * The policy while running `electron-vite dev`: Vite injects inline styles and
 * React's refresh preamble, and keeps a socket to the dev server. Never used
 * by a packaged app.
 */
export function developmentCsp(devServerOrigin: string): string {
  const origin = new URL(devServerOrigin);
  const socket = `${origin.protocol === 'https:' ? 'wss' : 'ws'}://${origin.host}`;
  return serialize({
    ...PRODUCTION_DIRECTIVES,
    'script-src': ["'self'", "'unsafe-inline'", origin.origin],
    'style-src': ["'self'", "'unsafe-inline'", origin.origin],
    'connect-src': ["'self'", origin.origin, socket],
  });
}

/**
 * Response headers with our policy in place of any the response brought
 * (a header policy only adds to a `<meta>` one, so both must be strict).
 */
export function withContentSecurityPolicy(
  headers: Readonly<Record<string, string | readonly string[]>> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only' || lower === 'x-content-type-options')
      continue;
    result[name] = typeof value === 'string' ? [value] : [...value];
  }
  result['Content-Security-Policy'] = [policy];
  result['X-Content-Type-Options'] = ['nosniff'];
  return result;
}
