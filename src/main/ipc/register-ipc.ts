import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { MotifError } from '../../core/errors/index.ts';
import { INVOKE_CHANNELS, type IpcEnvelope } from '../../shared/ipc-contract.ts';
import { isTrustedSender, type IpcSenderInfo, type TrustedSender } from '../security/sender-policy.ts';
import type { IpcDispatcher } from './ipc-dispatcher.ts';

function senderInfo(event: IpcMainInvokeEvent): IpcSenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url,
    isMainFrame: frame !== null && frame.parent === null,
  };
}

const refused = (): IpcEnvelope => ({
  ok: false,
  error: new MotifError('invalid_request', { param: 'sender', message: 'Only the Motif window may call the app.' }).toJSON(),
});

/**
 * Registers every contract channel on `ipcMain`, each through the same gate:
 * the sender check first, then the shared dispatcher (validation, engine call,
 * answer validation, error envelope). Returns the function that removes them.
 */
export function registerIpc(dispatcher: IpcDispatcher, trusted: () => TrustedSender): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!isTrustedSender(senderInfo(event), trusted())) {
        console.warn(`Refused ${channel} from an untrusted sender`);
        return refused();
      }
      return dispatcher.dispatch(channel, payload);
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
