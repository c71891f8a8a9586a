import { readFile } from 'node:fs/promises';
import type { Session } from 'electron';
import { APP_SCHEME, respondWithAppAsset } from './app-asset.ts';

/** How `app:` is declared before the app is ready: standard and secure (so `'self'` and relative URLs work), no CSP bypass, no CORS, no service workers. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    bypassCSP: false,
    corsEnabled: false,
    allowServiceWorkers: false,
    stream: false,
  },
} as const;

/** Serves the built renderer on `app://motif/` for one session, with the given CSP on every response. */
export function handleAppProtocol(session: Session, options: { readonly rendererDir: string; readonly csp: string }): void {
  session.protocol.handle(APP_SCHEME, (request) =>
    respondWithAppAsset({
      rendererDir: options.rendererDir,
      url: request.url,
      method: request.method,
      csp: options.csp,
      readFile: (path) => readFile(path),
    }),
  );
}
