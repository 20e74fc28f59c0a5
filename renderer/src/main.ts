import Human from '@vladmandic/human';
import { installAdmin } from './admin/admin-controller';
import type { LocalHealth } from './admin/health-view';
import type { EnrolVision } from './admin/people-view';
import { CameraSource } from './camera'; // [ui wiring: camera recovery]
import { setKioskLanguage } from './i18n/i18n';
import { KioskLoop } from './kiosk-loop';
import { Screen } from './ui/screen';
import { observe } from '../../electron/common/vision/face-observation';
import { chooseBackend } from './vision/backend-choice';
import { detectConfigs } from './vision/detect-configs';
import { FrameKeeper, FrameReader } from './vision/frame-encoder';
import { humanConfig } from './vision/human-config';
import { VideoFrameClock } from './vision/next-video-frame';
import './styles.css';

/** Renderer entry: screen, settings from main, camera, Human, then the loop. Faults are shown, never a blank page. */
async function start(): Promise<void> {
  const screen = new Screen();
  screen.show('starting');
  const kiosk = window.kiosk;
  // What the admin screen's health tab shows of this side; updated as the start-up goes.
  const local: LocalHealth = {
    camera: { ok: false, detail: 'not started' },
    model: { ok: false, detail: 'not loaded' },
  };
  let loop: KioskLoop | null = null;
  // The door's Human and settings, lent to the admin screen's enrolment once they are loaded.
  let vision: EnrolVision | null = null;
  // First, so a kiosk stuck on a fault screen can still be opened and repaired.
  installAdmin({
    kiosk,
    local: () => local,
    pauseKiosk: () => loop?.stop(),
    restartKiosk: () => location.reload(),
    vision: () => vision,
  });
  const info = await kiosk.getKioskInfo(null);
  if (!info.ok) {
    // Main could not start its services (bad settings, no database): say so instead of a blank page.
    screen.show('fault', info.code);
    screen.setFaultDetail(info.message);
    void kiosk.reportState({ state: 'fault', code: info.code, detail: info.message.slice(0, 500) });
    return;
  }
  setKioskLanguage(info.value.language);
  screen.setSetupHint(info.value.setupHint ?? null);
  screen.show('starting');
  screen.setConfigFault(info.value.configFault);
  kiosk.on('serviceStatus', (status) => screen.setServiceOnline(status.online));
  kiosk.on('relayStatus', (relay) => screen.setRelay(relay));
  screen.setRelay(info.value.relay);
  const video = document.getElementById('camera') as HTMLVideoElement;
  // [ui wiring: camera recovery] CameraSource reopens an unplugged camera by itself (camera.ts);
  // while it is away the screen says so and the operator log gets the reason.
  const camera = new CameraSource(video, { deviceId: info.value.capture.cameraDevice });
  camera.onLost((error) => {
    local.camera = { ok: false, detail: `lost: ${error.message}` };
    screen.setCamera('lost');
    void kiosk.reportState({ state: 'fault', code: 'CAMERA_UNAVAILABLE', detail: error.message });
  });
  camera.onRestored(() => {
    local.camera = { ok: true, detail: 'live again' };
    screen.setCamera('ok');
  });
  try {
    await camera.start();
    local.camera = { ok: true, detail: `live, ${video.videoWidth}x${video.videoHeight}` };
  } catch (error) {
    local.camera = { ok: false, detail: String(error) };
    screen.show('fault', 'CAMERA_UNAVAILABLE');
    void kiosk.reportState({ state: 'fault', code: 'CAMERA_UNAVAILABLE', detail: String(error) });
    // [ui wiring: camera recovery] No camera at start-up: when one appears, start the kiosk afresh.
    camera.onRestored(() => location.reload());
    return;
  }
  const liveness = info.value.liveness.enabled;
  // Idle economy: with nobody in view, the detector alone; each pace says all it needs (detect-configs.ts).
  const paces = detectConfigs(liveness);
  // Anti-spoofing and liveness models run only when the liveness check uses their scores.
  const choice = chooseBackend();
  document.body.dataset.backend = choice.backend;
  void kiosk.reportState({ state: 'starting', detail: `backend ${choice.backend}: ${choice.reason}` });
  const loadHuman = async (backend: 'wasm' | 'webgl'): Promise<Human> => {
    const h = new Human(humanConfig(document.baseURI, { antispoof: liveness, liveness }, backend));
    await h.load();
    // Human logs a model it could not fetch or parse and carries on without it, and models.list()
    // still says "loaded"; its own statistics hold the truth: check each configured model there.
    const configured = new Set(h.models.list().map((m: { name: string }) => m.name));
    const missing = h.models.stats().modelStats.filter((m) => configured.has(m.name) && !m.loaded);
    if (missing.length > 0)
      throw new Error(`models not loaded: ${missing.map((m: { name: string }) => m.name).join(', ')}`);
    return h;
  };
  let human: Human;
  try {
    try {
      human = await loadHuman(choice.backend);
    } catch (error) {
      if (choice.backend !== 'webgl') throw error;
      // WebGL looked like real hardware but did not work: fall back to WebAssembly, and say so.
      document.body.dataset.backend = 'wasm';
      void kiosk.reportState({
        state: 'starting',
        detail: `backend wasm: webgl failed (${String(error).slice(0, 200)})`,
      });
      human = await loadHuman('wasm');
    }
  } catch (error) {
    local.model = { ok: false, detail: String(error).slice(0, 300) };
    screen.show('fault', 'FAILED_TO_READ_MODEL');
    void kiosk.reportState({ state: 'fault', code: 'FAILED_TO_READ_MODEL', detail: String(error).slice(0, 500) });
    return;
  }
  local.model = { ok: true, detail: `loaded (${document.body.dataset.backend ?? 'wasm'} backend)` };
  vision = {
    info: info.value,
    detect: async (input) => {
      const result = await human.detect(input, paces.active);
      const frame = { width: input.videoWidth, height: input.videoHeight };
      return result.face.map((f) => observe(f, frame));
    },
  };
  const keeper = new FrameKeeper();
  const reader = new FrameReader();
  let frames = 0;
  const frameClock = new VideoFrameClock(video);
  loop = new KioskLoop({
    kiosk,
    info: info.value,
    detect: async (mode) => {
      if (!camera.live) return []; // [ui wiring: camera recovery] no stream, nothing to detect
      const result = await human.detect(video, mode === 'idle' ? paces.idle : paces.active);
      // For the leak test and the operator: tfjs tensors alive now (flat over time, or we leak).
      if (++frames % 50 === 0) document.body.dataset.tensors = String(human.tf.engine().memory().numTensors);
      const frame = { width: video.videoWidth, height: video.videoHeight };
      return result.face.map((f) => observe(f, frame));
    },
    frameSize: () => ({ width: video.videoWidth, height: video.videoHeight }),
    pixels: () => reader.read(video),
    keepFrame: () => keeper.keep(video),
    encodeKept: (region) => keeper.encode(region, info.value.capture.imageFormat, info.value.capture.jpegQuality),
    now: () => performance.now(),
    show: (state, code) => screen.show(state, code),
    showDecision: (decision) => screen.showDecision(decision),
    nextFrame: () => frameClock.next(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  // The admin screen may have opened while the models loaded: then the door waits for it to close.
  if (document.body.dataset.admin !== 'closed') return;
  await loop.run();
}

void start();
