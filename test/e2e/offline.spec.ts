import { liveCamera } from '../support/camera';
import { expect, test } from './support/kiosk-fixture';

// The verify service is gone (nothing listens on the port): the person is told "offline" and the
// door stays shut; once the circuit opens, the kiosk says so up front, before anyone waits.
test.use({
  settingsOverride: {
    verifier: {
      verifyUrl: 'http://127.0.0.1:9/verify',
      tokenUrl: 'http://127.0.0.1:9/auth/api/access-token',
      retry: { maxAttempts: 2, baseDelayMs: 10, breakerThreshold: 1, probeIntervalMs: 60_000 },
    },
  },
});

test('an unreachable service gives an offline screen, a queued attempt, and the offline banner', async ({ rig }) => {
  const { page } = await rig.open(await liveCamera('obama-1.jpg'));
  await expect(page.locator('body')).toHaveAttribute('data-decision', 'error');
  await expect(page.locator('body')).toHaveAttribute('data-code', 'OFFLINE');
  await expect(page.locator('#title')).toHaveText('Offline');
  await expect(page.locator('body')).toHaveAttribute('data-service', 'offline');
  await expect(page.locator('#banner')).toBeVisible();
  const [row] = rig.services.attempts.list();
  expect(row).toMatchObject({
    decision: 'error',
    code: 'OFFLINE',
    online: false,
    syncState: 'queued',
    doorOpened: false,
  });
  // Only the rest frame sent when the relay was opened: the door never opened.
  expect(rig.relay.received()).toEqual(Buffer.from([0xa0, 0x01, 0x00, 0xa1]));
});
