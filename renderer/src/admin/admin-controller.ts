import type { KioskApi } from '../../../electron/common/kiosk-api';
import { kioskLanguage, translator, type Language } from '../i18n/i18n';
import { AdminScreen } from './admin-screen';
import { h } from './dom';
import type { LocalHealth } from './health-view';
import type { EnrolVision } from './people-view';
import { PinPad } from './pin-pad';
import { CornerTaps, isAdminChord } from './secret-gesture';
import './admin.css';

export interface AdminOptions {
  kiosk: KioskApi;
  local: () => LocalHealth;
  /** The door stops while the operator works: no frames are judged or sent behind the admin screen. */
  pauseKiosk: () => void;
  /** Closing starts the kiosk afresh, so the saved settings (camera, language, gate) all take effect. */
  restartKiosk: () => void;
  /** The door's detector and settings, for enrolment in the People section; null until they are loaded. */
  vision?: () => EnrolVision | null;
  now?: () => number;
}

/**
 * Opens the admin screen on the key chord or the corner taps, asks for the PIN, and closes it (and
 * locks main's session) on request or after the idle time main gave. Installed before anything
 * else in the renderer, so a kiosk stuck on a fault screen can still be repaired from the screen.
 */
export function installAdmin(options: AdminOptions): { open(): Promise<void> } {
  const { kiosk } = options;
  const now = options.now ?? (() => performance.now());
  const root = h('div', { id: 'admin', hidden: true });
  document.body.append(root);
  document.body.dataset.admin = 'closed';
  let screen: AdminScreen | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let idleMs = 5 * 60_000;

  const close = async () => {
    clearTimeout(idleTimer);
    screen?.close();
    await kiosk.adminLock(null);
    root.hidden = true;
    root.replaceChildren();
    document.body.dataset.admin = 'closed';
    if (screen) {
      screen = null;
      options.restartKiosk();
    }
  };

  const touch = () => {
    clearTimeout(idleTimer);
    if (!root.hidden) idleTimer = setTimeout(() => void close(), idleMs);
  };

  const unlocked = (language: Language) => {
    options.pauseKiosk();
    screen = new AdminScreen(kiosk, options.local, () => void close(), language, options.vision);
    root.replaceChildren(screen.element);
    void screen.open();
    touch();
  };

  const open = async () => {
    if (!root.hidden) return;
    const status = await kiosk.adminStatus(null);
    // Main says which language: the page may have no KioskInfo (a kiosk faulted at start-up).
    const language = status.ok ? status.value.language : kioskLanguage();
    const pad = new PinPad(
      kiosk,
      () => unlocked(language),
      () => void close(),
      language,
    );
    root.hidden = false;
    root.replaceChildren(pad.element);
    if (!status.ok) {
      pad.showMessage(`${status.message} (${status.code})`);
      return;
    }
    idleMs = status.value.idleMs;
    if (!status.value.pinSet) {
      document.body.dataset.admin = 'no-pin';
      pad.show(status.value);
      pad.showMessage(translator(language)('admin.pin.notSet'));
      return;
    }
    pad.show(status.value);
    touch();
  };

  window.addEventListener(
    'keydown',
    (e) => {
      if (isAdminChord(e)) {
        e.preventDefault();
        void open();
      } else if (e.key === 'Escape' && !root.hidden && !screen) {
        void close();
      }
    },
    true,
  );
  const taps = new CornerTaps();
  window.addEventListener('pointerdown', (e) => {
    if (root.hidden && taps.tap(e.clientX, e.clientY, now())) void open();
  });
  for (const type of ['pointerdown', 'keydown', 'input']) root.addEventListener(type, touch);
  return { open };
}
