import { makeCameraY4m } from '../support/camera';
import { expect, test } from './support/kiosk-fixture';

// The renderer is untrusted: these go through the real binding and dispatcher in Chromium.

test('a frame that is not an image is refused as INVALID_REQUEST before any verify call', async ({ rig }) => {
  const { page } = await rig.open(await makeCameraY4m('no-face.jpg'));
  const answer = await page.evaluate(() =>
    window.kiosk.submitFrame({
      image: new Uint8Array([1, 2, 3, 4]),
      mime: 'image/jpeg',
      meta: { faceScore: 0.9, faceBox: [1, 1, 100, 100], frameWidth: 640, frameHeight: 480, framesConsidered: 3 },
    }),
  );
  expect(answer).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  expect(rig.faceki.verifyRequests).toHaveLength(0);
});

test('a sub-frame cannot call the kiosk API even on our own origin', async ({ rig }) => {
  const { page } = await rig.open(await makeCameraY4m('no-face.jpg'));
  const answer = await page.evaluate(async () => {
    const frame = document.createElement('iframe');
    frame.src = '/index.html?child';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const child = frame.contentWindow as unknown as Window;
    return child.kiosk.getKioskInfo(null);
  });
  expect(answer).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
});
