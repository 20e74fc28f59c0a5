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

test('a sub-frame cannot call the kiosk API: our page refuses to be framed, and a same-origin frame is refused', async ({
  rig,
}) => {
  const { page } = await rig.open(await makeCameraY4m('no-face.jpg'));
  const answer = await page.evaluate(async () => {
    // Our own page in a frame: CSP frame-ancestors 'none' stops it loading (an error page takes its place).
    const framed = document.createElement('iframe');
    framed.src = '/index.html?child';
    document.body.append(framed);
    await new Promise((resolve) => framed.addEventListener('load', resolve, { once: true }));
    let framedKiosk = 'reachable';
    try {
      framedKiosk = typeof (framed.contentWindow as unknown as { kiosk?: unknown }).kiosk;
    } catch {
      framedKiosk = 'cross-origin';
    }
    // A frame that does share our origin (srcdoc) and has window.kiosk: the dispatcher refuses it.
    const inline = document.createElement('iframe');
    inline.srcdoc = '<p>child</p>';
    document.body.append(inline);
    await new Promise((resolve) => inline.addEventListener('load', resolve, { once: true }));
    const child = inline.contentWindow as unknown as Window;
    return { framedKiosk, childHasKiosk: typeof child.kiosk, result: await child.kiosk?.getKioskInfo(null) };
  });
  expect(answer.framedKiosk).toBe('cross-origin');
  expect(answer.childHasKiosk).toBe('object');
  expect(answer.result).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
});
