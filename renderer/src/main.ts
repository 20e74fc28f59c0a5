import Human from '@vladmandic/human';
import { startCamera } from './camera';
import { KioskLoop } from './kiosk-loop';
import { Screen } from './ui/screen';
import { FrameKeeper } from './vision/frame-encoder';
import { humanConfig } from './vision/human-config';
import './styles.css';

/** Renderer entry: screen, settings from main, camera, Human, then the loop. Faults are shown, never a blank page. */
async function start(): Promise<void> {
  const screen = new Screen();
  screen.show('starting');
  const kiosk = window.kiosk;
  const info = await kiosk.getKioskInfo(null);
  if (!info.ok) {
    // Main could not start its services (bad settings, no database): say so instead of a blank page.
    screen.show('fault', info.code);
    void kiosk.reportState({ state: 'fault', code: info.code, detail: info.message.slice(0, 500) });
    return;
  }
  kiosk.on('serviceStatus', (status) => screen.setServiceOnline(status.online));
  const video = document.getElementById('camera') as HTMLVideoElement;
  try {
    await startCamera(video);
  } catch (error) {
    screen.show('fault', 'CAMERA_UNAVAILABLE');
    void kiosk.reportState({ state: 'fault', code: 'CAMERA_UNAVAILABLE', detail: String(error) });
    return;
  }
  const human = new Human(humanConfig(document.baseURI));
  try {
    await human.load();
  } catch (error) {
    screen.show('fault', 'FAILED_TO_READ_MODEL');
    void kiosk.reportState({ state: 'fault', code: 'FAILED_TO_READ_MODEL', detail: String(error) });
    return;
  }
  const keeper = new FrameKeeper();
  const loop = new KioskLoop({
    kiosk,
    info: info.value,
    detect: async () => {
      const result = await human.detect(video);
      return result.face.map((f) => ({ box: f.box, score: f.boxScore }));
    },
    frameSize: () => ({ width: video.videoWidth, height: video.videoHeight }),
    keepFrame: () => keeper.keep(video),
    encodeKept: () => keeper.encodeJpeg(),
    show: (state, code) => screen.show(state, code),
    showDecision: (decision) => screen.showDecision(decision),
    nextFrame: () => new Promise((resolve) => requestAnimationFrame(() => resolve())),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  await loop.run();
}

void start();
