import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CameraError,
  CameraSource,
  cameraFailure,
  pickVideoInput,
  type MediaDevicesLike,
} from '../../../renderer/src/camera';

class FakeTrack extends EventTarget {
  readyState: MediaStreamTrackState = 'live';
  constructor(
    readonly deviceId: string,
    readonly label: string,
  ) {
    super();
  }
  getSettings = () => ({ deviceId: this.deviceId });
  stop = () => {
    this.readyState = 'ended';
  };
  /** What Chromium does when the USB camera is pulled out. */
  unplug(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

const named = (name: string): Error => Object.assign(new Error(name), { name });

/** A machine's cameras: plug and unplug them, refuse permission, and see what was opened. */
class FakeMedia extends EventTarget {
  cameras: { deviceId: string; label: string }[] = [];
  /** Before permission Chromium lists devices with empty ids and labels. */
  permitted = false;
  refuse = false;
  opened: { asked: string | undefined; track: FakeTrack }[] = [];

  enumerateDevices = async () =>
    this.cameras.map((c) => ({
      kind: 'videoinput',
      deviceId: this.permitted ? c.deviceId : '',
      label: this.permitted ? c.label : '',
      groupId: '',
    })) as MediaDeviceInfo[];

  getUserMedia = async (constraints?: MediaStreamConstraints) => {
    if (this.refuse) throw named('NotAllowedError');
    const video = constraints?.video as { deviceId?: { exact: string } };
    const asked = video.deviceId?.exact;
    const camera = asked ? this.cameras.find((c) => c.deviceId === asked) : this.cameras[0];
    if (!camera) throw named(asked ? 'OverconstrainedError' : 'NotFoundError');
    this.permitted = true;
    const track = new FakeTrack(camera.deviceId, camera.label);
    this.opened.push({ asked, track });
    return { getVideoTracks: () => [track], getTracks: () => [track] } as unknown as MediaStream;
  };

  plug(deviceId: string, label: string): void {
    this.cameras.push({ deviceId, label });
    this.dispatchEvent(new Event('devicechange'));
  }

  unplugAll(): void {
    this.cameras = [];
    this.opened.at(-1)?.track.unplug();
    this.dispatchEvent(new Event('devicechange'));
  }
}

function fakeVideo(): HTMLVideoElement {
  return {
    srcObject: null,
    muted: false,
    playsInline: false,
    videoWidth: 640,
    play: async () => {},
    addEventListener: () => {},
  } as unknown as HTMLVideoElement;
}

const source = (media: FakeMedia, deviceId?: string) =>
  new CameraSource(fakeVideo(), {
    media: media as unknown as MediaDevicesLike,
    retryMs: 1000,
    ...(deviceId && { deviceId }),
  });

describe('choosing a camera', () => {
  const inputs = [
    { deviceId: 'a1', label: 'Integrated Camera (04f2:b6dd)' },
    { deviceId: 'b2', label: 'Logitech BRIO (046d:085e)' },
  ];

  it('takes the one named by id, else by part of its label, else the first', () => {
    expect(pickVideoInput(inputs, 'b2')).toEqual({ input: inputs[1], matched: true });
    expect(pickVideoInput(inputs, 'logitech')).toEqual({ input: inputs[1], matched: true });
    expect(pickVideoInput(inputs)).toEqual({ input: inputs[0], matched: false });
    expect(pickVideoInput(inputs, 'Nope')).toEqual({ input: inputs[0], matched: false });
    expect(pickVideoInput([], 'b2')).toEqual({ input: undefined, matched: false });
  });

  it('turns getUserMedia errors into reasons an operator can act on', () => {
    expect(cameraFailure(named('NotAllowedError'))).toBe('permission-denied');
    expect(cameraFailure(named('NotFoundError'))).toBe('no-device');
    expect(cameraFailure(named('NotReadableError'))).toBe('device-busy');
    expect(cameraFailure(new Error('?'))).toBe('failed');
  });
});

describe('CameraSource', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens the first camera into the video', async () => {
    const media = new FakeMedia();
    media.cameras = [{ deviceId: 'a1', label: 'Integrated' }];
    const camera = source(media);
    await camera.start();
    expect(camera.live).toBe(true);
    expect(camera.video.srcObject).not.toBeNull();
    expect(camera.chosen).toEqual({ deviceId: 'a1', label: 'Integrated', matched: true });
  });

  it('finds a camera named by label once permission reveals the labels', async () => {
    const media = new FakeMedia();
    media.cameras = [
      { deviceId: 'a1', label: 'Integrated' },
      { deviceId: 'b2', label: 'Logitech BRIO' },
    ];
    const camera = source(media, 'BRIO');
    await camera.start();
    expect(media.opened.map((o) => o.asked)).toEqual([undefined, 'b2']);
    expect(media.opened[0]!.track.readyState).toBe('ended'); // the first camera was closed again
    expect(camera.chosen).toMatchObject({ deviceId: 'b2', matched: true });
  });

  it('falls back to the first camera when the named one is absent, and says so', async () => {
    const media = new FakeMedia();
    media.cameras = [{ deviceId: 'a1', label: 'Integrated' }];
    const camera = source(media, 'BRIO');
    await camera.start();
    expect(camera.chosen).toMatchObject({ deviceId: 'a1', matched: false });
  });

  it('fails with CAMERA_UNAVAILABLE when there is no camera, or permission is refused', async () => {
    const none = source(new FakeMedia());
    await expect(none.start()).rejects.toMatchObject({ code: 'CAMERA_UNAVAILABLE', reason: 'no-device' });
    none.stop();
    const media = new FakeMedia();
    media.cameras = [{ deviceId: 'a1', label: 'Integrated' }];
    media.refuse = true;
    const refused = source(media);
    const error = await refused.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CameraError);
    expect(error).toMatchObject({ code: 'CAMERA_UNAVAILABLE', reason: 'permission-denied' });
    refused.stop();
  });

  it('reports an unplugged camera, retries every few seconds, and reports it back when replugged', async () => {
    const media = new FakeMedia();
    media.cameras = [{ deviceId: 'a1', label: 'Integrated' }];
    const camera = source(media);
    const events: string[] = [];
    camera.onLost((e) => events.push(`lost ${e.code}`));
    camera.onRestored(() => events.push('restored'));
    await camera.start();

    media.unplugAll();
    expect(events).toEqual(['lost CAMERA_UNAVAILABLE']);
    expect(camera.live).toBe(false);
    expect(camera.video.srcObject).toBeNull(); // no frozen last frame for the detector
    await vi.advanceTimersByTimeAsync(3500);
    expect(events).toEqual(['lost CAMERA_UNAVAILABLE']); // still nothing to open

    media.cameras = [{ deviceId: 'a1', label: 'Integrated' }]; // plugged back, no devicechange yet
    await vi.advanceTimersByTimeAsync(1000);
    expect(events).toEqual(['lost CAMERA_UNAVAILABLE', 'restored']);
    expect(camera.live).toBe(true);
    camera.stop();
  });

  it('tries at once when a device appears, and comes back from a camera missing at start', async () => {
    const media = new FakeMedia();
    const camera = source(media);
    const restored = vi.fn();
    camera.onRestored(restored);
    await expect(camera.start()).rejects.toBeInstanceOf(CameraError);
    media.plug('c3', 'USB camera');
    await vi.advanceTimersByTimeAsync(0);
    expect(restored).toHaveBeenCalledTimes(1);
    expect(camera.chosen?.deviceId).toBe('c3');
    camera.stop();
  });

  it('notices its device leaving the list even if the track does not end', async () => {
    const media = new FakeMedia();
    media.cameras = [
      { deviceId: 'a1', label: 'Integrated' },
      { deviceId: 'b2', label: 'BRIO' },
    ];
    const camera = source(media);
    const lost = vi.fn();
    camera.onLost(lost);
    await camera.start();
    media.cameras = [{ deviceId: 'b2', label: 'BRIO' }];
    media.dispatchEvent(new Event('devicechange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(lost).toHaveBeenCalledTimes(1);
    camera.stop();
  });

  it('stops retrying once stopped', async () => {
    const media = new FakeMedia();
    const camera = source(media);
    await camera.start().catch(() => {});
    camera.stop();
    media.cameras = [{ deviceId: 'a1', label: 'Integrated' }];
    await vi.advanceTimersByTimeAsync(5000);
    expect(media.opened).toEqual([]);
  });
});
