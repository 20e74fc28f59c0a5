import { dimBusyCamera } from '../support/guidance-scenes';
import {
  changesWithin,
  framesDetected,
  framesWithin,
  pageNow,
  screenMessages,
  untilPageTime,
  watchScreen,
} from '../support/screen-watch';
import { expect, test } from './support/kiosk-fixture';

/** The window the screen is watched over, on the page's own clock. */
const WINDOW_MS = 10_000;
/**
 * At most this many changes of what the screen shows in WINDOW_MS. A short guidance line takes a
 * second or two to read; three changes in ten seconds leave each message up for 2.5 s on average, and
 * allow what a still scene can honestly need: nobody -> one message, one change of the dominant
 * problem, and back. A scene that flickers frame by frame (every 35-100 ms, issue 12) shows dozens.
 */
const MAX_CHANGES = 3;
/**
 * Frames the detector must have run on inside the window, far below its idle pace (4 a second): a
 * stalled loop shows no changes at all and must not pass for a steady one.
 */
const MIN_FRAMES = 20;

test('a dim, busy scene holds its guidance still: a few message changes in 10 s, never the detector score', async ({
  rig,
}) => {
  const { page } = await rig.open(await dimBusyCamera());
  // Watched from the start, so a LOW_DETECTION_SCORE shown at any time is seen, not only in the window.
  await watchScreen(page);
  await framesDetected(page, 15);
  const from = await pageNow(page);
  await untilPageTime(page, from, WINDOW_MS);
  const messages = await screenMessages(page);
  const changes = changesWithin(messages, from, from + WINDOW_MS);
  const shown = messages.map((m) => `${Math.round(m.at)} ms ${m.state}${m.code ? ` ${m.code}` : ''} "${m.title}"`);

  expect(await framesWithin(page, from, from + WINDOW_MS)).toBeGreaterThanOrEqual(MIN_FRAMES);
  // Soft: a failing run reports both the count and the score guidance, with what the screen showed.
  expect
    .soft(changes.length, `screen changes in ${WINDOW_MS} ms:\n${shown.join('\n')}`)
    .toBeLessThanOrEqual(MAX_CHANGES);
  // Below the detector's threshold is nobody there (searching), never a problem to guide the visitor about.
  expect.soft(messages.filter((m) => m.code === 'LOW_DETECTION_SCORE').map((m) => m.title)).toEqual([]);
  expect(rig.problems, rig.problems.join('\n')).toEqual([]);
});
