import type { ChannelName, RequestOf, ResponseOf } from '../../common/contract';
import { channels } from '../../common/contract';
import type { Result } from '../../common/result';
import { fail, ok } from '../../common/result';
import { isCode, type Code } from '../../common/codes';

/** Who sent a request: the frame's URL and whether it is the top frame. Electron and the Node host both fill it. */
export interface Sender {
  url: string;
  isMainFrame: boolean;
}

export type Handlers = {
  [C in ChannelName]: (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

/** The kiosk's own channels (the door), apart from the admin screen's. */
export type KioskChannelName = 'submitFrame' | 'reportState' | 'confirmLiveness' | 'getKioskInfo';
export type KioskHandlers = Pick<Handlers, KioskChannelName>;
export type AdminHandlers = Omit<Handlers, KioskChannelName>;

/** Thrown by a handler to answer with a specific code instead of INTERNAL_ERROR. */
export class CodedError extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

export interface DispatcherOptions {
  /** The only origin whose main frame may call us (app://facegate in Electron, the host's http origin in tests). */
  trustedOrigin: string;
  onRejected?: (channel: string, code: string, message: string) => void;
}

export type Dispatch = (channel: string, request: unknown, sender: Sender) => Promise<Result<unknown>>;

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // app:// URLs have an opaque origin ("null") in WHATWG URL; compare scheme+host instead.
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/**
 * The one wrapper every handler goes through: (1) the sender must be our own main frame on our
 * origin, (2) the request must satisfy the contract's schema, (3) the answer is a typed Result; a
 * handler's exception becomes a code, never a rejected promise the renderer has to guess about.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  const trusted = originOf(options.trustedOrigin);
  const reject = (channel: string, result: Result<never>): Result<never> => {
    if (!result.ok) options.onRejected?.(channel, result.code, result.message);
    return result;
  };
  return async (channel, request, sender) => {
    if (!Object.hasOwn(channels, channel)) {
      return reject(channel, fail('UNKNOWN_CHANNEL', `no such channel: ${channel}`));
    }
    if (!sender.isMainFrame || trusted === null || originOf(sender.url) !== trusted) {
      return reject(channel, fail('FORBIDDEN_SENDER', `sender ${sender.url} is not the kiosk's main frame`));
    }
    const name = channel as ChannelName;
    const parsed = channels[name].request.safeParse(request);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
      return reject(channel, fail('INVALID_REQUEST', where));
    }
    try {
      const handler = handlers[name] as (r: unknown) => Promise<unknown> | unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof CodedError) return reject(channel, fail(error.code, error.message));
      const code = isCode((error as { code?: unknown })?.code) ? (error as { code: never }).code : 'INTERNAL_ERROR';
      return reject(channel, fail(code, error instanceof Error ? error.message : String(error)));
    }
  };
}
