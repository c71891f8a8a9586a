import type { WebContents } from 'electron';
import { decideNavigation } from './navigation-policy.ts';
import { openExternalSafely } from './open-external.ts';

/**
 * Applied to every webContents the app creates: no navigation away from the
 * app, no new windows, no <webview>. Links to allowlisted sites (where keys
 * are issued) open in the user's browser instead.
 */
export function hardenWebContents(contents: WebContents): void {
  const deny = (event: { preventDefault(): void }, url: string): void => {
    event.preventDefault();
    if (decideNavigation(url).openExternally) void openExternalSafely(url);
  };
  contents.on('will-navigate', (event, url) => deny(event, url));
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (decideNavigation(url).openExternally) void openExternalSafely(url);
    return { action: 'deny' };
  });
}
