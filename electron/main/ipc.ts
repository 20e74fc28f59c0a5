import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, ipcChannel, type EventName, type EventPayload } from '../common/contract';
import { createDispatcher, type Handlers, type Sender } from '../core/ipc/dispatcher';
import type { Logger } from '../core/logger';
import { APP_ORIGIN } from './app-origin';

/**
 * Who asked. senderFrame is null once the frame navigated or was destroyed: an empty URL then
 * fails the dispatcher's origin check, which is what a request from a vanished frame deserves.
 */
function senderOf(event: IpcMainInvokeEvent): Sender {
  const frame = event.senderFrame;
  return { url: frame?.url ?? '', isMainFrame: frame !== null && frame === event.sender.mainFrame };
}

/** Registers every contract channel through the one dispatcher (sender check, validation, Result). */
export function setupIpc(handlers: Handlers, log: Logger): void {
  const dispatch = createDispatcher(handlers, {
    trustedOrigin: APP_ORIGIN,
    onRejected: (channel, code, message) => log.warn({ channel, code, err: message }, 'ipc request refused'),
  });
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(name), (event, request: unknown) => dispatch(name, request, senderOf(event)));
  }
}

/** Pushes a contract event to the window; a closed window simply misses it. */
export function emit<E extends EventName>(win: BrowserWindow, event: E, payload: EventPayload<E>): void {
  if (win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(ipcChannel(event), payload);
}
