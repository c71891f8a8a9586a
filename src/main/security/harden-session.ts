import type { Session } from 'electron';
import type { AppEntry } from './app-entry.ts';
import { withContentSecurityPolicy } from './content-security-policy.ts';
import { isAllowedNetworkRequest } from './navigation-policy.ts';
import { isPermissionAllowed } from './permission-policy.ts';

const NETWORK_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

/**
 * Locks down the window's session: permission requests and checks denied
 * (bar clipboard writes from our page), devices denied, downloads refused,
 * every network request the page makes refused unless it goes to the dev
 * server, and our CSP on every HTTP response (the built page comes from the
 * `app:` scheme, whose handler sets the same policy, as does its `<meta>`).
 */
export function hardenSession(session: Session, options: { readonly entry: AppEntry; readonly csp: string }): void {
  const { entry, csp } = options;
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, entry));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    return isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, entry);
  });
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: NETWORK_URLS }, (details, callback) => {
    const allowed = isAllowedNetworkRequest(details.url, entry);
    if (!allowed) console.warn(`Blocked a network request from the window: ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, csp) });
  });
  session.on('will-download', (event) => event.preventDefault());
}
