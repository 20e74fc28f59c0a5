/**
 * Keeps the pixels of the best frame so far and encodes it as JPEG when it is time to send.
 * Copying a 640x480 frame to a canvas costs about a millisecond; encoding happens once per attempt.
 * Quality 0.92: FACEKI's engine wants JPEG quality of at least 70.
 */
export class FrameKeeper {
  private readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;

  constructor() {
    this.canvas = document.createElement('canvas');
    const context = this.canvas.getContext('2d', { willReadFrequently: false });
    if (!context) throw new Error('2d canvas unavailable');
    this.context = context;
  }

  keep(video: HTMLVideoElement): void {
    if (this.canvas.width !== video.videoWidth) this.canvas.width = video.videoWidth;
    if (this.canvas.height !== video.videoHeight) this.canvas.height = video.videoHeight;
    this.context.drawImage(video, 0, 0);
  }

  get size(): { width: number; height: number } {
    return { width: this.canvas.width, height: this.canvas.height };
  }

  /** Encodes the kept frame, cropped to region (frame pixels), as JPEG (or PNG). */
  async encode(
    region?: readonly [number, number, number, number],
    format: 'jpeg' | 'png' = 'jpeg',
    quality = 0.92,
  ): Promise<Uint8Array> {
    const [x, y, w, h] = region ?? [0, 0, this.canvas.width, this.canvas.height];
    if (w <= 0 || h <= 0) throw new Error(`nothing to encode in region ${w}x${h}`);
    const crop = document.createElement('canvas');
    crop.width = w;
    crop.height = h;
    const context = crop.getContext('2d');
    if (!context) throw new Error('2d canvas unavailable');
    context.drawImage(this.canvas, x, y, w, h, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => crop.toBlob(resolve, `image/${format}`, quality));
    if (!blob) throw new Error(`${format} encoding failed`);
    return new Uint8Array(await blob.arrayBuffer());
  }
}

/**
 * Reads the current camera frame's pixels for the light, blur and frozen-camera checks. A canvas of
 * its own, marked willReadFrequently so Chromium keeps it in memory rather than on the GPU.
 */
export class FrameReader {
  private readonly canvas = document.createElement('canvas');
  private readonly context: CanvasRenderingContext2D;

  constructor() {
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('2d canvas unavailable');
    this.context = context;
  }

  read(video: HTMLVideoElement): { data: Uint8ClampedArray; width: number; height: number; channels: 4 } {
    const { videoWidth: width, videoHeight: height } = video;
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    this.context.drawImage(video, 0, 0);
    return { data: this.context.getImageData(0, 0, width, height).data, width, height, channels: 4 };
  }
}
