import { ipcMain, type BrowserWindow } from 'electron';
import { CHANNEL_NAMES, ipcChannel, type EventName, type EventPayload } from '../common/contract';
import { createDispatcher, type Handlers } from '../core/ipc/dispatcher';
import { senderOfIpcEvent } from '../core/ipc/sender';
import type { Logger } from '../core/logger';
import { rendererEntry } from './app-origin';

/** Registers every contract channel through the one dispatcher (sender check, validation, Result). */
export function setupIpc(handlers: Handlers, log: Logger): void {
  const dispatch = createDispatcher(handlers, {
    trustedOrigin: rendererEntry().origin,
    onRejected: (channel, code, message) => log.warn({ channel, code, err: message }, 'ipc request refused'),
  });
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(name), (event, request: unknown) => dispatch(name, request, senderOfIpcEvent(event)));
  }
}

/** Pushes a contract event to the window; a closed window simply misses it. */
export function emit<E extends EventName>(win: BrowserWindow, event: E, payload: EventPayload<E>): void {
  if (win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(ipcChannel(event), payload);
}
