import type { Sender } from './dispatcher';

/** The parts of Electron's IpcMainInvokeEvent that say who asked; tests build them by hand. */
export interface IpcEventLike {
  readonly senderFrame: { readonly url: string; readonly detached?: boolean; isDestroyed?(): boolean } | null;
  readonly sender: { readonly mainFrame: unknown };
}

const NOBODY: Sender = { url: '', isMainFrame: false };

/**
 * Maps an IPC event to the dispatcher's Sender. Every doubtful case (frame gone or detached
 * mid-navigation, a getter that throws because the frame was disposed) becomes "nobody", which the
 * dispatcher refuses: a request from a frame we can no longer identify is not one to act on.
 */
export function senderOfIpcEvent(event: IpcEventLike): Sender {
  try {
    const frame = event.senderFrame;
    if (frame === null || frame.detached === true || frame.isDestroyed?.() === true) return NOBODY;
    // Identity, not URL: an iframe on our own origin has our URL but is not the main frame.
    return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
  } catch {
    return NOBODY;
  }
}
