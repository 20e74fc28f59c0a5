import type { Page } from 'playwright-core';
import { CHANNEL_NAMES, EVENT_NAMES, type EventName, type EventPayload } from '../common/contract';
import type { Dispatch } from '../core/ipc/dispatcher';

/** How bytes cross Playwright's JSON bridge: base64 in a tagged object, turned back into Uint8Array here. */
interface TaggedBytes {
  __bytes: string;
}

function reviveBytes(value: unknown): unknown {
  if (value && typeof value === 'object') {
    if (typeof (value as TaggedBytes).__bytes === 'string') {
      return new Uint8Array(Buffer.from((value as TaggedBytes).__bytes, 'base64'));
    }
    if (Array.isArray(value)) return value.map(reviveBytes);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveBytes(v)]));
  }
  return value;
}

/**
 * Runs in the page before any of its scripts: the Chromium counterpart of the Electron preload. It
 * builds window.kiosk with one function per contract channel over the exposed binding, and on()
 * subscriptions that hand listeners the payload only and return an unsubscribe.
 */
function installKioskBridge({ channels, events }: { channels: string[]; events: string[] }): void {
  type Listener = (payload: unknown) => void;
  const w = window as unknown as Record<string, unknown>;
  const invoke = w.__facegateInvoke as (channel: string, request: unknown) => Promise<unknown>;
  const listeners = new Map<string, Set<Listener>>();
  const encode = (value: unknown): unknown => {
    if (value instanceof Uint8Array) {
      let binary = '';
      for (let i = 0; i < value.length; i += 0x8000) {
        binary += String.fromCharCode(...value.subarray(i, i + 0x8000));
      }
      return { __bytes: btoa(binary) };
    }
    if (Array.isArray(value)) return value.map(encode);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
    }
    return value;
  };
  const api: Record<string, unknown> = {};
  for (const name of channels) api[name] = (request: unknown) => invoke(name, encode(request ?? null));
  api.on = (event: string, listener: Listener) => {
    if (!events.includes(event)) throw new Error(`unknown event ${event}`);
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  Object.defineProperty(window, 'kiosk', { value: Object.freeze(api), enumerable: true });
  Object.defineProperty(window, '__facegateEmit', {
    value: (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)),
  });
}

export interface KioskBinding {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): Promise<void>;
}

/**
 * Binds window.kiosk in a Chromium page to the same dispatcher Electron's main uses, so the browser
 * tests and the simulator go through the real sender check, validation and handlers.
 */
export async function bindKiosk(page: Page, dispatch: Dispatch): Promise<KioskBinding> {
  await page.exposeBinding('__facegateInvoke', (source, channel: unknown, request: unknown) =>
    dispatch(String(channel), reviveBytes(request), {
      url: source.frame.url(),
      isMainFrame: source.frame === source.page.mainFrame(),
    }),
  );
  const args = JSON.stringify({ channels: CHANNEL_NAMES, events: EVENT_NAMES });
  // The bridge is shipped as its own source text. Some transpilers (esbuild with keepNames, used by
  // tsx) wrap named functions in a __name() helper that does not exist in the page: define it as a no-op.
  await page.addInitScript({
    content: `(() => { var __name = (f) => f; (${installKioskBridge.toString()})(${args}); })();`,
  });
  return {
    async emit(event, payload) {
      await page.evaluate(
        ([e, p]) => (window as unknown as { __facegateEmit(e: string, p: unknown): void }).__facegateEmit(e, p),
        [event, payload] as const,
      );
    },
  };
}
