import { expect, test } from '@playwright/test';
import { CHANNEL_NAMES } from '../../../electron/common/contract';
import { grantFor } from '../../fakes/faceki-server';
import { liveCamera } from '../../support/camera';
import { electronOrSkip, launchKiosk } from './electron-app';

/**
 * The real Electron app end to end: main, sandboxed preload, app:// renderer, camera, FACEKI, relay.
 * Needs an Electron binary, which cannot be downloaded on the build machines (PLATFORM.md): there it
 * skips and prints why; on a machine with one it runs in full.
 */

const RELAY_ON = Buffer.from([0xa0, 0x01, 0x01, 0xa2]);

test('the Electron kiosk grants a known face: verify call, result screen, relay pulse', async () => {
  const binary = electronOrSkip('kiosk.electron.spec');
  test.setTimeout(240_000); // a first run builds the app and may compile better-sqlite3 for Electron
  const kiosk = await launchKiosk(binary, await liveCamera('obama-1.jpg'), {}, (faceki) =>
    faceki.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.97 })),
  );
  const { page, faceki, relay, output } = kiosk;
  try {
    // The preload exposes window.kiosk and nothing of Node.
    const surface = await page.evaluate(() => {
      const g = globalThis as unknown as { kiosk?: object; require?: unknown; process?: unknown };
      return { kiosk: Object.keys(g.kiosk ?? {}).sort(), require: typeof g.require, process: typeof g.process };
    });
    expect(surface).toEqual({ kiosk: [...CHANNEL_NAMES, 'on'].sort(), require: 'undefined', process: 'undefined' });

    await expect(page.locator('[data-state="result"][data-decision="granted"]')).toBeVisible({ timeout: 60_000 });
    expect(faceki.verifyRequests.length).toBeGreaterThanOrEqual(1);
    expect(faceki.verifyRequests[0]!.authorization).toMatch(/^Bearer \S+/);
    const received = await relay.waitForBytes(4, 10_000);
    expect(received.subarray(0, 4)).toEqual(RELAY_ON);
  } catch (error) {
    console.log(`[kiosk.electron.spec] Electron output:\n${output.join('')}`);
    throw error;
  } finally {
    await kiosk.close();
  }
});
