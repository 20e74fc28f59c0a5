import { describe, expect, it } from 'vitest';
import { operatorAlerts } from '../../../../renderer/src/ui/operator-alerts';

describe('the operator corner', () => {
  it('is empty when all is well', () => {
    expect(operatorAlerts({ cameraLost: false, relay: { fitted: true, connected: true } })).toEqual([]);
  });

  it('names the relay problem', () => {
    expect(operatorAlerts({ cameraLost: false, relay: { fitted: true, connected: false } })).toEqual([
      'Door controller unavailable',
    ]);
    expect(operatorAlerts({ cameraLost: false, relay: { fitted: false, connected: false } })).toEqual([
      'No door relay configured',
    ]);
  });

  it('puts a fault first, and says a lost camera once', () => {
    expect(
      operatorAlerts({ cameraLost: true, fault: 'FAILED_TO_READ_MODEL', relay: { fitted: true, connected: false } }),
    ).toEqual([
      'Face model failed to load (FAILED_TO_READ_MODEL)',
      'Camera disconnected: reconnecting…',
      'Door controller unavailable',
    ]);
    expect(operatorAlerts({ cameraLost: true, fault: 'CAMERA_UNAVAILABLE' })).toEqual([
      'No camera, or camera access refused (CAMERA_UNAVAILABLE)',
    ]);
  });
});
