import type { Page, TestInfo } from '@playwright/test';
import { noMatch, grantFor } from '../fakes/faceki-server';
import { LETTERBOX, liveCamera, makeCameraY4m } from '../support/camera';
import { readFixture } from '../support/fixtures';
import { expect, test } from './support/kiosk-fixture';

// Every screen of the kiosk as a visitor sees it from a metre away, at the 1024x768 of the Node host:
// the words on it, that they are large, and a screenshot of each in the test's artifacts
// (test-results/playwright/<test>/<name>.png, and attached to the report).

const OBAMA = { userId: 'u-obama', name: 'Barack Obama' };

/** Saves what the kiosk shows and attaches it to the test. */
async function capture(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** The title is readable from a metre away: at least 40 px on this 768 px high screen. */
async function expectLargeTitle(page: Page): Promise<void> {
  const px = await page.locator('#title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(px).toBeGreaterThanOrEqual(40);
}

async function expectScreen(page: Page, title: string | RegExp, detail?: string | RegExp): Promise<void> {
  await expect(page.locator('#title')).toHaveText(title);
  await expect(page.locator('#title')).toBeVisible();
  if (detail !== undefined) await expect(page.locator('#detail')).toHaveText(detail);
  await expectLargeTitle(page);
}

/** Waits until the renderer has run its detector on at least n frames. */
async function framesDetected(page: Page, n: number): Promise<void> {
  await page.waitForFunction((count) => performance.getEntriesByName('facegate:detect').length >= count, n, {
    timeout: 60_000,
  });
}

test('idle: nobody there, a calm invitation to look at the camera', async ({ rig }, testInfo) => {
  const { page } = await rig.open(await makeCameraY4m('no-face.jpg', { filter: LETTERBOX }));
  await framesDetected(page, 5);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'searching');
  await expect(page.locator('body')).toHaveAttribute('data-lang', 'en');
  await expectScreen(page, 'Look at the camera to enter', 'Stand in front of the screen, about one step away');
  await expect(page.locator('#guide')).toBeVisible();
  await expect(page.locator('#operator-alert')).toBeHidden();
  await capture(page, testInfo, 'idle');
  expect(rig.problems, rig.problems.join('\n')).toEqual([]);
});

test('guidance: a face far away is told to step closer, inside the oval', async ({ rig }, testInfo) => {
  const { page } = await rig.open(await liveCamera('obama-240p.jpg', LETTERBOX));
  await expect(page.locator('body')).toHaveAttribute('data-code', 'FACE_TOO_SMALL');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'guiding');
  await expectScreen(page, 'Step closer');
  await expect(page.locator('#guide')).toBeVisible();
  await capture(page, testInfo, 'guidance-step-closer');
});

test('verifying shows progress, then a denial says what to do next', async ({ rig }, testInfo) => {
  // A slow service, so the verifying screen stays up long enough to be seen (and photographed).
  rig.faceki.setVerifyResponder(() => new Promise((resolve) => setTimeout(() => resolve(noMatch()), 2000)));
  const { page } = await rig.open(await liveCamera('obama-1.jpg'));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'verifying');
  await expectScreen(page, 'Checking…', 'One moment, please');
  await expect(page.locator('#progress')).toBeVisible();
  await capture(page, testInfo, 'verifying');

  await expect(page.locator('body')).toHaveAttribute('data-decision', 'denied');
  await expectScreen(page, 'Not recognised', 'Please call reception');
  await expect(page.locator('#progress')).toBeHidden();
  await expect(page.locator('body')).toHaveAttribute('data-cue', 'denied');
  await capture(page, testInfo, 'denied');
  expect(rig.problems, rig.problems.join('\n')).toEqual([]);
});

test('granted: a welcome by name, in English when the service gives no language', async ({ rig }, testInfo) => {
  await rig.faceki.enroll(OBAMA, readFixture('obama-1.jpg'));
  const { page } = await rig.open(await liveCamera('obama-1.jpg'));
  await expect(page.locator('body')).toHaveAttribute('data-decision', 'granted');
  await expectScreen(page, 'Welcome, Barack Obama', 'The door is open');
  await expect(page.locator('body')).toHaveAttribute('data-lang', 'en');
  await expect(page.locator('body')).toHaveAttribute('data-cue', 'granted');
  await capture(page, testInfo, 'granted-en');
  // A kiosk that cannot play sound (no autoplay in this Chromium) still works and says nothing in red.
  expect(rig.problems, rig.problems.join('\n')).toEqual([]);
});

test('granted: a French speaker is welcomed in French', async ({ rig }, testInfo) => {
  await rig.faceki.enroll({ ...OBAMA, language: 'fr' }, readFixture('obama-1.jpg'));
  const { page } = await rig.open(await liveCamera('obama-1.jpg'));
  await expect(page.locator('body')).toHaveAttribute('data-decision', 'granted');
  await expectScreen(page, 'Bienvenue, Barack Obama', 'La porte est ouverte');
  await expect(page.locator('body')).toHaveAttribute('data-lang', 'fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await capture(page, testInfo, 'granted-fr');
});

test('granted: a German speaker is welcomed in German', async ({ rig }, testInfo) => {
  rig.faceki.setVerifyResponder(() => grantFor({ ...OBAMA, language: 'de-AT', confidence: 0.97 }));
  const { page } = await rig.open(await liveCamera('obama-1.jpg'));
  await expect(page.locator('body')).toHaveAttribute('data-decision', 'granted');
  await expectScreen(page, 'Willkommen, Barack Obama', 'Die Tür ist offen');
  await expect(page.locator('body')).toHaveAttribute('data-lang', 'de');
  await capture(page, testInfo, 'granted-de');
});

test.describe('with the verify service unreachable', () => {
  test.use({
    settingsOverride: {
      verifier: {
        verifyUrl: 'http://127.0.0.1:9/verify',
        tokenUrl: 'http://127.0.0.1:9/auth/api/access-token',
        retry: { maxAttempts: 2, baseDelayMs: 10, breakerThreshold: 1, probeIntervalMs: 60_000 },
      },
    },
  });

  test('offline: the result says so, and the banner stays up for the next person', async ({ rig }, testInfo) => {
    const { page } = await rig.open(await liveCamera('obama-1.jpg'));
    await expect(page.locator('body')).toHaveAttribute('data-code', 'OFFLINE');
    await expectScreen(page, 'Offline', 'Please use your badge or call reception');
    await expect(page.locator('#banner')).toBeVisible();
    await expect(page.locator('#banner')).toHaveText(
      'Offline: face entry is unavailable, please use your badge or call reception',
    );
    await capture(page, testInfo, 'offline');
  });
});

test.describe('with no relay at the configured path', () => {
  test.use({ settingsOverride: { relay: { port: '/dev/facegate-no-such-relay', reconnectMs: 200 } } });

  test('relay alert: the operator corner names it while the kiosk keeps inviting people', async ({ rig }, testInfo) => {
    const { page } = await rig.open(await makeCameraY4m('no-face.jpg', { filter: LETTERBOX }));
    await framesDetected(page, 5);
    await expect(page.locator('#operator-alert')).toHaveText('Door controller unavailable');
    await expect(page.locator('#operator-alert')).toBeVisible();
    await expectScreen(page, 'Look at the camera to enter');
    await capture(page, testInfo, 'relay-alert');
  });

  test('granted with the door shut: welcomed, told the door did not open, not in green', async ({ rig }, testInfo) => {
    await rig.faceki.enroll(OBAMA, readFixture('obama-1.jpg'));
    const { page } = await rig.open(await liveCamera('obama-1.jpg'));
    await expect(page.locator('body')).toHaveAttribute('data-door', 'shut');
    await expectScreen(page, 'Welcome, Barack Obama', 'The door did not open: please call reception');
    // The sound says "no": this person should not push the door.
    await expect(page.locator('body')).toHaveAttribute('data-cue', 'denied');
    await capture(page, testInfo, 'granted-door-shut');
  });
});

test('camera unplugged and plugged back: the kiosk says so, then recovers by itself', async ({ rig }, testInfo) => {
  const { page } = await rig.open(await makeCameraY4m('no-face.jpg', { filter: LETTERBOX }));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'searching');
  // Unplug: no camera can be opened, and the open track ends as Chromium ends it when the USB camera goes.
  await page.evaluate(() => {
    const media = navigator.mediaDevices as MediaDevices & { realGetUserMedia?: MediaDevices['getUserMedia'] };
    media.realGetUserMedia = media.getUserMedia.bind(media);
    media.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
    const video = document.getElementById('camera') as HTMLVideoElement;
    const track = (video.srcObject as MediaStream).getVideoTracks()[0]!;
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
  await expect(page.locator('body')).toHaveAttribute('data-camera', 'lost');
  await expectScreen(page, 'Camera unavailable: please call reception');
  await expect(page.locator('#operator-alert')).toHaveText('Camera disconnected: reconnecting…');
  await capture(page, testInfo, 'camera-lost');

  // Plug back in: the next retry (every few seconds) opens it again, and the kiosk invites people again.
  await page.evaluate(() => {
    const media = navigator.mediaDevices as MediaDevices & { realGetUserMedia?: MediaDevices['getUserMedia'] };
    media.getUserMedia = media.realGetUserMedia!;
  });
  await expect(page.locator('body')).toHaveAttribute('data-camera', 'ok', { timeout: 15_000 });
  await expectScreen(page, 'Look at the camera to enter');
  await expect(page.locator('#operator-alert')).toBeHidden();
});

test('camera missing at start: a fault screen for the visitor, the cause for the operator', async ({
  rig,
}, testInfo) => {
  const { page } = await rig.open(await makeCameraY4m('no-face.jpg'));
  // This machine has no camera: the page lists none from the next load on.
  await page.addInitScript(() => {
    navigator.mediaDevices.enumerateDevices = () => Promise.resolve([]);
  });
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'fault');
  await expect(page.locator('body')).toHaveAttribute('data-code', 'CAMERA_UNAVAILABLE');
  await expectScreen(page, 'Camera unavailable: please call reception', '');
  await expect(page.locator('#operator-alert')).toHaveText('No camera, or camera access refused (CAMERA_UNAVAILABLE)');
  await capture(page, testInfo, 'camera-missing');
});
