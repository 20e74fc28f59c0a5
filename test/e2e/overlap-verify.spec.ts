import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { defaultSettings } from '../../electron/common/settings';
import { FaceEmbedder } from '../../electron/core/face/face-embedder';
import { enrolLocal } from '../../electron/core/gallery/enrolment';
import { liveCamera, makeCameraY4m, TOP_4_3 } from '../support/camera';
import { readFixture } from '../support/fixtures';
import { walkUpCamera } from '../support/walk-up-camera';
import { expect, test } from './support/kiosk-fixture';

// Overlapped verify in Chromium against the real core: a kiosk that recognises faces itself
// (verifier.mode 'local', so capture.overlapVerify 'auto' is on), obama-2 enrolled in its SQLite
// gallery, the relay on a socat PTY. The best frame goes to main while liveness still watches; the
// door opens only when the match and liveness agree.

const ON = 'a00101a2';
const OFF = 'a00100a1';

interface AttemptRow {
  decision: string;
  code: string;
  user_id: string | null;
  door_opened: number;
  verifier: string | null;
  verify_path: string | null;
  detail: string | null;
}

function attempts(dataDir: string): AttemptRow[] {
  const db = new BetterSqlite3(join(dataDir, 'facegate.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT decision, code, user_id, door_opened, verifier, verify_path, detail FROM attempts ORDER BY id')
      .all() as AttemptRow[];
  } finally {
    db.close();
  }
}

test.use({ settingsOverride: { verifier: { mode: 'local' } } });

async function enrolObama(rig: { services: { gallery: unknown } }): Promise<string> {
  const person = await enrolLocal(
    rig.services.gallery as never,
    await FaceEmbedder.load(),
    defaultSettings().local,
    { name: 'Barack Obama' },
    [readFixture('obama-2.jpg')],
  );
  return person.id;
}

test.describe('liveness that watches longer than the gate holds', () => {
  // Liveness asks for ten frames here, the gate three: the frame is certain to leave before liveness
  // decides. (With the defaults liveness may already be satisfied when the gate is, and the frame then
  // goes the sequential way: both are logged as such.)
  test.use({ settingsOverride: { verifier: { mode: 'local' }, liveness: { minLiveFrames: 10, windowFrames: 10 } } });
  test('a swaying face is verified while liveness watches, then let in: the door byte on the PTY, the overlap logged', async ({
    rig,
  }) => {
    const personId = await enrolObama(rig);
    const { page } = await rig.open(await liveCamera('obama-1.jpg'));
    await expect(page.locator('body')).toHaveAttribute('data-decision', 'granted');
    await expect(page.locator('#title')).toHaveText('Welcome, Barack Obama');
    await rig.relay.waitForBytes(12, 10_000);
    expect(rig.relay.received().toString('hex').match(/.{8}/g)).toEqual([OFF, ON, OFF]);
    expect(attempts(rig.dataDir)).toEqual([
      {
        decision: 'granted',
        code: 'OK',
        user_id: personId,
        door_opened: 1,
        verifier: 'local',
        verify_path: 'overlap',
        detail: null,
      },
    ]);
    expect(rig.problems, rig.problems.join('\n')).toEqual([]);
  });
});

test('a still photo of an enrolled person: the match answers, liveness says no, the door stays shut and the attempt is logged', async ({
  rig,
}) => {
  const personId = await enrolObama(rig);
  // The photo held still before a live camera: sensor noise makes every frame differ (so it is not a
  // frozen camera), but the face does not move.
  const camera = await makeCameraY4m('obama-1.jpg', { filter: `${TOP_4_3},noise=alls=2:allf=t`, seconds: 2 });
  const { page } = await rig.open(camera);
  await expect(page.locator('body')).toHaveAttribute('data-decision', 'denied');
  await expect(page.locator('body')).toHaveAttribute('data-code', 'LIVENESS_FAILED');
  await expect(page.locator('body')).toHaveAttribute('data-door', 'shut');
  const rows = attempts(rig.dataDir);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    decision: 'denied',
    code: 'LIVENESS_FAILED',
    // Whom the photo matched stays in the audit trail.
    user_id: personId,
    door_opened: 0,
    verifier: 'local',
    verify_path: 'overlap',
  });
  expect(rows[0]!.detail).toMatch(/^liveness failed after the verifier answered granted OK/);
  // Nothing but the rest frame sent at start ever reached the relay.
  await page.waitForTimeout(500);
  expect(rig.relay.received().toString('hex').match(/.{8}/g)).toEqual([OFF]);
  expect(rig.problems, rig.problems.join('\n')).toEqual([]);
});

test.describe('visitors one after another', () => {
  // A short result screen, so the loop goes on to the next visitor of the looping walk-up video.
  test.use({ settingsOverride: { verifier: { mode: 'local' }, resultDisplayMs: 1_500 } });
  test('a visitor who walks up to a kiosk gone idle is let in: the idle pace leaves the liveness models on for the next face', async ({
    rig,
  }) => {
    test.setTimeout(180_000);
    await enrolObama(rig);
    // Four seconds of the empty lobby (the loop drops to its idle pace, the detector alone), then him, again and again.
    const { file } = await walkUpCamera(4, 4);
    const { page } = await rig.open(file);
    // The loop has gone idle at least once: every attempt from now on is a visitor meeting an idle kiosk.
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByName('facegate:detect-idle').length), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const before = attempts(rig.dataDir).length;
    await expect.poll(() => attempts(rig.dataDir).length, { timeout: 60_000 }).toBeGreaterThan(before);
    expect(attempts(rig.dataDir)[before]).toMatchObject({ decision: 'granted', code: 'OK', door_opened: 1 });
    await rig.relay.waitForBytes(12, 10_000);
    expect(rig.relay.received().toString('hex').match(/.{8}/g)!.slice(0, 3)).toEqual([OFF, ON, OFF]);
  });
});
