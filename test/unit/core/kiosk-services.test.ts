import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportStateRequest } from '../../../electron/common/contract';
import { defaultSettings, settingsSchema, type SettingsInput } from '../../../electron/common/settings';
import { createDispatcher, type Sender } from '../../../electron/core/ipc/dispatcher';
import { createLogger, type Logger } from '../../../electron/core/logger';
import { fileKeyCipher } from '../../../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../../../electron/core/secrets/secret-store';
import { createKioskServices, type KioskServices } from '../../../electron/core/kiosk-services';
import { grantFor, noMatch, startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { startRelayPty, type RelayPty } from '../../fakes/relay-pty';
import { readFixture } from '../../support/fixtures';
import { closedPort } from '../../support/net';

// The services exactly as Electron's main and the Node host wire them, driven through the real
// dispatcher: a frame goes in as IPC would deliver it, and we look at SQLite, the relay and the log.
const ORIGIN = 'app://facegate';
const sender: Sender = { url: `${ORIGIN}/index.html`, isMainFrame: true };
const frame = {
  image: readFixture('obama-1.jpg'),
  mime: 'image/jpeg',
  meta: { faceScore: 0.92, faceBox: [800, 900, 900, 1100], frameWidth: 2518, frameHeight: 3356, framesConsidered: 3 },
};
const PULSE_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dataDir: string;
let fake: FakeFaceki;
let pty: RelayPty;
let services: KioskServices | null;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'facegate-services-'));
  fake = await startFakeFaceki();
  pty = await startRelayPty(dataDir);
  services = null;
});
afterEach(async () => {
  await services?.close().catch(() => {});
  await pty.close();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function start(input: SettingsInput = {}, log: Logger = createLogger(null)) {
  const settings = settingsSchema.parse({
    ...input,
    // Most tests here submit several frames in a row; cooldown has its own tests.
    access: { cooldownMs: 0, ...input.access },
    verifier: {
      verifyUrl: fake.verifyUrl,
      tokenUrl: fake.tokenUrl,
      clientId: fake.clientId,
      timeoutMs: 3_000,
      ...input.verifier,
    },
    relay: { port: pty.appPath, openMs: PULSE_MS, ...input.relay },
  });
  services = createKioskServices({
    settings,
    dataDir,
    clientSecret: fake.clientSecret,
    secrets: new FileSecretStore(join(dataDir, 'secrets.json'), fileKeyCipher(join(dataDir, 'secrets.key'))),
    log,
    version: '9.9.9-test',
  });
  const dispatch = createDispatcher(services.handlers, { trustedOrigin: ORIGIN });
  return { services, submit: () => dispatch('submitFrame', frame, sender), dispatch };
}

/** Rows as SQLite holds them on disk, read through a connection of our own. */
function rowsOnDisk(): Array<Record<string, unknown>> {
  const reader = new BetterSqlite3(join(dataDir, 'facegate.db'), { readonly: true });
  try {
    return reader
      .prepare('SELECT decision, code, user_id, online, door_opened, detail FROM attempts ORDER BY id')
      .all() as never;
  } finally {
    reader.close();
  }
}

const REST = 'a00100a1';

/** The relay never opened: wait longer than a pulse; the board saw rest frames (from start) and nothing else. */
async function expectRelaySilent(): Promise<void> {
  await sleep(PULSE_MS + 100);
  const frames = pty.received().toString('hex').match(/.{8}/g) ?? [];
  expect(frames.every((frame) => frame === REST)).toBe(true);
}

describe('createKioskServices', () => {
  it('grants a match end to end: answer, row with door_opened=1, relay ON then OFF', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.97 }));
    const { submit } = start();
    const result = await submit();
    expect(result).toMatchObject({
      ok: true,
      value: { decision: 'granted', code: 'OK', doorOpened: true, online: true },
    });
    // The rest frame from start, then open, then close.
    expect((await pty.waitForBytes(12)).toString('hex')).toBe(REST + 'a00101a2a00100a1');
    expect(rowsOnDisk()).toEqual([
      { decision: 'granted', code: 'OK', user_id: 'u-obama', online: 1, door_opened: 1, detail: null },
    ]);
  });

  it('denies no match with the relay silent', async () => {
    fake.setVerifyResponder(() => noMatch());
    const { submit } = start();
    expect(await submit()).toMatchObject({
      ok: true,
      value: { decision: 'denied', code: 'NO_MATCH', doorOpened: false },
    });
    expect(rowsOnDisk()).toEqual([expect.objectContaining({ code: 'NO_MATCH', door_opened: 0 })]);
    await expectRelaySilent();
  });

  it('answers OFFLINE with online=false and logs the attempt when the service is down', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { submit } = start({ verifier: { verifyUrl: `${url}/verify`, tokenUrl: `${url}/token` } });
    expect(await submit()).toMatchObject({ ok: true, value: { decision: 'error', code: 'OFFLINE', online: false } });
    expect(rowsOnDisk()).toEqual([expect.objectContaining({ code: 'OFFLINE', online: 0 })]);
    await expectRelaySilent();
  });

  it('turns a plain-http verifyUrl into INVALID_CONFIG on every attempt, logged for the operator', async () => {
    const { submit } = start({ verifier: { verifyUrl: 'http://example.com/verify' } }, createLogger(dataDir, 'info'));
    expect(await submit()).toMatchObject({ ok: true, value: { decision: 'error', code: 'INVALID_CONFIG' } });
    expect(rowsOnDisk()).toEqual([
      expect.objectContaining({ code: 'INVALID_CONFIG', detail: expect.stringContaining('verifyUrl') }),
    ]);
    const lines = readFileSync(join(dataDir, 'logs', 'facegate.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'verifier misconfigured', code: 'INVALID_CONFIG' }));
    // Nothing may have left for the non-TLS address, not even a token request to the real service.
    expect(fake.tokenRequests).toBe(0);
    await expectRelaySilent();
  });

  it.each([
    ['an unplugged relay', (dir: string) => join(dir, 'ttyUSB-gone')],
    ['no relay configured', () => ''],
  ])('reports %s on a grant: granted, doorOpened=false, RELAY_UNAVAILABLE', async (_what, port) => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-1' }));
    const { submit } = start({ relay: { port: port(dataDir) } });
    expect(await submit()).toMatchObject({
      ok: true,
      value: { decision: 'granted', code: 'RELAY_UNAVAILABLE', doorOpened: false, user: { userId: 'u-1' } },
    });
    expect(rowsOnDisk()).toEqual([
      expect.objectContaining({ decision: 'granted', code: 'RELAY_UNAVAILABLE', door_opened: 0 }),
    ]);
  });

  it('keeps the door shut for a recognised person when the attempt cannot be logged', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-1' }));
    const { submit } = start();
    // Another process (a backup, the CLI) holds the write lock past busy_timeout: a real SQLITE_BUSY.
    const locker = new BetterSqlite3(join(dataDir, 'facegate.db'));
    locker.exec('BEGIN IMMEDIATE');
    try {
      expect(await submit()).toMatchObject({ ok: false, code: 'STORAGE_FAILED' });
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    await expectRelaySilent();
    expect(rowsOnDisk()).toEqual([]);
    // Once the lock is gone the kiosk works again without a restart.
    expect(await submit()).toMatchObject({ ok: true, value: { decision: 'granted', doorOpened: true } });
  }, 20_000);

  it('answers getKioskInfo with the gate settings, version and display time, never secrets', async () => {
    const gate = {
      minFaceWidthRatio: 0.3,
      maxFaceWidthRatio: 0.7,
      minDetectorScore: 0.8,
      borderMarginRatio: 0.05,
      framesToHold: 4,
    };
    // The result stays up at least as long as main's cooldown, so the renderer never sends into it.
    const { dispatch } = start({ gate, resultDisplayMs: 2_500, access: { cooldownMs: 1_000 } });
    const result = await dispatch('getKioskInfo', null, sender);
    expect(result).toEqual({
      ok: true,
      value: {
        version: '9.9.9-test',
        gate: { ...defaultSettings().gate, ...gate },
        resultDisplayMs: 2_500,
        liveness: defaultSettings().liveness,
        capture: { ...defaultSettings().capture, overlapVerify: false },
        relay: { fitted: true, connected: expect.any(Boolean), detail: expect.stringContaining(pty.appPath) },
        language: 'en',
        configFault: null,
      },
    });
    expect(JSON.stringify(result)).not.toContain(fake.clientSecret);
  });

  it('hands reported states to listeners until they unsubscribe', async () => {
    const { dispatch, services: s } = start();
    const seen: ReportStateRequest[] = [];
    const off = s.onState((state) => seen.push(state));
    await dispatch('reportState', { state: 'verifying' }, sender);
    off();
    await dispatch('reportState', { state: 'result', code: 'NO_MATCH' }, sender);
    expect(seen).toEqual([{ state: 'verifying' }]);
  });

  it('sends OFF on close during a pulse, and the attempts survive a restart', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-1' }));
    const first = start({ relay: { openMs: 10_000 } });
    await first.submit();
    await pty.waitForBytes(8);
    await first.services.close();
    expect((await pty.waitForBytes(12, 1_000)).toString('hex')).toBe(REST + 'a00101a2a00100a1');
    const second = start();
    expect(second.services.attempts.list()).toEqual([expect.objectContaining({ userId: 'u-1', doorOpened: true })]);
  });
});

describe('overlapped verify (capture.overlapVerify): the door waits for the verifier AND liveness', () => {
  const pending = { ...frame, meta: { ...frame.meta, liveness: 'pending' } };

  function rowsWithPath(): Array<Record<string, unknown>> {
    const reader = new BetterSqlite3(join(dataDir, 'facegate.db'), { readonly: true });
    try {
      return reader
        .prepare('SELECT decision, code, user_id, door_opened, verify_path, detail FROM attempts ORDER BY id')
        .all() as never;
    } finally {
      reader.close();
    }
  }

  it('tells the renderer whether to overlap: auto is off for FACEKI, on when the operator says so', async () => {
    const auto = start();
    expect(await auto.dispatch('getKioskInfo', null, sender)).toMatchObject({
      value: { capture: { overlapVerify: false } },
    });
    await services!.close();
    const on = start({ capture: { overlapVerify: 'on' } });
    expect(await on.dispatch('getKioskInfo', null, sender)).toMatchObject({
      value: { capture: { overlapVerify: true } },
    });
  });

  it('grants only once liveness confirms: no door before, the door after, logged as the overlap path', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.97 }));
    const { dispatch } = start({ capture: { overlapVerify: 'on' } });
    const answer = dispatch('submitFrame', pending, sender);
    let settled = false;
    void answer.then(() => (settled = true));
    // The verifier has answered long before this; the door and the answer wait for liveness.
    await sleep(500);
    expect(fake.verifyRequests).toHaveLength(1);
    expect(settled).toBe(false);
    expect(rowsWithPath()).toEqual([]);
    await expectRelaySilent();
    expect(await dispatch('confirmLiveness', { live: true }, sender)).toEqual({ ok: true, value: null });
    expect(await answer).toMatchObject({ ok: true, value: { decision: 'granted', code: 'OK', doorOpened: true } });
    expect((await pty.waitForBytes(12)).toString('hex')).toBe(REST + 'a00101a2a00100a1');
    expect(rowsWithPath()).toEqual([
      { decision: 'granted', code: 'OK', user_id: 'u-obama', door_opened: 1, verify_path: 'overlap', detail: null },
    ]);
  });

  it('a liveness failure after a grant answer: denied, door shut, the match kept in the log, no name greeted', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.97 }));
    const { dispatch } = start({ capture: { overlapVerify: 'on' } });
    const answer = dispatch('submitFrame', pending, sender);
    await sleep(300);
    await dispatch('confirmLiveness', { live: false, code: 'LIVENESS_FAILED', detail: 'no motion' }, sender);
    const result = await answer;
    expect(result).toMatchObject({
      ok: true,
      value: { decision: 'denied', code: 'LIVENESS_FAILED', doorOpened: false },
    });
    expect(result.ok && (result.value as { user?: unknown }).user).toBeUndefined();
    await expectRelaySilent();
    expect(rowsWithPath()).toEqual([
      {
        decision: 'denied',
        code: 'LIVENESS_FAILED',
        user_id: 'u-obama',
        door_opened: 0,
        verify_path: 'overlap',
        detail: 'liveness failed after the verifier answered granted OK (u-obama): no motion',
      },
    ]);
  });

  it('a frozen camera found while verifying is the attempt code', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.97 }));
    const { dispatch } = start({ capture: { overlapVerify: 'on' } });
    const answer = dispatch('submitFrame', pending, sender);
    await dispatch('confirmLiveness', { live: false, code: 'CAMERA_FROZEN' }, sender);
    expect(await answer).toMatchObject({ ok: true, value: { decision: 'denied', code: 'CAMERA_FROZEN' } });
    await expectRelaySilent();
  });

  it('refuses a pending frame where overlapping is not allowed, before anything is verified or logged', async () => {
    const { dispatch } = start();
    expect(await dispatch('submitFrame', pending, sender)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(fake.verifyRequests).toHaveLength(0);
    expect(rowsWithPath()).toEqual([]);
  });

  it('the sequential path is logged as such; a verdict nobody waits for is harmless', async () => {
    fake.setVerifyResponder(() => noMatch());
    const { dispatch, submit } = start({ capture: { overlapVerify: 'on' } });
    expect(await dispatch('confirmLiveness', { live: true }, sender)).toEqual({ ok: true, value: null });
    expect(await submit()).toMatchObject({ ok: true, value: { decision: 'denied', code: 'NO_MATCH' } });
    expect(rowsWithPath()).toEqual([expect.objectContaining({ verify_path: 'sequential', door_opened: 0 })]);
    await expectRelaySilent();
  });

  it('closing the services while an attempt waits for liveness denies it and never opens the door', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.97 }));
    const { dispatch } = start({ capture: { overlapVerify: 'on' } });
    const answer = dispatch('submitFrame', pending, sender);
    await sleep(300);
    const closing = services!.close();
    expect(await answer).toMatchObject({ ok: true, value: { decision: 'denied', code: 'LIVENESS_FAILED' } });
    await closing;
    services = null;
    const frames = pty.received().toString('hex').match(/.{8}/g) ?? [];
    expect(frames.every((f) => f === REST)).toBe(true);
  });
});
