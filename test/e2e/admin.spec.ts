import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { LETTERBOX, makeCameraY4m } from '../support/camera';
import { expect, RIG_ADMIN_PIN, test } from './support/kiosk-fixture';

// The operator's admin screen in Chromium through the Node host, against the real core (settings
// file, SQLite, PIN lock), a fake FACEKI on 127.0.0.1 and a socat PTY for the relay. Screenshots
// of each screen are attached to the test (test-results/playwright/<test>/).

async function capture(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, animations: 'disabled', fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

async function openKiosk(rig: { open: (camera: string) => Promise<{ page: Page }> }): Promise<Page> {
  const { page } = await rig.open(await makeCameraY4m('no-face.jpg', { filter: LETTERBOX }));
  await expect(page.locator('body')).toHaveAttribute('data-admin', 'closed');
  return page;
}

/** Types a PIN on the on-screen keypad, as a finger would, and presses OK. */
async function enterPin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.locator(`.pin-key[data-key="${digit}"]`).click();
  await page.locator('#admin-pin-ok').click();
}

async function unlock(page: Page): Promise<void> {
  await page.keyboard.press('Control+Alt+Shift+A');
  await expect(page.locator('#admin-pin-pad')).toBeVisible();
  await enterPin(page, RIG_ADMIN_PIN);
  await expect(page.locator('body')).toHaveAttribute('data-admin', 'open');
  await expect(page.locator('#field-relay-port')).not.toHaveValue('');
}

test.describe('PIN', () => {
  test.use({ settingsOverride: { admin: { maxPinAttempts: 3, lockoutMinutes: 5 } } });

  test('the key chord asks for the PIN; wrong PINs count down, then the screen locks', async ({ rig }, testInfo) => {
    const page = await openKiosk(rig);
    await page.keyboard.press('Control+Alt+Shift+A');
    await expect(page.locator('body')).toHaveAttribute('data-admin', 'pin');
    await capture(page, testInfo, 'pin-pad');
    await enterPin(page, '000000');
    await expect(page.locator('#admin-pin-message')).toHaveText('Wrong PIN: 2 attempts left.');
    await enterPin(page, '000001');
    await expect(page.locator('#admin-pin-message')).toHaveText('Wrong PIN: 1 attempt left.');
    await enterPin(page, '000002');
    await expect(page.locator('body')).toHaveAttribute('data-admin', 'locked');
    await expect(page.locator('#admin-pin-message')).toContainText('Too many wrong PINs: locked until');
    await expect(page.locator('#admin-pin')).toBeDisabled();
    await capture(page, testInfo, 'pin-locked');
    // The page cannot get round the lock: main refuses even the right PIN until the lockout ends.
    const direct = await page.evaluate((pin) => window.kiosk.adminUnlock({ pin }), RIG_ADMIN_PIN);
    expect(direct).toMatchObject({ ok: true, value: { unlocked: false, attemptsLeft: 0 } });
    const settings = await page.evaluate(() => window.kiosk.adminGetSettings(null));
    expect(settings).toMatchObject({ ok: false, code: 'ADMIN_REQUIRED' });
    expect(readFileSync(join(rig.dataDir, 'logs', 'facegate.log'), 'utf8')).toContain('admin PIN locked out');
  });

  test('five taps in the top-left corner open the PIN pad; the right PIN opens the admin screen', async ({ rig }) => {
    const page = await openKiosk(rig);
    for (let i = 0; i < 5; i++) await page.mouse.click(20, 20);
    await expect(page.locator('body')).toHaveAttribute('data-admin', 'pin');
    await enterPin(page, RIG_ADMIN_PIN);
    await expect(page.locator('body')).toHaveAttribute('data-admin', 'open');
    await page.locator('#admin-close').click();
    await expect(page.locator('body')).toHaveAttribute('data-admin', 'closed');
    expect(await page.evaluate(() => window.kiosk.adminHealth(null))).toMatchObject({
      ok: false,
      code: 'ADMIN_REQUIRED',
    });
  });
});

test('a setting is validated on screen, refused when wrong, saved when right, and used after closing', async ({
  rig,
}, testInfo) => {
  const page = await openKiosk(rig);
  await unlock(page);
  const file = join(rig.dataDir, 'settings.json');
  const before = readFileSync(file, 'utf8');
  await page.locator('#field-relay-openMs').fill('50');
  await expect(page.locator('#field-relay-openMs-error')).toContainText('>=200');
  await page.locator('#admin-save').click();
  await expect(page.locator('#admin-save-result')).toHaveAttribute('data-ok', 'false');
  await capture(page, testInfo, 'settings-invalid');
  expect(readFileSync(file, 'utf8')).toBe(before);

  await page.locator('#field-relay-openMs').fill('1200');
  await page.locator('#field-kiosk-language').selectOption('fr');
  await expect(page.locator('#field-relay-openMs-error')).toHaveText('');
  await page.locator('#admin-save').click();
  await expect(page.locator('#admin-save-result')).toHaveAttribute('data-ok', 'true');
  await capture(page, testInfo, 'settings-saved');
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { relay: { openMs: number }; kiosk: { language: string } };
  expect(saved.relay.openMs).toBe(1200);
  expect(saved.kiosk.language).toBe('fr');

  // Closing restarts the kiosk on the new settings: its words are now French.
  await page.locator('#admin-close').click();
  await expect(page.locator('body')).toHaveAttribute('data-lang', 'fr', { timeout: 30_000 });
  await expect(page.locator('body')).toHaveAttribute('data-state', 'searching', { timeout: 60_000 });
  expect(rig.problems, rig.problems.join('\n')).toEqual([]);
});

test('"test relay" pulses the door on the PTY and the kiosk takes the port back', async ({ rig }, testInfo) => {
  const page = await openKiosk(rig);
  await unlock(page);
  await rig.relay.waitForBytes(4);
  const before = rig.relay.received().length;
  await page.locator('#field-relay-openMs').fill('400');
  await page.locator('#test-relay').click();
  await expect(page.locator('#test-relay-result')).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
  await expect(page.locator('#test-relay-result')).toContainText('opened for 400 ms');
  const frames = rig.relay.received().subarray(before).toString('hex').match(/.{8}/g) ?? [];
  expect(frames).toContain('a00101a2');
  expect(frames.at(-1)).toBe('a00100a1');
  await capture(page, testInfo, 'relay-tested');

  await page.locator('#field-relay-port').fill(join(rig.dataDir, 'no-such-tty'));
  await page.locator('#test-relay').click();
  await expect(page.locator('#test-relay-result')).toHaveAttribute('data-code', 'RELAY_UNAVAILABLE', {
    timeout: 15_000,
  });
  await page.locator('#tab-health').click();
  await expect(page.locator('dt[data-health="relay"]')).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
});

test('"test connection" asks the verify service for a token with the values in the form', async ({ rig }, testInfo) => {
  const page = await openKiosk(rig);
  await unlock(page);
  await page.locator('#test-connection').click();
  await expect(page.locator('#test-connection-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.locator('#admin-preview')).toHaveAttribute('data-live', 'true');
  await capture(page, testInfo, 'settings-verifier-camera');
  await page.locator('#field-clientSecret').fill('not-the-secret');
  await page.locator('#test-connection').click();
  await expect(page.locator('#test-connection-result')).toHaveAttribute('data-code', 'AUTH_FAILED');
});

test('the attempt log is filtered on screen and exported as CSV', async ({ rig }, testInfo) => {
  const base = { source: 'kiosk' as const, latencyMs: 12, online: true, doorOpened: false };
  for (let i = 0; i < 7; i++) {
    rig.services.attempts.record({
      ...base,
      createdAt: new Date(Date.UTC(2026, 10, 20 + (i % 5), 8, i)).toISOString(),
      decision: i % 3 === 0 ? 'granted' : 'denied',
      code: i % 3 === 0 ? 'OK' : 'NO_MATCH',
      ...(i % 3 === 0 && { userId: `u${i}`, userName: `Person ${i}` }),
      doorOpened: i % 3 === 0,
    });
  }
  const page = await openKiosk(rig);
  await unlock(page);
  await page.locator('#tab-attempts').click();
  await expect(page.locator('#attempts-status')).toHaveAttribute('data-total', '7');
  await page.locator('#filter-decision').selectOption('granted');
  await page.locator('#filter-apply').click();
  await expect(page.locator('#attempts-status')).toHaveAttribute('data-total', '3');
  await expect(page.locator('#attempts-table tbody tr')).toHaveCount(3);
  await capture(page, testInfo, 'attempt-log');

  const download = page.waitForEvent('download');
  await page.locator('#export-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^facegate-attempts-.*\.csv$/);
  const csv = readFileSync(await file.path(), 'utf8')
    .trimEnd()
    .split('\n');
  expect(csv[0]).toMatch(/^id,createdAt,source,decision,code,userId,userName/);
  expect(csv.slice(1)).toHaveLength(3);
  expect(csv.slice(1).every((line) => line.includes(',granted,OK,'))).toBe(true);
});

test('health shows camera, model, service, relay, settings and storage', async ({ rig }, testInfo) => {
  const page = await openKiosk(rig);
  // Wait for the models, so the model line has something to say.
  await expect(page.locator('body')).toHaveAttribute('data-state', 'searching', { timeout: 60_000 });
  await unlock(page);
  await page.locator('#tab-health').click();
  for (const name of ['camera', 'model', 'service', 'relay', 'settings', 'storage']) {
    await expect(page.locator(`dt[data-health="${name}"]`)).toHaveAttribute('data-ok', 'true');
  }
  await expect(page.locator('#admin-preview')).toHaveAttribute('data-live', 'true');
  await capture(page, testInfo, 'health');
});

test('a broken settings file: the kiosk runs on the last good settings and names the file on screen', async ({
  rig,
}, testInfo) => {
  const file = join(rig.dataDir, 'settings.json');
  writeFileSync(file, '{"relay": {"openMs": ');
  await rig.app.restart();
  const page = await openKiosk(rig);
  await expect(page.locator('body')).toHaveAttribute('data-config-fault', 'INVALID_CONFIG');
  await expect(page.locator('#operator-alert')).toContainText('INVALID_CONFIG');
  await expect(page.locator('#operator-alert')).toContainText(file);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'searching', { timeout: 60_000 });
  await capture(page, testInfo, 'config-fallback');

  // With no good copy either, the kiosk shows the fault and the file; the admin screen can still repair it.
  rmSync(join(rig.dataDir, 'settings.last-good.json'));
  await rig.app.restart();
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'fault');
  await expect(page.locator('body')).toHaveAttribute('data-code', 'INVALID_CONFIG');
  await expect(page.locator('#operator-alert')).toContainText(file);
  await capture(page, testInfo, 'config-fault');
  await page.keyboard.press('Control+Alt+Shift+A');
  await enterPin(page, RIG_ADMIN_PIN);
  await expect(page.locator('#admin-settings-path')).toContainText('is invalid');
  await page.locator('#admin-save').click();
  await expect(page.locator('#admin-save-result')).toHaveAttribute('data-ok', 'true');
  await page.locator('#admin-close').click();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'searching', { timeout: 60_000 });
});

test.describe('in French', () => {
  test.use({ settingsOverride: { kiosk: { language: 'fr', startAtLogin: false } } });

  test('the admin screen speaks the kiosk’s language', async ({ rig }, testInfo) => {
    const page = await openKiosk(rig);
    // Main tells the page its language just after start-up: the screen is built in the language of that moment.
    await expect(page.locator('body')).toHaveAttribute('data-lang', 'fr');
    await page.keyboard.press('Control+Alt+Shift+A');
    await expect(page.locator('#admin-pin-pad h2')).toHaveText('PIN administrateur');
    await expect(page.locator('#admin-pin-cancel')).toHaveText('Annuler');
    await enterPin(page, '000000');
    await expect(page.locator('#admin-pin-message')).toHaveText(/^PIN erroné\u00a0: \d+ essais restants\.$/);
    await capture(page, testInfo, 'pin-pad-fr');

    await enterPin(page, RIG_ADMIN_PIN);
    await expect(page.locator('body')).toHaveAttribute('data-admin', 'open');
    await expect(page.locator('#field-relay-port')).not.toHaveValue('');
    await expect(page.locator('#tab-settings')).toHaveText('Réglages');
    await expect(page.locator('#tab-attempts')).toHaveText('Journal des tentatives');
    await expect(page.locator('#section-relay legend')).toHaveText('Relais de porte');
    await expect(page.locator('label[for="field-relay-openMs"]')).toHaveText('Durée d’ouverture de la porte (ms)');
    await expect(page.locator('#admin-save')).toHaveText('Enregistrer');
    await capture(page, testInfo, 'settings-fr');
  });
});
