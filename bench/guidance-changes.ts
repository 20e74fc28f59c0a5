import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { approachCamera, dimBusyCamera, dimGroupCamera } from '../test/support/guidance-scenes';
import {
  changesWithin,
  framesDetected,
  framesWithin,
  pageNow,
  screenMessages,
  untilPageTime,
  watchScreen,
} from '../test/support/screen-watch';
import { openDoorRig } from './door-rig';

export interface GuidanceChanges {
  scene: string;
  seconds: number;
  /** Changes of what the screen shows (state, code, title), counted in the page. */
  screenChanges: number;
  screenPerMinute: number;
  /** The loop's raw per-frame states reported to main (the operator log), over the same window. */
  reportedPerMinute: number;
  /** The raw states reported in the window, each once, in order of first appearance. */
  reportedStates: string[];
  /** Reports marked `shown: true` (what the loop says the screen shows); null while no report carries it. */
  shownPerMinute: number | null;
  /** What the screen showed in the window, each once, in order of first appearance. */
  messages: string[];
  /** Camera frames the detector ran on in the window (the loop was alive throughout). */
  frames: number;
}

const perMinute = (count: number, seconds: number) => Math.round((count / seconds) * 60 * 10) / 10;

/**
 * On-screen message changes per minute over `seconds` of a scene, after the loop's first 15 frames:
 * the kiosk in Chromium with the scene as its camera, FACEKI's API on loopback granting whoever is
 * sent (a grant's result screen is part of what a visitor sees), default settings otherwise.
 */
export async function benchGuidanceChanges(scene: string, camera: string, seconds: number): Promise<GuidanceChanges> {
  const rig = await openDoorRig({ camera, verifier: 'faceki' });
  try {
    const page = rig.host.page;
    await watchScreen(page);
    await framesDetected(page, 15);
    const from = await pageNow(page);
    const to = from + seconds * 1_000;
    await untilPageTime(page, from, seconds * 1_000);
    const all = await screenMessages(page);
    const changes = changesWithin(all, from, to);
    const atStart = all.filter((m) => m.at <= from).at(-1);
    const frames = await framesWithin(page, from, to);
    // The reports carry this process's clock: the window moved onto it through both timeOrigins.
    const pageOrigin = await page.evaluate(() => performance.timeOrigin);
    const shift = pageOrigin - performance.timeOrigin;
    const inWindow = rig.states.filter((s) => s.at > from + shift && s.at <= to + shift);
    const reported = inWindow.filter((s) => s.shown !== true);
    const anyShown = rig.states.some((s) => s.shown !== undefined);
    const label = (m: { state: string; code?: string }) => `${m.state}${m.code ? ` ${m.code}` : ''}`;
    return {
      scene,
      seconds,
      screenChanges: changes.length,
      screenPerMinute: perMinute(changes.length, seconds),
      reportedPerMinute: perMinute(reported.length, seconds),
      reportedStates: [...new Set(reported.map(label))],
      shownPerMinute: anyShown ? perMinute(inWindow.filter((s) => s.shown === true).length, seconds) : null,
      messages: [...new Set([...(atStart ? [atStart] : []), ...changes].map(label))],
      frames,
    };
  } finally {
    await rig.close();
  }
}

export interface GuidanceScenes {
  /** The scene of the Playwright check (test/e2e/guidance-steady.spec.ts). */
  dimBusy: GuidanceChanges;
  dimGroup: GuidanceChanges;
  approach: GuidanceChanges;
}

/** Issue 12's scenes: poor light (a busy room, and a group, both dim) and one person walking up in good light. */
export async function benchGuidanceScenes(seconds = 30): Promise<GuidanceScenes> {
  const dimBusy = await benchGuidanceChanges('dim busy scene (vlado-1)', await dimBusyCamera(), seconds);
  const dimGroup = await benchGuidanceChanges('dim group (two-people)', await dimGroupCamera(), seconds);
  const approach = await benchGuidanceChanges('good approach (obama-1)', await approachCamera(), seconds);
  return { dimBusy, dimGroup, approach };
}

export function describeGuidanceChanges(g: GuidanceChanges): string {
  return (
    `on-screen message changes, ${g.scene}: ${g.screenPerMinute}/min (${g.screenChanges} in ${g.seconds} s, ` +
    `${g.frames} frames): ${g.messages.join(', ')}; raw states reported ${g.reportedPerMinute}/min ` +
    `(${g.reportedStates.join(', ') || 'none'}); reports marked shown ` +
    `${g.shownPerMinute === null ? 'none (no report carries shown)' : `${g.shownPerMinute}/min`}`
  );
}

const loadLine = () =>
  `load average: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

// `npx tsx bench/guidance-changes.ts [--quick]` (after `npm run build`): these figures alone.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const seconds = process.argv.includes('--quick') ? 5 : 30;
  console.log(loadLine());
  for (const scene of Object.values(await benchGuidanceScenes(seconds))) console.log(describeGuidanceChanges(scene));
  console.log(loadLine());
}
