import { isAbsolute, relative, resolve, sep } from 'node:path';

/** The app's own scheme and host: the window loads `app://motif/index.html`, never a `file:` URL. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'motif';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * The file under `rendererDir` that an `app://motif/…` URL names, or
 * undefined for anything else: another scheme or host, credentials or a port,
 * a `..` or `.` segment (plain or percent-encoded), an encoded slash or
 * backslash, a NUL, or a path that would resolve outside the folder. `/`
 * names `index.html`. Pure, so it is tested without Electron.
 */
export function resolveAppAsset(rendererDir: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (
    parsed.protocol !== `${APP_SCHEME}:` ||
    parsed.hostname !== APP_HOST ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.port !== ''
  )
    return undefined;
  const raw = parsed.pathname === '/' ? '/index.html' : parsed.pathname;
  const segments: string[] = [];
  for (const encoded of raw.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment) || /^[a-z]:/i.test(segment)) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0) return undefined;
  const root = resolve(rendererDir);
  const file = resolve(root, ...segments);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return undefined;
  return file;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  txt: 'text/plain; charset=utf-8',
};

/** The media type of an app file, by extension; unknown kinds are served as opaque bytes (and `nosniff`). */
export function appAssetContentType(file: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/**
 * Answers one `app://motif/…` request from the built renderer folder, with
 * the app's CSP on every response (a custom scheme's responses do not pass
 * through the session's header hook). Only GET and HEAD; anything that does
 * not resolve inside the folder, or is not a readable file, is a 404.
 */
export async function respondWithAppAsset(options: {
  readonly rendererDir: string;
  readonly url: string;
  readonly method: string;
  readonly csp: string;
  readonly readFile: (path: string) => Promise<Uint8Array>;
}): Promise<Response> {
  const headers = { 'content-security-policy': options.csp, 'x-content-type-options': 'nosniff' };
  if (options.method !== 'GET' && options.method !== 'HEAD')
    return new Response(null, { status: 405, headers: { ...headers, allow: 'GET, HEAD' } });
  const file = resolveAppAsset(options.rendererDir, options.url);
  if (file === undefined) return new Response(null, { status: 404, headers });
  let bytes: Uint8Array;
  try {
    bytes = await options.readFile(file);
  } catch {
    return new Response(null, { status: 404, headers });
  }
  return new Response(options.method === 'HEAD' ? null : new Uint8Array(bytes), {
    status: 200,
    headers: {
      ...headers,
      'content-type': appAssetContentType(file),
      'content-length': String(bytes.byteLength),
      'cache-control': 'no-cache',
    },
  });
}
