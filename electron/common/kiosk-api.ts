import type { Result } from './result';
import type { ChannelName, EventName, EventPayload, RequestOf, ResponseOf } from './contract';
import { CHANNEL_NAMES, EVENT_NAMES } from './contract';

/**
 * The shape of window.kiosk: one named function per channel, and on<Event> subscriptions that give the
 * payload only and return an unsubscribe. Built from the contract by buildKioskApi so the Electron
 * preload and the Chromium host expose exactly the same surface.
 */
export type KioskApi = {
  [C in ChannelName]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export type Invoke = (channel: ChannelName, request: unknown) => Promise<unknown>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

export function buildKioskApi(invoke: Invoke, subscribe: Subscribe): KioskApi {
  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) {
    api[name] = (request: unknown) => invoke(name, request ?? null);
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`unknown event ${String(event)}`);
    return subscribe(event, listener);
  };
  return Object.freeze(api) as KioskApi;
}
