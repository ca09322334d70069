import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';
import { createIpcDoorstep } from './preload-api';

// Sandboxed preload (bundled by scripts/build.mjs, since a sandboxed preload can require only a few
// modules): exposes window.doorstep through contextBridge. ipcRenderer itself is never exposed, and
// event callbacks are wrapped so the IPC event object (and its sender) never reaches the page.

const api = createIpcDoorstep(
  (message) => ipcRenderer.invoke(IPC_CALL, message),
  (handler) => ipcRenderer.on(IPC_EVENT, (_event, payload: unknown) => handler(payload)),
);

contextBridge.exposeInMainWorld('doorstep', api);
