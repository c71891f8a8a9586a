import { isAppPageUrl, type AppEntry } from './app-entry.ts';

/**
 * Web permissions the page may have. Everything is denied (camera, mic,
 * notifications, geolocation, HID, serial, …) except writing text to the
 * clipboard from our own page, so "copy prompt" works; reading the clipboard
 * stays denied.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, entry: AppEntry): boolean {
  return permission === 'clipboard-sanitized-write' && requestingUrl !== undefined && isAppPageUrl(requestingUrl, entry);
}
