import { afterAll, describe, expect, it } from 'vitest';
import type { Human } from '@vladmandic/human';
import { closeHuman, decodeImage, loadHuman } from '../../../../electron/cli/human-node';
import { detectConfigs } from '../../../../renderer/src/vision/detect-configs';
import { fixturePath } from '../../../support/fixtures';

// Real Human (wasm, under Node, configured as the kiosk configures it) on a real photo made into a
// 640x480 camera frame: the kiosk loop's idle and active paces, one after the other, as a visitor
// walking up to a kiosk that has gone idle meets them.

afterAll(() => closeHuman());

async function detect(human: Human, config: Parameters<Human['detect']>[1]) {
  const image = await decodeImage(fixturePath('obama-1.jpg'), { width: 640, height: 480 });
  const tensor = human.tf.tensor(image.data, [1, image.height, image.width, 3], 'int32');
  try {
    const result = await human.detect(tensor as Parameters<Human['detect']>[0], config);
    expect(result.face).toHaveLength(1);
    const face = result.face[0]!;
    // Without the mesh model a face carries only the detector's six keypoints; with it, 468 points.
    return { mesh: face.mesh.length > 100, real: face.real, live: face.live };
  } finally {
    tensor.dispose();
  }
}

describe('detectConfigs', () => {
  it('the active pace after an idle one has the mesh and both liveness scores again', async () => {
    const human = await loadHuman();
    const paces = detectConfigs(true);
    const idle = await detect(human, paces.idle);
    expect(idle).toEqual({ mesh: false, real: undefined, live: undefined });
    const active = await detect(human, paces.active);
    expect(active.mesh).toBe(true);
    expect(active.real).toBeGreaterThan(0);
    expect(active.live).toBeGreaterThan(0);
  }, 120_000);

  it('why it is spelled out: after an idle pace, an empty per-call config leaves the models off (Human keeps it)', async () => {
    const human = await loadHuman();
    await detect(human, detectConfigs(true).idle);
    expect(await detect(human, {})).toEqual({ mesh: false, real: undefined, live: undefined });
    // And back on for the next test's sake (the process's one Human is shared).
    await detect(human, detectConfigs(true).active);
  }, 120_000);

  it('without liveness the active pace runs the mesh but not the two scoring models', () => {
    expect(detectConfigs(false).active).toEqual({
      face: { mesh: { enabled: true }, antispoof: { enabled: false }, liveness: { enabled: false } },
    });
  });
});
