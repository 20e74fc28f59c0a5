import { translator, type Language, type Translate } from '../i18n/i18n';
import { h } from './dom';

/**
 * The camera choice with a live preview: the cameras this machine has, by name, and the picture
 * of the one selected, so an installer can see the framing before saving. Choosing one writes its
 * deviceId into the capture.cameraDevice field. The People section has one of its own (other
 * element ids), whose picture its enrolment reads.
 */
export class CameraPreview {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;
  /** The live picture; frames for an enrolment are read from it. */
  readonly video: HTMLVideoElement;
  private stream: MediaStream | null = null;
  private readonly t: Translate;

  constructor(
    private readonly field: HTMLInputElement,
    language: Language,
    ids: { select: string; video: string } = { select: 'camera-select', video: 'admin-preview' },
  ) {
    this.t = translator(language);
    this.select = h('select', { id: ids.select });
    this.video = h('video', { id: ids.video, class: 'admin-preview', autoplay: true, muted: true, playsinline: true });
    this.select.addEventListener('change', () => {
      this.field.value = this.select.value;
      this.field.dispatchEvent(new Event('input', { bubbles: true }));
      void this.preview(this.select.value);
    });
    this.element = h(
      'div',
      { class: 'camera-preview' },
      h('label', { for: ids.select }, this.t('admin.settings.camerasFound')),
      this.select,
      this.video,
    );
  }

  async open(): Promise<void> {
    const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    this.select.replaceChildren(
      h('option', { value: '' }, this.t('admin.settings.firstCamera')),
      ...devices.map((d, i) =>
        h('option', { value: d.deviceId }, d.label || this.t('admin.settings.cameraNumber', { number: i + 1 })),
      ),
    );
    const wanted = this.field.value;
    const match = devices.find((d) => d.deviceId === wanted || (wanted && d.label.includes(wanted)));
    this.select.value = match?.deviceId ?? '';
    this.select.dataset.count = String(devices.length);
    await this.preview(this.select.value);
  }

  private async preview(deviceId: string): Promise<void> {
    this.close();
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        video: deviceId ? { deviceId: { exact: deviceId } } : true,
        audio: false,
      });
      this.video.srcObject = this.stream;
      this.video.dataset.live = 'true';
    } catch (error) {
      this.video.dataset.live = 'false';
      this.video.title = String(error);
    }
  }

  close(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.video.srcObject = null;
  }
}
