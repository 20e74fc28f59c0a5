import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../../../electron/common/contract';
import { createDispatcher, type Handlers } from '../../../../electron/core/ipc/dispatcher';
import { senderOfIpcEvent, type IpcEventLike } from '../../../../electron/core/ipc/sender';
import { readFixture } from '../../../support/fixtures';

/** A WebFrameMain stand-in: the identity of the object is what tells the main frame from the others. */
function frame(url: string, extra: { detached?: boolean; destroyed?: boolean } = {}) {
  return { url, detached: extra.detached ?? false, isDestroyed: () => extra.destroyed ?? false };
}

/** An IpcMainInvokeEvent from `sent`, in a window whose main frame is `main`. */
const event = (sent: IpcEventLike['senderFrame'], main: unknown = sent): IpcEventLike => ({
  senderFrame: sent,
  sender: { mainFrame: main },
});

const PAGE = 'app://facegate/index.html';

describe('senderOfIpcEvent', () => {
  it("maps our window's main frame to its URL, as the main frame", () => {
    expect(senderOfIpcEvent(event(frame(PAGE)))).toEqual({ url: PAGE, isMainFrame: true });
  });

  it('maps a sub-frame on our own origin as not the main frame', () => {
    const main = frame(PAGE);
    expect(senderOfIpcEvent(event(frame('app://facegate/iframe.html'), main))).toEqual({
      url: 'app://facegate/iframe.html',
      isMainFrame: false,
    });
    // Same URL as the main frame, still another frame.
    expect(senderOfIpcEvent(event(frame(PAGE), main)).isMainFrame).toBe(false);
  });

  it('maps a destroyed frame (senderFrame null) to nobody', () => {
    expect(senderOfIpcEvent(event(null, frame(PAGE)))).toEqual({ url: '', isMainFrame: false });
  });

  it('maps a frame that is detached or destroyed mid-request to nobody', () => {
    const detached = frame(PAGE, { detached: true });
    expect(senderOfIpcEvent(event(detached))).toEqual({ url: '', isMainFrame: false });
    const destroyed = frame(PAGE, { destroyed: true });
    expect(senderOfIpcEvent(event(destroyed))).toEqual({ url: '', isMainFrame: false });
  });

  it('maps a frame whose properties throw (disposed under us) to nobody', () => {
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(senderOfIpcEvent(event(disposed))).toEqual({ url: '', isMainFrame: false });
  });

  it('reports the URL of a main frame on another origin or file:// as it is, for the dispatcher to refuse', () => {
    expect(senderOfIpcEvent(event(frame('https://evil.example/')))).toEqual({
      url: 'https://evil.example/',
      isMainFrame: true,
    });
    expect(senderOfIpcEvent(event(frame('file:///tmp/index.html')))).toEqual({
      url: 'file:///tmp/index.html',
      isMainFrame: true,
    });
  });
});

describe('senderOfIpcEvent with the dispatcher (the path main wires)', () => {
  const reached: string[] = [];
  // Only the kiosk's channels are exercised; the others are never reached.
  const handlers = {
    submitFrame: () => {
      reached.push('submitFrame');
      return { attemptId: 1, decision: 'denied', code: 'NO_MATCH', online: true, doorOpened: false, latencyMs: 1 };
    },
    reportState: () => {
      reached.push('reportState');
      return null;
    },
    getKioskInfo: () => {
      throw new Error('not used');
    },
  } as unknown as Handlers;
  const dispatch = createDispatcher(handlers, { trustedOrigin: 'app://facegate' });
  const jpeg = readFixture('obama-2.jpg');
  const meta = { faceScore: 0.9, faceBox: [1, 2, 300, 320], frameWidth: 640, frameHeight: 480, framesConsidered: 2 };
  const main = frame(PAGE);

  it.each([
    ['a sub-frame on our origin', event(frame(PAGE), main)],
    ['a destroyed frame', event(null, main)],
    ['another origin', event(frame('https://evil.example/'))],
    ['a file page', event(frame('file:///tmp/index.html'))],
  ])('refuses %s with FORBIDDEN_SENDER before any handler runs', async (_what, ipcEvent) => {
    reached.length = 0;
    const result = await dispatch('reportState', { state: 'searching' }, senderOfIpcEvent(ipcEvent));
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    expect(reached).toEqual([]);
  });

  it('accepts our main frame', async () => {
    reached.length = 0;
    expect(await dispatch('reportState', { state: 'searching' }, senderOfIpcEvent(event(main)))).toEqual({
      ok: true,
      value: null,
    });
    expect(reached).toEqual(['reportState']);
  });

  it.each([
    [
      'a frame one byte over the limit',
      { image: new Uint8Array(MAX_FRAME_BYTES + 1).fill(0xff), mime: 'image/jpeg', meta },
    ],
    ['an empty frame', { image: new Uint8Array(0), mime: 'image/jpeg', meta }],
    [
      'bytes that are not a JPEG',
      { image: new TextEncoder().encode('<svg onload=alert(1)>'), mime: 'image/jpeg', meta },
    ],
    ['an image sent as a string', { image: 'data:image/jpeg;base64,AAAA', mime: 'image/jpeg', meta }],
    ['a frame without its metadata', { image: jpeg, mime: 'image/jpeg' }],
    ['no request at all', undefined],
    ['a request that is not an object', 'open the door'],
  ])('refuses %s from our own main frame with INVALID_REQUEST', async (_what, request) => {
    reached.length = 0;
    const result = await dispatch('submitFrame', request, senderOfIpcEvent(event(main)));
    expect(result).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(reached).toEqual([]);
  });

  it('passes a valid frame from our own main frame to the handler', async () => {
    reached.length = 0;
    const result = await dispatch(
      'submitFrame',
      { image: jpeg, mime: 'image/jpeg', meta },
      senderOfIpcEvent(event(main)),
    );
    expect(result).toMatchObject({ ok: true });
    expect(reached).toEqual(['submitFrame']);
  });
});
