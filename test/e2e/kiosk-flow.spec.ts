import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import sharp from 'sharp';
import { LETTERBOX, liveCamera, makeCameraY4m } from '../support/camera';
import { readFixture } from '../support/fixtures';
import { expect, test } from './support/kiosk-fixture';

const ON = Buffer.from([0xa0, 0x01, 0x01, 0xa2]);
const OFF = Buffer.from([0xa0, 0x01, 0x00, 0xa1]);

test('a face in the camera opens the door: verify call, logged attempt, relay pulse', async ({ rig }) => {
  // The fake matches real face descriptors (enrolled from obama-2, recognised in a camera video of
  // obama-1; test/unit/fakes/face-matching.test.ts covers the other pairs).
  await rig.faceki.enroll({ userId: 'u-obama', name: 'Barack Obama' }, readFixture('obama-2.jpg'));
  const camera = await liveCamera('obama-1.jpg');
  const { page, origin } = await rig.open(camera);

  await expect(page.locator('body')).toHaveAttribute('data-decision', 'granted');
  // Models and .wasm came from the app itself: nothing was fetched from anywhere else (no CDN).
  expect(rig.requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url))).toEqual([]);
  expect(rig.requests.some((url) => url.endsWith('/models/blazeface.json'))).toBe(true);
  expect(rig.requests.some((url) => /\/wasm\/tfjs-backend-wasm[\w-]*\.wasm$/.test(url))).toBe(true);
  await expect(page.locator('#title')).toHaveText('Welcome, Barack Obama');

  // The fake saw exactly one verify, with a bearer token it issued and a real 640x480 JPEG of a face.
  expect(rig.faceki.verifyRequests).toHaveLength(1);
  const sent = rig.faceki.verifyRequests[0]!;
  expect(sent.authorization).toMatch(/^Bearer \S+/);
  expect(sent.field).toBe('image');
  expect(sent.mime).toBe('image/jpeg');
  const meta = await sharp(sent.bytes).metadata();
  // The best frame cropped around the face with a margin (FACEKI wants >= 15 px around it).
  expect(meta.format).toBe('jpeg');
  expect(meta.width).toBeGreaterThan(200);
  expect(meta.width).toBeLessThanOrEqual(640);
  expect(meta.height).toBeLessThanOrEqual(480);

  // On the far end of the PTY: the rest frame sent when the relay was opened at start, then "on",
  // then, after the pulse, "off".
  expect(await rig.relay.waitForBytes(12, 10_000)).toEqual(Buffer.concat([OFF, ON, OFF]));

  // The attempt is in the SQLite file, read by a separate connection.
  const db = new BetterSqlite3(join(rig.dataDir, 'facegate.db'), { readonly: true });
  const rows = db.prepare('SELECT decision, code, user_id, user_name, door_opened, source, online FROM attempts').all();
  db.close();
  expect(rows).toEqual([
    {
      decision: 'granted',
      code: 'OK',
      user_id: 'u-obama',
      user_name: 'Barack Obama',
      door_opened: 1,
      source: 'kiosk',
      online: 1,
    },
  ]);
  expect(rig.problems, rig.problems.join('\n')).toEqual([]);
});

test('a stranger is denied and the relay stays silent', async ({ rig }) => {
  await rig.faceki.enroll({ userId: 'u-obama', name: 'Barack Obama' }, readFixture('obama-1.jpg'));
  const camera = await liveCamera('biden-1.jpg', 'crop=iw:iw*3/4:0:ih*0.02,scale=640:480,setsar=1');
  const { page } = await rig.open(camera);
  await expect(page.locator('body')).toHaveAttribute('data-decision', 'denied');
  await expect(page.locator('#title')).toHaveText('Not recognised');
  expect(rig.faceki.verifyRequests).toHaveLength(1);
  await page.waitForTimeout(500);
  // Only the rest frame sent when the relay was opened at start: never "on".
  expect(rig.relay.received()).toEqual(OFF);
});

/** Waits until the renderer has run its detector on at least n frames. */
async function framesDetected(page: import('@playwright/test').Page, n: number): Promise<void> {
  // Active and idle detections both count: an empty scene drops to the idle pace.
  await page.waitForFunction(
    (count) =>
      performance.getEntriesByName('facegate:detect').length +
        performance.getEntriesByName('facegate:detect-idle').length >=
      count,
    n,
    {
      timeout: 60_000,
    },
  );
}

test('a small face far away is told to step closer and never sent', async ({ rig }) => {
  const camera = await liveCamera('obama-240p.jpg', LETTERBOX);
  const { page } = await rig.open(camera);
  await framesDetected(page, 15);
  await expect(page.locator('body')).toHaveAttribute('data-code', 'FACE_TOO_SMALL');
  await expect(page.locator('#title')).toHaveText('Step closer');
  expect(rig.faceki.verifyRequests).toHaveLength(0);
});

test('two people are asked to come one at a time and never sent', async ({ rig }) => {
  const camera = await liveCamera('two-people.jpg', LETTERBOX);
  const { page } = await rig.open(camera);
  await framesDetected(page, 15);
  await expect(page.locator('body')).toHaveAttribute('data-code', 'TOO_MANY_FACES');
  expect(rig.faceki.verifyRequests).toHaveLength(0);
});

test('an empty scene keeps searching and sends nothing', async ({ rig }) => {
  const camera = await makeCameraY4m('no-face.jpg', { filter: LETTERBOX });
  const { page } = await rig.open(camera);
  await framesDetected(page, 15);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'searching');
  expect(rig.faceki.verifyRequests).toHaveLength(0);
});

test('a face cut off by the frame is told to move to the centre and never sent', async ({ rig }) => {
  const camera = await liveCamera('obama-partial.jpg');
  const { page } = await rig.open(camera);
  await framesDetected(page, 15);
  await expect(page.locator('body')).toHaveAttribute('data-code', /^(FACE_CROPPED|FACE_CLOSE_TO_BORDER)$/);
  await expect(page.locator('#title')).toHaveText('Move to the centre');
  expect(rig.faceki.verifyRequests).toHaveLength(0);
});

test('a stage clip with small faces far away never qualifies, through the whole clip', async ({ rig }) => {
  // 10 s at 30 fps played in real time by the fake camera: 300 detections cover the whole clip.
  const camera = await makeCameraY4m('hamilton-clip.mp4', { seconds: 10, filter: LETTERBOX });
  const { page } = await rig.open(camera);
  await framesDetected(page, 300);
  expect(rig.faceki.verifyRequests).toHaveLength(0);
  expect(await page.locator('body').getAttribute('data-state')).not.toBe('verifying');
});

test('a still photo held up to the camera is never sent: the frozen picture is a fault, not a face', async ({
  rig,
}) => {
  await rig.faceki.enroll({ userId: 'u-obama', name: 'Barack Obama' }, readFixture('obama-1.jpg'));
  // One photo, every frame identical: what a printed picture in front of a fixed camera gives.
  const camera = await makeCameraY4m('obama-1.jpg');
  const { page } = await rig.open(camera);
  await framesDetected(page, 40);
  await expect(page.locator('body')).toHaveAttribute('data-code', /^(CAMERA_FROZEN|LIVENESS_FAILED)$/);
  expect(rig.faceki.verifyRequests).toHaveLength(0);
  expect(rig.services.attempts.list()).toEqual([]);
});
