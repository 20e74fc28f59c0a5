import type { Code } from '../../electron/common/codes';

/**
 * The kiosk camera. A door kiosk runs for months with a USB camera someone will unplug, so this is
 * more than one getUserMedia call:
 * - a device can be named (by deviceId, or by part of its label, since ids change between machines
 *   and labels do not); otherwise the first video input is used;
 * - failure is a CameraError with code CAMERA_UNAVAILABLE and a reason (no device, permission
 *   refused, device busy) for the operator;
 * - a camera that goes away (its track ends, or a devicechange shows it gone) is reported through
 *   onLost, reopened every retryMs (and at once on the next devicechange), and onRestored fires when
 *   frames flow again, into the same <video>.
 * 640x480 is enough for the gate and keeps detection fast.
 */

export type CameraFailure = 'no-device' | 'permission-denied' | 'device-busy' | 'failed';

export class CameraError extends Error {
  readonly code: Code = 'CAMERA_UNAVAILABLE';
  constructor(
    readonly reason: CameraFailure,
    message: string,
  ) {
    super(`${reason}: ${message}`);
    this.name = 'CameraError';
  }
}

/** getUserMedia's DOMException names, old Chromium spellings included, mapped to what an operator can act on. */
export function cameraFailure(error: unknown): CameraFailure {
  const name = error && typeof error === 'object' && 'name' in error ? String(error.name) : '';
  if (['NotAllowedError', 'SecurityError', 'PermissionDeniedError'].includes(name)) return 'permission-denied';
  if (['NotFoundError', 'OverconstrainedError', 'DevicesNotFoundError'].includes(name)) return 'no-device';
  if (['NotReadableError', 'AbortError', 'TrackStartError'].includes(name)) return 'device-busy';
  return 'failed';
}

export interface VideoInput {
  deviceId: string;
  label: string;
}

/**
 * The input to open: the one whose deviceId is `wanted`, else the first whose label contains it
 * (case-insensitive), else the first input. `matched` says whether `wanted` was found; before camera
 * permission Chromium hides ids and labels, so a label can only match once a camera has been opened.
 */
export function pickVideoInput(
  inputs: readonly VideoInput[],
  wanted?: string,
): { input: VideoInput | undefined; matched: boolean } {
  const want = wanted?.trim();
  if (want) {
    const byId = inputs.find((d) => d.deviceId === want);
    if (byId) return { input: byId, matched: true };
    const byLabel = inputs.find((d) => d.label && d.label.toLowerCase().includes(want.toLowerCase()));
    if (byLabel) return { input: byLabel, matched: true };
  }
  return { input: inputs[0], matched: false };
}

/** The parts of navigator.mediaDevices used here, so unit tests can unplug a fake camera. */
export type MediaDevicesLike = Pick<
  MediaDevices,
  'getUserMedia' | 'enumerateDevices' | 'addEventListener' | 'removeEventListener'
>;

export interface CameraSourceOptions {
  /** A deviceId or part of a label; empty or absent: the first camera. A name that is not found falls back to the first camera (see `chosen`). */
  deviceId?: string;
  /** How often to try again while the camera is lost. */
  retryMs?: number;
  media?: MediaDevicesLike;
}

export interface ChosenCamera {
  deviceId: string;
  label: string;
  /** False when a deviceId was asked for and not found, so the first camera is in use instead. */
  matched: boolean;
}

type Phase = 'idle' | 'live' | 'lost' | 'stopped';

export class CameraSource {
  /** The camera in use, for the operator's log; null until one is open. */
  chosen: ChosenCamera | null = null;
  private phase: Phase = 'idle';
  private stream: MediaStream | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private opening = false;
  private readonly lostListeners = new Set<(error: CameraError) => void>();
  private readonly restoredListeners = new Set<() => void>();
  private readonly media: MediaDevicesLike;
  private readonly retryMs: number;

  constructor(
    readonly video: HTMLVideoElement,
    private readonly options: CameraSourceOptions = {},
  ) {
    this.media = options.media ?? navigator.mediaDevices;
    this.retryMs = options.retryMs ?? 3000;
  }

  /** Whether frames are flowing; while false the <video> holds no stream, so nothing stale is detected. */
  get live(): boolean {
    return this.phase === 'live';
  }

  /**
   * Opens the camera. Rejects with a CameraError when none can be opened; it then keeps trying in the
   * background (a camera plugged in after boot fires onRestored), until stop().
   */
  async start(): Promise<void> {
    this.media.addEventListener('devicechange', this.onDeviceChange);
    try {
      await this.open();
      this.phase = 'live';
    } catch (error) {
      this.phase = 'lost';
      this.scheduleRetry();
      throw error;
    }
  }

  stop(): void {
    this.phase = 'stopped';
    clearTimeout(this.retryTimer);
    this.media.removeEventListener('devicechange', this.onDeviceChange);
    this.release();
  }

  /** Called once each time the camera goes away. Returns an unsubscribe. */
  onLost(cb: (error: CameraError) => void): () => void {
    this.lostListeners.add(cb);
    return () => this.lostListeners.delete(cb);
  }

  /** Called when a lost (or never found) camera delivers frames again. Returns an unsubscribe. */
  onRestored(cb: () => void): () => void {
    this.restoredListeners.add(cb);
    return () => this.restoredListeners.delete(cb);
  }

  private async open(): Promise<void> {
    const wanted = this.options.deviceId;
    const first = pickVideoInput(await this.videoInputs(), wanted);
    if (!first.input) throw new CameraError('no-device', 'no video input device');
    let stream = await this.getStream(first.input.deviceId);
    let chosen = first;
    if (wanted && !first.matched) {
      // Labels were hidden before permission; now that a camera is open, look again for the named one.
      const again = pickVideoInput(await this.videoInputs(), wanted);
      const openId = stream.getVideoTracks()[0]?.getSettings().deviceId;
      if (again.matched && again.input && again.input.deviceId !== openId) {
        stopTracks(stream);
        stream = await this.getStream(again.input.deviceId);
      }
      chosen = again;
    }
    await this.attach(stream);
    const track = stream.getVideoTracks()[0];
    this.chosen = {
      deviceId: track?.getSettings().deviceId ?? chosen.input?.deviceId ?? '',
      label: track?.label ?? chosen.input?.label ?? '',
      matched: !wanted || chosen.matched,
    };
  }

  private async videoInputs(): Promise<VideoInput[]> {
    const devices = await this.media.enumerateDevices();
    return devices.filter((d) => d.kind === 'videoinput').map((d) => ({ deviceId: d.deviceId, label: d.label }));
  }

  private async getStream(deviceId: string): Promise<MediaStream> {
    const size = { width: { ideal: 640 }, height: { ideal: 480 } };
    // An empty id (permission not yet given) means "the default camera", which Chromium takes to be the first.
    const video = deviceId ? { ...size, deviceId: { exact: deviceId } } : { ...size, facingMode: 'user' };
    try {
      return await this.media.getUserMedia({ audio: false, video });
    } catch (error) {
      throw new CameraError(cameraFailure(error), error instanceof Error ? error.message : String(error));
    }
  }

  private async attach(stream: MediaStream): Promise<void> {
    this.release();
    this.stream = stream;
    stream.getVideoTracks()[0]?.addEventListener('ended', this.onEnded);
    const video = this.video;
    video.srcObject = stream;
    video.muted = true;
    video.playsInline = true;
    await video.play();
    if (video.videoWidth === 0) {
      await new Promise<void>((resolve) => video.addEventListener('loadeddata', () => resolve(), { once: true }));
    }
  }

  /** Stops our tracks and empties the <video>, so the detector never sees a frozen last frame. */
  private release(): void {
    if (!this.stream) return;
    this.stream.getVideoTracks()[0]?.removeEventListener('ended', this.onEnded);
    stopTracks(this.stream);
    this.stream = null;
    this.video.srcObject = null;
  }

  private readonly onEnded = (): void => this.markLost('the camera stopped (unplugged?)');

  /** A devicechange while live: lost if our track ended or our device left the list; while lost: try now. */
  private readonly onDeviceChange = (): void => {
    if (this.phase === 'lost') {
      this.scheduleRetry(0);
      return;
    }
    if (this.phase !== 'live') return;
    const track = this.stream?.getVideoTracks()[0];
    if (!track || track.readyState === 'ended') {
      this.markLost('the camera stopped (unplugged?)');
      return;
    }
    const id = track.getSettings().deviceId;
    void this.videoInputs().then((inputs) => {
      // Ids are only listed once permission is given; an empty list of ids tells us nothing.
      const known = inputs.some((d) => d.deviceId);
      if (this.phase === 'live' && id && known && !inputs.some((d) => d.deviceId === id)) {
        this.markLost('the camera left the device list (unplugged?)');
      }
    });
  };

  private markLost(why: string): void {
    if (this.phase !== 'live') return;
    this.phase = 'lost';
    this.release();
    const error = new CameraError('no-device', why);
    this.lostListeners.forEach((cb) => cb(error));
    this.scheduleRetry();
  }

  private scheduleRetry(ms = this.retryMs): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.retry(), ms);
  }

  private async retry(): Promise<void> {
    if (this.phase !== 'lost' || this.opening) return;
    this.opening = true;
    try {
      await this.open();
      if (this.phase !== 'lost') {
        this.release(); // stopped while we were opening: do not leave the camera on
        return;
      }
      this.phase = 'live';
      this.restoredListeners.forEach((cb) => cb());
    } catch {
      if (this.phase === 'lost') this.scheduleRetry();
    } finally {
      this.opening = false;
    }
  }
}

function stopTracks(stream: MediaStream): void {
  stream.getTracks().forEach((t) => t.stop());
}

/**
 * Opens the first camera (or the one named) into a <video>. Kept for callers that do not need
 * recovery; the kiosk uses CameraSource.
 */
export async function startCamera(video: HTMLVideoElement, deviceId?: string): Promise<CameraSource> {
  const source = new CameraSource(video, { ...(deviceId && { deviceId }) });
  try {
    await source.start();
  } catch (error) {
    source.stop();
    throw error;
  }
  return source;
}
