import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../../electron/common/decision';
import { CodedError, createDispatcher, type Handlers, type Sender } from '../../../../electron/core/ipc/dispatcher';
import { withoutAdmin } from '../../../../electron/core/kiosk-runtime';
import { readFixture } from '../../../support/fixtures';

const ORIGIN = 'app://facegate';
const ours: Sender = { url: 'app://facegate/index.html', isMainFrame: true };
const frame = {
  image: readFixture('obama-2.jpg'),
  mime: 'image/jpeg',
  meta: { faceScore: 0.9, faceBox: [1, 2, 300, 320], frameWidth: 640, frameHeight: 480, framesConsidered: 2 },
};
const granted: Decision = {
  attemptId: 7,
  decision: 'granted',
  code: 'OK',
  user: { userId: 'u-1' },
  online: true,
  doorOpened: true,
  latencyMs: 12,
};

/** Handlers that record what reached them, so a test can prove a rejected call never got this far. */
function setup(overrides: Partial<Handlers> = {}) {
  const reached: string[] = [];
  const rejected: Array<[string, string]> = [];
  const handlers: Handlers = withoutAdmin({
    submitFrame: (r) => {
      reached.push(`submitFrame:${r.image.byteLength}`);
      return granted;
    },
    reportState: () => {
      reached.push('reportState');
      return null;
    },
    confirmLiveness: () => null,
    getKioskInfo: () => {
      throw new Error('not used');
    },
  });
  Object.assign(handlers, overrides);
  const dispatch = createDispatcher(handlers, {
    trustedOrigin: ORIGIN,
    onRejected: (ch, code) => rejected.push([ch, code]),
  });
  return { dispatch, reached, rejected };
}

describe('createDispatcher sender checks', () => {
  it.each([
    ['another scheme and host', 'https://evil.example/index.html'],
    ['a look-alike host', 'app://facegate.evil/index.html'],
    ['a file page', 'file:///tmp/index.html'],
    ['an unparseable URL', 'not a url'],
  ])('refuses %s with FORBIDDEN_SENDER', async (_what, url) => {
    const { dispatch, reached, rejected } = setup();
    const result = await dispatch('submitFrame', frame, { url, isMainFrame: true });
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    expect(reached).toEqual([]);
    expect(rejected).toEqual([['submitFrame', 'FORBIDDEN_SENDER']]);
  });

  it('refuses a sub-frame on our own origin (an injected iframe must not reach the verifier)', async () => {
    const { dispatch, reached } = setup();
    const result = await dispatch('submitFrame', frame, { ...ours, isMainFrame: false });
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    expect(reached).toEqual([]);
  });

  it('compares the port too for an http origin (the Node host)', async () => {
    const dispatch = createDispatcher(
      withoutAdmin({
        submitFrame: () => granted,
        reportState: () => null,
        confirmLiveness: () => null,
        getKioskInfo: () => ({}) as never,
      }),
      { trustedOrigin: 'http://127.0.0.1:5173' },
    );
    expect(
      await dispatch('reportState', { state: 'searching' }, { url: 'http://127.0.0.1:5173/', isMainFrame: true }),
    ).toEqual({ ok: true, value: null });
    expect(
      await dispatch('reportState', { state: 'searching' }, { url: 'http://127.0.0.1:5174/', isMainFrame: true }),
    ).toMatchObject({
      ok: false,
      code: 'FORBIDDEN_SENDER',
    });
  });
});

describe('createDispatcher channels and payloads', () => {
  it.each(['openDoor', '__proto__', 'constructor', 'toString'])('answers UNKNOWN_CHANNEL for %s', async (channel) => {
    const { dispatch } = setup();
    expect(await dispatch(channel, null, ours)).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' });
  });

  it('answers INVALID_REQUEST naming the bad field, without calling the handler', async () => {
    const { dispatch, reached } = setup();
    const result = await dispatch('submitFrame', { ...frame, meta: { ...frame.meta, faceScore: 7 } }, ours);
    expect(result).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('meta.faceScore'),
    });
    expect(await dispatch('submitFrame', { ...frame, mime: 'image/png' }, ours)).toMatchObject({
      code: 'INVALID_REQUEST',
    });
    expect(await dispatch('reportState', { state: 'dancing' }, ours)).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await dispatch('getKioskInfo', { please: true }, ours)).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(reached).toEqual([]);
  });

  it('passes the validated request to the handler and wraps its answer in ok', async () => {
    const { dispatch, reached, rejected } = setup();
    expect(await dispatch('submitFrame', frame, ours)).toEqual({ ok: true, value: granted });
    expect(reached).toEqual([`submitFrame:${frame.image.byteLength}`]);
    expect(rejected).toEqual([]);
  });

  it('strips fields the contract does not know before the handler sees them', async () => {
    let seen: unknown;
    const { dispatch } = setup({ reportState: (r) => ((seen = r), null) });
    await dispatch('reportState', { state: 'fault', code: 'OFFLINE', openDoor: true }, ours);
    expect(seen).toEqual({ state: 'fault', code: 'OFFLINE' });
  });
});

describe('createDispatcher handler failures', () => {
  it("answers a handler's CodedError with that code", async () => {
    const { dispatch, rejected } = setup({
      submitFrame: async () => {
        throw new CodedError('STORAGE_FAILED', 'disk full');
      },
    });
    expect(await dispatch('submitFrame', frame, ours)).toEqual({
      ok: false,
      code: 'STORAGE_FAILED',
      message: 'disk full',
    });
    expect(rejected).toEqual([['submitFrame', 'STORAGE_FAILED']]);
  });

  it('answers any other exception with INTERNAL_ERROR instead of rejecting', async () => {
    const { dispatch } = setup({
      submitFrame: () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    await expect(dispatch('submitFrame', frame, ours)).resolves.toEqual({
      ok: false,
      code: 'INTERNAL_ERROR',
      message: 'cannot read properties of undefined',
    });
  });

  it('does not mistake a Node errno code for one of ours', async () => {
    const { dispatch } = setup({
      submitFrame: () => {
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      },
    });
    expect(await dispatch('submitFrame', frame, ours)).toMatchObject({ ok: false, code: 'INTERNAL_ERROR' });
  });

  it('answers a thrown non-Error with INTERNAL_ERROR and its text', async () => {
    const { dispatch } = setup({
      reportState: () => {
        throw 'plain string';
      },
    });
    expect(await dispatch('reportState', { state: 'starting' }, ours)).toEqual({
      ok: false,
      code: 'INTERNAL_ERROR',
      message: 'plain string',
    });
  });
});
