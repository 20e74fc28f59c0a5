import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessController } from '../../../electron/core/access-controller';
import { createLogger } from '../../../electron/core/logger';
import { SerialDoorRelay, type DoorRelay } from '../../../electron/core/relay/door-relay';
import { settingsSchema } from '../../../electron/common/settings';
import { fileKeyCipher } from '../../../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../../../electron/core/secrets/secret-store';
import { ImageVault } from '../../../electron/core/storage/image-vault';
import { ResultCache } from '../../../electron/core/storage/result-cache';
import { AttemptLog } from '../../../electron/core/storage/attempt-log';
import { openDatabase } from '../../../electron/core/storage/database';
import { FacekiClient } from '../../../electron/core/verifier/faceki-client';
import {
  clientOptionsFor,
  ambiguous,
  faceError,
  grantFor,
  noMatch,
  startFakeFaceki,
  type FakeFaceki,
} from '../../fakes/faceki-server';
import { startRelayPty, type RelayPty } from '../../fakes/relay-pty';
import { readFixture } from '../../support/fixtures';
import { closedPort } from '../../support/net';

// The controller built from real parts: FACEKI client over HTTP to the fake, SQLite on disk, the LCUS
// relay on a socat pseudo-terminal. What is asserted is what a door and an auditor would see.
const photo = readFixture('obama-1.jpg');
const PULSE_MS = 200;
const ON = 'a00101a2';
const OFF = 'a00100a1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let fake: FakeFaceki;
let pty: RelayPty;
let db: Database;
let relay: DoorRelay;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-ac-'));
  fake = await startFakeFaceki();
  pty = await startRelayPty(dir);
  db = openDatabase(join(dir, 'facegate.db'));
  relay = new SerialDoorRelay({ path: pty.appPath, openMs: PULSE_MS });
});
afterEach(async () => {
  await relay.close();
  if (db.open) db.close();
  await pty.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function controller(
  over: { verifyUrl?: string; tokenUrl?: string; relay?: DoorRelay; onLog?: (line: string) => void } = {},
) {
  const verifier = new FacekiClient(
    clientOptionsFor(fake, {
      timeoutMs: 3_000,
      ...(over.verifyUrl && { verifyUrl: over.verifyUrl }),
      ...(over.tokenUrl && { tokenUrl: over.tokenUrl }),
    }),
  );
  const attempts = new AttemptLog(db);
  const secrets = new FileSecretStore(join(dir, 'secrets.json'), fileKeyCipher(join(dir, 'secrets.key')));
  const { access, retention } = settingsSchema.parse({ access: { cooldownMs: 0 } });
  return {
    ac: new AccessController({
      verifier,
      relay: over.relay ?? relay,
      attempts,
      results: new ResultCache(db),
      images: new ImageVault(db, secrets),
      policy: { access, retention },
      log: over.onLog ? pino({ level: 'info' }, { write: over.onLog }) : createLogger(null),
    }),
    attempts,
  };
}

/** The relay must stay silent: wait longer than a pulse and check that not one byte arrived. */
async function expectRelaySilent(): Promise<void> {
  await sleep(PULSE_MS + 100);
  // At most the rest frame a relay sends when it opens its port: never "on".
  expect(pty.received().toString('hex')).not.toContain(ON);
}

describe('AccessController', () => {
  it('grants a single match, pulses the door, and logs door_opened', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-42', name: 'Barack Obama', faceId: 'f-42', confidence: 0.95 }));
    const { ac, attempts } = controller();
    const decision = await ac.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true });
    expect(decision).toMatchObject({
      decision: 'granted',
      code: 'OK',
      user: { userId: 'u-42', name: 'Barack Obama', faceId: 'f-42' },
      confidence: 0.95,
      online: true,
      doorOpened: true,
    });
    expect(decision).not.toHaveProperty('detail');
    // Opening the port rests the contact first; then open, then close.
    expect((await pty.waitForBytes(12)).toString('hex')).toBe(OFF + ON + OFF);
    expect(attempts.list()).toEqual([
      expect.objectContaining({
        id: decision.attemptId,
        decision: 'granted',
        userId: 'u-42',
        doorOpened: true,
        source: 'kiosk',
      }),
    ]);
  });

  it('commits the attempt before the door is pulsed', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-1' }));
    const reader = new BetterSqlite3(join(dir, 'facegate.db'), { readonly: true });
    const rowsAtEachPulse: number[] = [];
    // Wraps the real relay to look at the file, from another connection, at the moment of the pulse.
    const watching: DoorRelay = {
      fitted: true,
      pulse: async () => {
        rowsAtEachPulse.push(reader.prepare('SELECT count(*) FROM attempts').pluck().get() as number);
        await relay.pulse();
      },
      start: () => relay.start(),
      settle: () => relay.settle(),
      health: () => relay.health(),
      close: () => relay.close(),
    };
    try {
      await controller({ relay: watching }).ac.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true });
    } finally {
      reader.close();
    }
    // Exactly one pulse, and by then the row was already committed.
    expect(rowsAtEachPulse).toEqual([1]);
  });

  it('has the door recorded as opened, durably, before the pulse: a failing door update cannot contradict the door', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-3' }));
    // A real write failure of the real file, for door-state updates only (the grant's insert still works).
    db.exec(`CREATE TRIGGER door_update_fails BEFORE UPDATE OF door_opened ON attempts
             BEGIN SELECT RAISE(ABORT, 'disk I/O error (injected)'); END`);
    const reader = new BetterSqlite3(join(dir, 'facegate.db'), { readonly: true });
    const doorAtPulse: unknown[] = [];
    const watching: DoorRelay = {
      fitted: true,
      pulse: async () => {
        doorAtPulse.push(reader.prepare('SELECT door_opened FROM attempts').pluck().get());
        await relay.pulse();
      },
      start: () => relay.start(),
      settle: () => relay.settle(),
      health: () => relay.health(),
      close: () => relay.close(),
    };
    try {
      const { ac } = controller({ relay: watching });
      const decision = await ac.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true });
      expect(decision).toMatchObject({ decision: 'granted', code: 'OK', doorOpened: true });
      expect((await pty.waitForBytes(12)).toString('hex')).toBe(OFF + ON + OFF);
      expect(doorAtPulse).toEqual([1]);
      const row = new BetterSqlite3(join(dir, 'facegate.db'), { readonly: true });
      try {
        expect(row.prepare('SELECT decision, code, door_opened FROM attempts').get()).toEqual({
          decision: 'granted',
          code: 'OK',
          door_opened: 1,
        });
      } finally {
        row.close();
      }
    } finally {
      reader.close();
    }
  });

  it('when the relay fails and the door update fails too, the row errs on the side of "opened" and the log says so', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-4' }));
    db.exec(`CREATE TRIGGER door_update_fails BEFORE UPDATE OF door_opened ON attempts
             BEGIN SELECT RAISE(ABORT, 'disk I/O error (injected)'); END`);
    const logged: string[] = [];
    const missing = new SerialDoorRelay({ path: join(dir, 'unplugged'), openMs: PULSE_MS });
    const { ac, attempts } = controller({ relay: missing, onLog: (line) => logged.push(line) });
    const decision = await ac.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true });
    expect(decision).toMatchObject({ decision: 'granted', code: 'RELAY_UNAVAILABLE', doorOpened: false });
    // The audit trail may claim a door command that failed, never miss one that went out.
    expect(attempts.list()[0]).toMatchObject({ decision: 'granted', doorOpened: true });
    expect(logged.join('\n')).toMatch(/door state not logged.*injected/);
  });

  it('denies no match and keeps the relay silent', async () => {
    fake.setVerifyResponder(() => noMatch());
    const { ac, attempts } = controller();
    expect(await ac.attempt(photo, 'image/jpeg', { source: 'cli', openDoor: true })).toMatchObject({
      decision: 'denied',
      code: 'NO_MATCH',
      doorOpened: false,
    });
    expect(attempts.list()[0]).toMatchObject({
      decision: 'denied',
      code: 'NO_MATCH',
      source: 'cli',
      doorOpened: false,
    });
    await expectRelaySilent();
  });

  it('denies an ambiguous match and logs the candidate ids for the operator', async () => {
    fake.setVerifyResponder(() => ambiguous(['f-a', 'f-b']));
    const { ac, attempts } = controller();
    expect(await ac.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true })).toMatchObject({
      decision: 'denied',
      code: 'AMBIGUOUS_MATCH',
    });
    expect(attempts.list()[0]?.detail).toBe('f-a,f-b');
    await expectRelaySilent();
  });

  it('denies a picture problem (the person retries) but calls a service fault an error', async () => {
    const { ac } = controller();
    fake.setVerifyResponder(() => faceError(8008));
    expect(await ac.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true })).toMatchObject({
      decision: 'denied',
      code: 'FACE_TOO_SMALL',
    });
    fake.setVerifyResponder(() => ({ status: 502, body: 'bad gateway' }));
    expect(await ac.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true })).toMatchObject({
      decision: 'error',
      code: 'SERVER_ERROR',
      online: true,
    });
    await expectRelaySilent();
  });

  it('answers OFFLINE with online=false when the service is unreachable, and logs it', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { ac, attempts } = controller({ verifyUrl: `${url}/verify`, tokenUrl: `${url}/token` });
    expect(await ac.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true })).toMatchObject({
      decision: 'error',
      code: 'OFFLINE',
      online: false,
    });
    expect(attempts.list()[0]).toMatchObject({
      code: 'OFFLINE',
      online: false,
      detail: expect.stringContaining('ECONNREFUSED'),
    });
    await expectRelaySilent();
  });

  it('still says granted when the relay is missing, but doorOpened=false and RELAY_UNAVAILABLE in answer and log', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-7' }));
    const missing = new SerialDoorRelay({ path: join(dir, 'unplugged'), openMs: PULSE_MS });
    const { ac, attempts } = controller({ relay: missing });
    const decision = await ac.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true });
    expect(decision).toMatchObject({
      decision: 'granted',
      code: 'RELAY_UNAVAILABLE',
      doorOpened: false,
      user: { userId: 'u-7' },
    });
    expect(attempts.list()[0]).toMatchObject({ decision: 'granted', code: 'RELAY_UNAVAILABLE', doorOpened: false });
  });

  it('keeps the door shut when the attempt cannot be written (no log, no entry)', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-9' }));
    const { ac } = controller();
    db.close(); // the database went away under a running kiosk
    await expect(ac.attempt(photo, 'image/jpeg', { source: 'kiosk', openDoor: true })).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
    });
    expect(fake.verifyRequests).toHaveLength(1); // the person was recognised: only storage stopped the door
    await expectRelaySilent();
  });
});
