import { startRelayPty } from '../fakes/relay-pty';
import { liveCamera, makeCameraY4m } from '../support/camera';
import { readFixture } from '../support/fixtures';
import { expect, test } from './support/kiosk-fixture';

// The operator sees the door controller's state on the kiosk; people are still verified and logged.

test('an unplugged relay shows an operator alert, and it clears by itself when the board is back', async ({ rig }) => {
  const { page } = await rig.open(await makeCameraY4m('no-face.jpg'));
  await expect(page.locator('body')).toHaveAttribute('data-relay', 'connected');
  await expect(page.locator('#operator-alert')).toBeHidden();

  await rig.relay.close(); // unplug: the socat pair goes away
  await expect(page.locator('body')).toHaveAttribute('data-relay', 'unavailable');
  await expect(page.locator('#operator-alert')).toHaveText('Door controller unavailable');

  const replugged = await startRelayPty(rig.dataDir); // plug back in, on the same device path
  try {
    await expect(page.locator('body')).toHaveAttribute('data-relay', 'connected');
    await expect(page.locator('#operator-alert')).toBeHidden();
    // Reconnecting rests the contact before anything else: the board's first bytes are "close".
    expect((await replugged.waitForBytes(4)).subarray(0, 4)).toEqual(Buffer.from([0xa0, 0x01, 0x00, 0xa1]));
  } finally {
    await replugged.close();
  }
});

test.describe('with no relay at the configured path', () => {
  test.use({ settingsOverride: { relay: { port: '/dev/facegate-no-such-relay', reconnectMs: 200 } } });

  test('a recognised person is welcomed, told the door did not open, and the attempt says so', async ({ rig }) => {
    await rig.faceki.enroll({ userId: 'u-obama', name: 'Barack Obama' }, readFixture('obama-1.jpg'));
    const { page } = await rig.open(await liveCamera('obama-1.jpg'));
    await expect(page.locator('#operator-alert')).toHaveText('Door controller unavailable');
    await expect(page.locator('body')).toHaveAttribute('data-decision', 'granted');
    await expect(page.locator('body')).toHaveAttribute('data-door', 'shut');
    await expect(page.locator('#detail')).toHaveText('The door did not open: please call reception');
    expect(rig.services.attempts.list()).toEqual([
      expect.objectContaining({ decision: 'granted', code: 'RELAY_UNAVAILABLE', doorOpened: false, userId: 'u-obama' }),
    ]);
  });
});
