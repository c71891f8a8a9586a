import { shell } from 'electron';
import { isAllowedExternalUrl } from './navigation-policy.ts';

/** The only call to `shell.openExternal` in the app: allowlisted https sites, nothing else. */
export async function openExternalSafely(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) {
    console.warn(`Refused to open a link outside the allowlist: ${url.slice(0, 200)}`);
    return false;
  }
  await shell.openExternal(url);
  return true;
}
