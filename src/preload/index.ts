import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from '../shared/create-bridge.ts';
import { appMediaUrl } from '../shared/media-urls.ts';

// The whole preload: one typed `window.motif`, nothing else. No generic send,
// no raw ipcRenderer; main checks the sender and validates every payload.
contextBridge.exposeInMainWorld(
  'motif',
  createBridge({
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    subscribe: (event, listener) => {
      const forward = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(event, forward);
      return () => void ipcRenderer.removeListener(event, forward);
    },
    mediaUrl: appMediaUrl,
  }),
);
