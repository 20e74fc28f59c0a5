import sharp from 'sharp';
import { liveCamera } from '../support/camera';
import { readFixture } from '../support/fixtures';
import { expect, test } from './support/kiosk-fixture';

// capture.imageFormat: the best frame goes out as lossless PNG when the site asks for it.
test.use({ settingsOverride: { capture: { imageFormat: 'png' } } });

test('sends the best frame as PNG when capture.imageFormat is png', async ({ rig }) => {
  await rig.faceki.enroll({ userId: 'u-obama', name: 'Barack Obama' }, readFixture('obama-1.jpg'));
  const { page } = await rig.open(await liveCamera('obama-1.jpg'));
  await expect(page.locator('body')).toHaveAttribute('data-decision', 'granted');
  const [sent] = rig.faceki.verifyRequests;
  expect(sent?.mime).toBe('image/png');
  expect((await sharp(sent!.bytes).metadata()).format).toBe('png');
});
