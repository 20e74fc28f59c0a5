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

  async encodeJpeg(quality = 0.92): Promise<Uint8Array> {
    const blob = await new Promise<Blob | null>((resolve) => this.canvas.toBlob(resolve, 'image/jpeg', quality));
    if (!blob) throw new Error('JPEG encoding failed');
    return new Uint8Array(await blob.arrayBuffer());
  }
}
