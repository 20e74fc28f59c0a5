import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { grantFor, startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { fixturePath } from '../../support/fixtures';
import { closedPort } from '../../support/net';
import { attemptRows, cli, jsonOf, makeDataDir, removeDataDir, serviceArgs, writeSettings } from './cli-harness';

// `facegate sync`: attempts queued while the service was unreachable (a closed loopback port) are
// resolved by a later run against the FACEKI fake, exactly once; nothing without a kept image is re-sent.

interface SyncReport {
  resolved: number;
  unresolved: number;
  remaining: number;
  stoppedBecause?: string;
}

let dataDir: string;
let faceki: FakeFaceki;
let dead: string;
const obama = fixturePath('obama-1.jpg');

beforeEach(async () => {
  vi.stubEnv('FACEGATE_DATA_DIR', undefined);
  dataDir = makeDataDir();
  faceki = await startFakeFaceki();
  faceki.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.9 }));
  dead = `http://127.0.0.1:${await closedPort()}`;
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await faceki.close();
  removeDataDir(dataDir);
});

/** Service flags with the verify service unreachable (the token service is the fake, so only /verify fails). */
const downArgs = () => [...serviceArgs(dataDir, faceki), '--verify-url', `${dead}/verify`];

const verifyWhileDown = async () => {
  const run = await cli(['verify', obama, '--json', ...downArgs()]);
  expect(run.code).toBe(2);
  return jsonOf<{ attemptId: number; code: string }>(run);
};

const sync = async (args: string[]) => {
  const run = await cli(['sync', '--json', ...args]);
  return { code: run.code, report: jsonOf<SyncReport>(run) };
};

describe('facegate sync', () => {
  it('re-verifies a kept offline attempt once the service is back, exactly once', async () => {
    writeSettings(dataDir, { retention: { keepImages: true } });
    const offline = await verifyWhileDown();
    expect(offline.code).toBe('OFFLINE');
    expect(attemptRows(dataDir)).toEqual([expect.objectContaining({ id: offline.attemptId, sync_state: 'queued' })]);
    expect(faceki.verifyRequests).toHaveLength(0);

    const first = await sync(serviceArgs(dataDir, faceki));
    expect(first).toEqual({ code: 0, report: { resolved: 1, unresolved: 0, remaining: 0 } });
    // The kept image is what was re-sent, and the fake's answer is recorded beside the original.
    expect(faceki.verifyRequests).toHaveLength(1);
    expect(attemptRows(dataDir)).toEqual([
      expect.objectContaining({
        id: offline.attemptId,
        decision: 'error',
        code: 'OFFLINE',
        door_opened: 0,
        sync_state: 'resolved',
        resolved_decision: 'granted',
        resolved_code: 'OK',
        resolved_user_id: 'u-obama',
      }),
    ]);

    const second = await sync(serviceArgs(dataDir, faceki));
    expect(second).toEqual({ code: 0, report: { resolved: 0, unresolved: 0, remaining: 0 } });
    expect(faceki.verifyRequests).toHaveLength(1);
  });

  it('marks a queued attempt unresolved when no image was kept (keepImages false), sending nothing', async () => {
    writeSettings(dataDir, { retention: { keepImages: false } });
    const offline = await verifyWhileDown();
    const { code, report } = await sync(serviceArgs(dataDir, faceki));
    expect(code).toBe(0);
    expect(report).toEqual({ resolved: 0, unresolved: 1, remaining: 0 });
    expect(faceki.verifyRequests).toHaveLength(0);
    expect(attemptRows(dataDir)).toEqual([
      expect.objectContaining({ id: offline.attemptId, sync_state: 'unresolved', resolved_decision: null }),
    ]);
  });

  it('stops with exit 2 while the service is still down, leaving the attempts queued', async () => {
    writeSettings(dataDir, { retention: { keepImages: true } });
    await verifyWhileDown();
    await verifyWhileDown();
    const down = await sync(downArgs());
    expect(down.code).toBe(2);
    expect(down.report).toMatchObject({ resolved: 0, unresolved: 0, remaining: 2 });
    expect(down.report.stoppedBecause).toMatch(/unreachable|down/);
    expect(attemptRows(dataDir).map((r) => r.sync_state)).toEqual(['queued', 'queued']);

    // The queue survived the failed run: both are resolved later, oldest first.
    const up = await sync(serviceArgs(dataDir, faceki));
    expect(up).toEqual({ code: 0, report: { resolved: 2, unresolved: 0, remaining: 0 } });
    expect(attemptRows(dataDir).map((r) => r.sync_state)).toEqual(['resolved', 'resolved']);
  });

  it('prints a one-line summary without --json', async () => {
    writeSettings(dataDir, { retention: { keepImages: true } });
    await verifyWhileDown();
    const run = await cli(['sync', ...serviceArgs(dataDir, faceki)]);
    expect(run).toEqual({ code: 0, lines: ['resolved: 1  unresolved (no image kept): 0  still queued: 0'] });
  });
});
