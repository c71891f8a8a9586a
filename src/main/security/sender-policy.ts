import { isAppPageUrl, type AppEntry } from './app-entry.ts';

/** The facts about an IPC message's sender that main checks. */
export interface IpcSenderInfo {
  /** `event.sender.id`. */
  readonly webContentsId: number;
  /** `event.senderFrame?.url`; undefined when the frame is gone. */
  readonly frameUrl: string | undefined;
  /** Whether the sending frame is its page's main frame. */
  readonly isMainFrame: boolean;
}

export interface TrustedSender {
  /** The id of our window's webContents; undefined while there is no window. */
  readonly webContentsId: number | undefined;
  readonly entry: AppEntry;
}

/**
 * The one sender check every IPC message passes: it must come from the main
 * frame of our own window, showing our own page. Anything else (another
 * window, an iframe, a page the window was somehow navigated to) is refused.
 */
export function isTrustedSender(sender: IpcSenderInfo, trusted: TrustedSender): boolean {
  if (trusted.webContentsId === undefined || sender.webContentsId !== trusted.webContentsId) return false;
  if (!sender.isMainFrame || sender.frameUrl === undefined) return false;
  return isAppPageUrl(sender.frameUrl, trusted.entry);
}
