import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { LETTERBOX, makeCameraY4m } from '../../support/camera';
import { ELECTRON_ADMIN_PIN, electronOrSkip, launchKiosk, type ElectronKiosk } from './electron-app';

// The admin screen flows of test/e2e/admin.spec.ts, in the real Electron app: key chord through
// the blocked-chord filter, PIN through the sandboxed preload, settings through electron-store,
// the relay test on a socat PTY, and the CSV export saved by main's download handler. They skip,
// saying why, where there is no Electron binary (PLATFORM.md).

const SPEC = 'admin.electron.spec';
let kiosk: ElectronKiosk | null = null;

// eslint-disable-next-line no-empty-pattern -- Playwright hands testInfo second, after the fixtures object
test.afterEach(async ({}, testInfo) => {
  if (kiosk && testInfo.status !== testInfo.expectedStatus) {
    console.log(`[${SPEC}] Electron output:\n${kiosk.output.join('')}`);
  }
  await kiosk?.close();
  kiosk = null;
});

async function start(settings = {}): Promise<Page> {
  const binary = electronOrSkip(SPEC);
  test.setTimeout(240_000);
  kiosk = await launchKiosk(binary, await makeCameraY4m('no-face.jpg', { filter: LETTERBOX }), settings);
  await expect(kiosk.page.locator('body')).toHaveAttribute('data-admin', 'closed', { timeout: 60_000 });
  return kiosk.page;
}

async function enterPin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.locator(`.pin-key[data-key="${digit}"]`).click();
  await page.locator('#admin-pin-ok').click();
}

async function unlock(page: Page): Promise<void> {
  await page.keyboard.press('Control+Alt+Shift+A');
  await enterPin(page, ELECTRON_ADMIN_PIN);
  await expect(page.locator('body')).toHaveAttribute('data-admin', 'open');
  await expect(page.locator('#field-relay-port')).not.toHaveValue('');
}

test('Electron: PIN entry counts down and locks; the page cannot get round the lock', async () => {
  const page = await start({ admin: { maxPinAttempts: 3, lockoutMinutes: 5 } });
  await page.keyboard.press('Control+Alt+Shift+A');
  await expect(page.locator('body')).toHaveAttribute('data-admin', 'pin');
  await enterPin(page, '000000');
  await expect(page.locator('#admin-pin-message')).toHaveText('Wrong PIN: 2 attempts left.');
  await enterPin(page, '000001');
  await enterPin(page, '000002');
  await expect(page.locator('body')).toHaveAttribute('data-admin', 'locked');
  const direct = await page.evaluate((pin) => window.kiosk.adminUnlock({ pin }), ELECTRON_ADMIN_PIN);
  expect(direct).toMatchObject({ ok: true, value: { unlocked: false, attemptsLeft: 0 } });
});

test('Electron: a setting is refused when wrong, saved through electron-store when right', async () => {
  const page = await start();
  await unlock(page);
  await page.locator('#field-relay-openMs').fill('50');
  await page.locator('#admin-save').click();
  await expect(page.locator('#admin-save-result')).toHaveAttribute('data-ok', 'false');
  await page.locator('#field-relay-openMs').fill('1500');
  await page.locator('#admin-save').click();
  await expect(page.locator('#admin-save-result')).toHaveAttribute('data-ok', 'true');
  const saved = JSON.parse(readFileSync(join(kiosk!.dataDir, 'settings.json'), 'utf8')) as {
    relay: { openMs: number };
  };
  expect(saved.relay.openMs).toBe(1500);
  // The sealed secrets were adopted into the OS keychain where one exists, never left in clear.
  expect(readFileSync(join(kiosk!.dataDir, 'secrets.json'), 'utf8')).not.toContain(ELECTRON_ADMIN_PIN);
});

test('Electron: "test relay" pulses the PTY', async () => {
  const page = await start();
  await unlock(page);
  await kiosk!.relay.waitForBytes(4);
  const before = kiosk!.relay.received().length;
  await page.locator('#test-relay').click();
  await expect(page.locator('#test-relay-result')).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
  const frames = kiosk!.relay.received().subarray(before).toString('hex').match(/.{8}/g) ?? [];
  expect(frames).toContain('a00101a2');
  expect(frames.at(-1)).toBe('a00100a1');
});

test('Electron: the CSV export is saved in the data folder without a dialog', async () => {
  const page = await start();
  await unlock(page);
  await page.locator('#tab-attempts').click();
  await page.locator('#export-csv').click();
  await expect(page.locator('#attempts-status')).toContainText('exported');
  const exports = join(kiosk!.dataDir, 'exports');
  await expect.poll(() => (existsSync(exports) ? readdirSync(exports) : [])).toHaveLength(1);
  const [name] = readdirSync(exports);
  expect(readFileSync(join(exports, name!), 'utf8')).toMatch(/^id,createdAt,source,decision,code/);
});

test('Electron: the security baseline holds in the real shell', async () => {
  const page = await start();
  const probe = await page.evaluate(async () => {
    const opened = window.open('https://example.com/');
    let audio = 'granted';
    try {
      await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      audio = 'denied';
    }
    return { opened: opened === null, audio, origin: location.origin, href: location.href };
  });
  expect(probe).toMatchObject({ opened: true, audio: 'denied', href: 'app://facegate/index.html' });
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe('app://facegate/index.html');
  // Ctrl+R is swallowed by the shell (a reload would drop the camera and reset the kiosk).
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.keyboard.press('Control+R');
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
});
