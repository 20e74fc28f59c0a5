import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannel } from '../common/contract';
import { buildKioskApi } from '../common/kiosk-api';

/**
 * window.kiosk and nothing else: named functions built from the contract, never ipcRenderer or a
 * generic send/on. Listeners get the payload alone; handing the renderer the IpcRendererEvent would
 * give it event.sender, i.e. ipcRenderer itself.
 */
const kiosk = buildKioskApi(
  (name, request) => ipcRenderer.invoke(ipcChannel(name), request),
  (event, listener) => {
    const channel = ipcChannel(event);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
);

contextBridge.exposeInMainWorld('kiosk', kiosk);
