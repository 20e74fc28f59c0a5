import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { rendererBuildDir } from '../../electron/cli/package-root';
import { startKioskHost } from '../../electron/cli/kiosk-host';
import { noMatch } from '../fakes/faceki-server';
import { LETTERBOX, SWAY, liveCamera, makeCameraY4m } from '../support/camera';
import { readFixture } from '../support/fixtures';
import { expect, test, type KioskRig } from './support/kiosk-fixture';

// The camera loop in the browser, seen from outside: a person walking up to the kiosk, an empty hall,
// a long run of detections, a missing model, and the tfjs backend the kiosk chose. Real Chromium,
// the built renderer, fake cameras made here with ffmpeg from ../shared/fixtures/faces.

const OBAMA = { userId: 'u-obama', name: 'Barack Obama' };

/**
 * A person walking up to the kiosk, 8 s at 30 fps, looped by Chromium. obama-1's top 4:3 (the README
 * recipe's first step) at 1280x960, set in a grey surround three times its size with the face at the
 * centre, so zoom 1 shows the face far away; zoompan then closes in on the face. Human's box, measured
 * with `facegate analyze` on frames of this filter (0.16 of the frame width at zoom 1):
 *   0-3.7 s    zoom 1 -> 1.8, box 0.16-0.30: too small, "Step closer"
 *   3.7-6.5 s  zoom 1.8 -> 3.6, box 0.30-0.61: good frames, one is sent
 *   6.5-8 s    zoom 4.7 -> 5.2, box 0.80-0.91: too close, "Step back a little" (the box, about
 *              square, is then clamped to the frame's top and bottom: too close, not cropped)
 * then the video starts over far away: the face never leaves the picture. The far part is long
 * because Chromium starts the video when the camera opens, before the models are loaded (the loop's
 * first look came about 0.5 s in), and the test wants "Step closer" before the one submission. SWAY
 * on top moves the landmarks from frame to frame as a live person's do: liveness wants motion, and
 * the zoom, centred on the face, gives none.
 */
const APPROACH_ZOOM = 'if(lt(on,120),1+on*0.85/120,if(lt(on,195),1.9+(on-120)*1.7/75,4.7+(on-195)*0.5/45))';
const APPROACH =
  'crop=iw:iw*3/4:0:0,scale=1280:960,pad=3840:2880:1229:1056:color=0x707070,' +
  `zoompan=z='${APPROACH_ZOOM}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=640x480:fps=30,setsar=1` +
  SWAY;

type Event = { at: number; what: string };

/** Records, in order, the states the renderer reported to main and the verify calls the fake got. */
function recordTimeline(rig: KioskRig, respond = rig.faceki.matchByFace()): Event[] {
  const t0 = Date.now();
  const events: Event[] = [];
  // The loop's raw states; what the screen showed (shown: true) is reported apart and not counted here.
  rig.services.onState((s) => {
    if (!s.shown) events.push({ at: Date.now() - t0, what: s.code ? `${s.state}:${s.code}` : s.state });
  });
  rig.faceki.setVerifyResponder((request) => {
    events.push({ at: Date.now() - t0, what: 'VERIFY' });
    return respond(request);
  });
  return events;
}

/**
 * Screenshots the kiosk while body[data-code] is code, and attaches it. The loop keeps running, so
 * the code is read again after the shot: a shot that straddled a change is taken again.
 */
async function captureWhile(page: Page, testInfo: TestInfo, code: string, name: string): Promise<void> {
  for (let tries = 0; tries < 10; tries++) {
    await page.waitForFunction((c) => document.body.dataset.code === c, code, { timeout: 30_000 });
    const title = await page.locator('#title').textContent();
    const shot = await page.screenshot({ animations: 'disabled' });
    const still = await page.evaluate((c) => document.body.dataset.code === c, code);
    if (!still || (await page.locator('#title').textContent()) !== title) continue;
    const path = testInfo.outputPath(`${name}.png`);
    writeFileSync(path, shot);
    await testInfo.attach(name, { path, contentType: 'image/png' });
    return;
  }
  throw new Error(`could not photograph the screen while data-code was ${code}`);
}

const detections = (page: Page): Promise<number> =>
  page.evaluate(
    () =>
      performance.getEntriesByName('facegate:detect').length +
      performance.getEntriesByName('facegate:detect-idle').length,
  );

async function detectionsAtLeast(page: Page, n: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (count) =>
      performance.getEntriesByName('facegate:detect').length +
        performance.getEntriesByName('facegate:detect-idle').length >=
      count,
    n,
    { timeout, polling: 100 },
  );
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - times[i]!);

const startTimes = (page: Page, name: string): Promise<number[]> =>
  page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.startTime), name);

test.describe('a person walking up to the kiosk', () => {
  // The loop goes on half a second after the decision (the rig's default keeps a result up for a
  // minute), and main's cooldown is off: only the loop's "one attempt per visit" stops a second send.
  // The gate is the default one.
  test.use({ settingsOverride: { resultDisplayMs: 500, access: { cooldownMs: 0 } } });

  test('is told to step closer, is let in once, then told to step back while still there', async ({
    rig,
  }, testInfo) => {
    await rig.faceki.enroll(OBAMA, readFixture('obama-1.jpg'));
    const camera = await makeCameraY4m('obama-1.jpg', { seconds: 8, filter: APPROACH });
    const events = recordTimeline(rig);
    const { page } = await rig.open(camera);

    await captureWhile(page, testInfo, 'FACE_TOO_SMALL', 'step-closer');
    await expect(page.locator('body')).toHaveAttribute('data-decision', 'granted');
    await expect(page.locator('#title')).toHaveText('Welcome, Barack Obama');
    await captureWhile(page, testInfo, 'FACE_TOO_CLOSE', 'step-back');
    await expect(page.locator('#title')).toHaveText('Step back a little');

    // Then the video starts over: far, good frames again, too close again. The same person never
    // left, so the good frames of the second pass are not sent.
    const afterFirstClose = () => {
      const what = events.map((e) => e.what);
      const close = what.indexOf('guiding:FACE_TOO_CLOSE');
      const small = what.indexOf('guiding:FACE_TOO_SMALL', close);
      return small > 0 && what.indexOf('guiding:FACE_TOO_CLOSE', small) > 0;
    };
    await expect.poll(afterFirstClose, { timeout: 30_000 }).toBe(true);
    await testInfo.attach('states', {
      body: events.map((e) => `${String(e.at).padStart(6)} ms  ${e.what}`).join('\n'),
      contentType: 'text/plain',
    });

    const what = events.map((e) => e.what);
    const verify = what.indexOf('VERIFY');
    expect(verify, what.join(' > ')).toBeGreaterThan(0);
    // "Step closer" came first, then one submission, then "Step back a little".
    expect(what.slice(0, verify), what.join(' > ')).toContain('guiding:FACE_TOO_SMALL');
    expect(what.slice(verify), what.join(' > ')).toContain('result:OK');
    expect(what.slice(what.indexOf('result:OK')), what.join(' > ')).toContain('guiding:FACE_TOO_CLOSE');
    // Exactly one verify request and one attempt, through two passes of good frames.
    expect(what.filter((w) => w === 'VERIFY')).toHaveLength(1);
    expect(rig.faceki.verifyRequests).toHaveLength(1);
    expect(rig.services.attempts.list()).toHaveLength(1);
    expect(what.filter((w) => w === 'verifying')).toHaveLength(1);
    expect(rig.problems, rig.problems.join('\n')).toEqual([]);
  });
});

/** obama-1 from so near that Human's box is 0.84 of the frame width: the whole face, a little of the hair cut. */
const TOO_CLOSE = 'crop=iw:iw*3/4:0:0,scale=1280:960,crop=800:600:291:84,scale=640:480,setsar=1';

test('with the default gate, a face too close is told to step back', async ({ rig }) => {
  // Human's box, about square, is clamped to the frame's top and bottom too: the gate must say "too
  // close" before "cropped", or this person, well centred, hears "Move to the centre".
  const { page } = await rig.open(await liveCamera('obama-1.jpg', TOO_CLOSE));
  await detectionsAtLeast(page, 15);
  await expect(page.locator('body')).toHaveAttribute('data-code', 'FACE_TOO_CLOSE');
  await expect(page.locator('#title')).toHaveText('Step back a little');
  expect(rig.faceki.verifyRequests).toHaveLength(0);
});

test('with nobody in view the kiosk idles: detector only, slower, nothing sent', async ({ rig }, testInfo) => {
  const { page } = await rig.open(await makeCameraY4m('no-face.jpg', { filter: LETTERBOX }));
  // Ten empty frames at the active pace, then the idle pace; ~3 s of it.
  await page.waitForFunction(() => performance.getEntriesByName('facegate:detect-idle').length >= 1, null, {
    timeout: 60_000,
  });
  await page.waitForTimeout(3_000);
  const idle = await startTimes(page, 'facegate:detect-idle');
  const active = await startTimes(page, 'facegate:detect');
  const idleGap = median(gaps(idle));
  const activeGap = median(gaps(active));
  await testInfo.attach('pace', {
    body: JSON.stringify({ idleEntries: idle.length, activeEntries: active.length, idleGap, activeGap }, null, 2),
    contentType: 'application/json',
  });
  expect(idle.length).toBeGreaterThanOrEqual(5);
  // Exactly the ten empty frames that make the loop idle (kiosk-loop.ts IDLE_AFTER_FRAMES) ran at the
  // active pace; it never went back.
  expect(active).toHaveLength(10);
  expect(idleGap).toBeGreaterThanOrEqual(200);
  expect(idleGap).toBeGreaterThan(activeGap);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'searching');
  expect(rig.faceki.verifyRequests).toHaveLength(0);
  expect(rig.services.attempts.list()).toEqual([]);
  expect(rig.problems, rig.problems.join('\n')).toEqual([]);
});

test.describe('over a thousand detections', () => {
  test.use({ settingsOverride: { resultDisplayMs: 500, access: { cooldownMs: 0 } } });

  test('the tfjs tensor count stays flat', async ({ rig }, testInfo) => {
    test.setTimeout(180_000);
    const events = recordTimeline(rig, () => noMatch());
    const { page } = await rig.open(await liveCamera('obama-1.jpg'));
    // Every value the renderer publishes (every 50 detections), with the detection count beside it.
    await page.evaluate(() => {
      const seen: [number, string][] = [];
      (window as unknown as { tensorLog: typeof seen }).tensorLog = seen;
      new MutationObserver(() =>
        seen.push([performance.getEntriesByName('facegate:detect').length, document.body.dataset.tensors ?? '']),
      ).observe(document.body, { attributes: true, attributeFilter: ['data-tensors'] });
    });
    const tensors = async (): Promise<number> => Number(await page.locator('body').getAttribute('data-tensors'));

    await detectionsAtLeast(page, 100);
    const early = { detections: await detections(page), tensors: await tensors() };
    const started = Date.now();
    await detectionsAtLeast(page, 1_050, 150_000);
    const late = { detections: await detections(page), tensors: await tensors() };
    const msPerDetection = (Date.now() - started) / (late.detections - early.detections);
    const log = await page.evaluate(() => (window as unknown as { tensorLog: [number, string][] }).tensorLog);
    await testInfo.attach('tensors', {
      body: JSON.stringify({ early, late, msPerDetection, log, states: events.map((e) => e.what) }, null, 2),
      contentType: 'application/json',
    });

    expect(early.tensors).toBeGreaterThan(0);
    expect(late.tensors).toBeLessThanOrEqual(early.tensors + 5);
    // The loop did decide (denied, one attempt) and kept detecting afterwards, awaiting the person's leave.
    expect(rig.faceki.verifyRequests).toHaveLength(1);
    expect(events.map((e) => e.what)).toContain('result:NO_MATCH');
    expect(rig.problems, rig.problems.join('\n')).toEqual([]);
  });
});

for (const breakage of ['facemesh.bin missing', 'facemesh.json corrupt'] as const) {
  test(`a model that does not load (${breakage}) is a fault screen, not a blank page`, async ({ rig }) => {
    const rendererDir = mkdtempSync(join(tmpdir(), 'facegate-renderer-'));
    try {
      cpSync(rendererBuildDir(), rendererDir, { recursive: true });
      if (breakage === 'facemesh.bin missing') unlinkSync(join(rendererDir, 'models', 'facemesh.bin'));
      else writeFileSync(join(rendererDir, 'models', 'facemesh.json'), '{"modelTopology": ');
      const states: { state: string; code?: string; detail?: string }[] = [];
      rig.services.onState((s) => states.push(s));
      const host = await startKioskHost({
        services: rig.services,
        cameraFile: await liveCamera('obama-1.jpg'),
        rendererDir,
      });
      try {
        const body = host.page.locator('body');
        // Once the models are loaded (or not) the loop starts or the fault shows: which one, at once.
        await expect(body).toHaveAttribute('data-backend', 'wasm');
        await expect(body).not.toHaveAttribute('data-state', 'starting');
        expect(await body.getAttribute('data-state')).toBe('fault');
        await expect(body).toHaveAttribute('data-code', 'FAILED_TO_READ_MODEL');
        await expect(host.page.locator('#title')).toHaveText('Face check unavailable: please call reception');
        await expect(host.page.locator('#title')).toBeVisible();
        await expect(host.page.locator('#operator-alert')).toHaveText(
          'Face model failed to load (FAILED_TO_READ_MODEL)',
        );
        // The operator log got the fault and which model.
        await expect
          .poll(() => states.find((s) => s.code === 'FAILED_TO_READ_MODEL')?.detail, { timeout: 5_000 })
          .toMatch(/facemesh/);
        // Nothing detected, nothing sent.
        expect(await detections(host.page)).toBe(0);
        expect(rig.faceki.verifyRequests).toHaveLength(0);
      } finally {
        await host.close();
      }
    } finally {
      rmSync(rendererDir, { recursive: true, force: true });
    }
  });
}

test('the tfjs backend is shown on the page and its reason goes to the operator log', async ({ rig }) => {
  const states: { state: string; code?: string; detail?: string }[] = [];
  rig.services.onState((s) => states.push(s));
  const { page } = await rig.open(await makeCameraY4m('no-face.jpg', { filter: LETTERBOX }));
  // This machine's WebGL is software (SwiftShader): WebAssembly is the faster choice.
  await expect(page.locator('body')).toHaveAttribute('data-backend', 'wasm');
  await expect
    .poll(() => states.find((s) => s.state === 'starting' && s.detail?.startsWith('backend '))?.detail)
    .toMatch(/^backend wasm: /);
  // The kiosk runs on it: the detector ran.
  await detectionsAtLeast(page, 5);
  expect(rig.problems, rig.problems.join('\n')).toEqual([]);
});
