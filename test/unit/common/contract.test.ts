import { describe, expect, it } from 'vitest';
import { ALL_CODES, isCode } from '../../../electron/common/codes';
import {
  CHANNEL_NAMES,
  MAX_FRAME_BYTES,
  hasImageMagic,
  ipcChannel,
  submitFrameRequestSchema,
  type ChannelName,
} from '../../../electron/common/contract';
import { buildKioskApi } from '../../../electron/common/kiosk-api';
import { readFixture } from '../../support/fixtures';

const meta = { faceScore: 0.93, faceBox: [120, 80, 260, 300], frameWidth: 640, frameHeight: 480, framesConsidered: 3 };
const jpeg = readFixture('obama-1.jpg');
const png = readFixture('alex-lacamoire-1.png');

describe('submitFrame request schema', () => {
  it('accepts real JPEG and PNG photos under their own type', () => {
    expect(submitFrameRequestSchema.safeParse({ image: jpeg, mime: 'image/jpeg', meta }).success).toBe(true);
    expect(submitFrameRequestSchema.safeParse({ image: png, mime: 'image/png', meta }).success).toBe(true);
  });

  it('accepts a Node Buffer too (a Uint8Array subclass, as the Node host passes it)', () => {
    expect(submitFrameRequestSchema.safeParse({ image: Buffer.from(jpeg), mime: 'image/jpeg', meta }).success).toBe(
      true,
    );
  });

  it.each([
    ['a PNG declared as JPEG', png, 'image/jpeg'],
    ['a JPEG declared as PNG', jpeg, 'image/png'],
    ['text bytes', new TextEncoder().encode('GIF89a not really'), 'image/jpeg'],
    ['no bytes', new Uint8Array(0), 'image/jpeg'],
  ])('rejects %s', (_what, image, mime) => {
    expect(submitFrameRequestSchema.safeParse({ image, mime, meta }).success).toBe(false);
  });

  it('rejects a frame one byte over the limit even with a valid JPEG header', () => {
    const big = new Uint8Array(MAX_FRAME_BYTES + 1);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const atLimit = big.subarray(0, MAX_FRAME_BYTES);
    expect(submitFrameRequestSchema.safeParse({ image: atLimit, mime: 'image/jpeg', meta }).success).toBe(true);
    expect(submitFrameRequestSchema.safeParse({ image: big, mime: 'image/jpeg', meta }).success).toBe(false);
  });

  it('rejects types it does not know and bytes that are not bytes', () => {
    expect(submitFrameRequestSchema.safeParse({ image: jpeg, mime: 'image/gif', meta }).success).toBe(false);
    expect(
      submitFrameRequestSchema.safeParse({ image: Array.from(jpeg.subarray(0, 64)), mime: 'image/jpeg', meta }).success,
    ).toBe(false);
  });

  it('rejects metadata out of range', () => {
    expect(
      submitFrameRequestSchema.safeParse({ image: jpeg, mime: 'image/jpeg', meta: { ...meta, faceScore: 1.5 } })
        .success,
    ).toBe(false);
    expect(
      submitFrameRequestSchema.safeParse({ image: jpeg, mime: 'image/jpeg', meta: { ...meta, frameWidth: 0 } }).success,
    ).toBe(false);
  });

  it('checks magic bytes only as far as the buffer goes', () => {
    expect(hasImageMagic(new Uint8Array([0xff, 0xd8]), 'image/jpeg')).toBe(false);
    expect(hasImageMagic(png.subarray(0, 8), 'image/png')).toBe(true);
  });
});

describe('code vocabulary', () => {
  it('knows the seed face codes and the kiosk codes, nothing else', () => {
    expect(isCode('FACE_TOO_SMALL')).toBe(true);
    expect(isCode('RELAY_UNAVAILABLE')).toBe(true);
    expect(isCode('FACE_BLURR')).toBe(false);
    expect(isCode(8008)).toBe(false);
    expect(new Set(ALL_CODES).size).toBe(ALL_CODES.length);
  });
});

describe('buildKioskApi', () => {
  it('exposes one function per channel that invokes that channel with the request', async () => {
    const calls: Array<[ChannelName, unknown]> = [];
    const api = buildKioskApi(
      async (channel, request) => {
        calls.push([channel, request]);
        return { ok: true, value: `answer of ${channel}` };
      },
      () => () => {},
    );
    const request = { image: jpeg, mime: 'image/jpeg' as const, meta: meta as never };
    expect(await api.submitFrame(request)).toEqual({ ok: true, value: 'answer of submitFrame' });
    // getKioskInfo takes no argument in practice; undefined must reach main as null, which the schema wants.
    await (api.getKioskInfo as (r?: null) => Promise<unknown>)();
    expect(calls).toEqual([
      ['submitFrame', request],
      ['getKioskInfo', null],
    ]);
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('subscribes listeners by event name and hands back the unsubscribe', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const api = buildKioskApi(
      async () => null,
      (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    );
    const seen: unknown[] = [];
    const off = api.on('serviceStatus', (payload) => seen.push(payload));
    listeners.get('serviceStatus')?.({ online: true, checkedAt: '2024-01-01T00:00:00Z' });
    expect(seen).toEqual([{ online: true, checkedAt: '2024-01-01T00:00:00Z' }]);
    off();
    expect(listeners.has('serviceStatus')).toBe(false);
  });

  it('refuses events the contract does not list', () => {
    const api = buildKioskApi(
      async () => null,
      () => () => {},
    );
    expect(() => api.on('doorOpen' as never, () => {})).toThrow(/unknown event/);
  });

  it('names IPC channels from the contract', () => {
    expect(ipcChannel('submitFrame')).toBe('facegate:submitFrame');
    expect(ipcChannel('serviceStatus')).toBe('facegate:serviceStatus');
  });
});
