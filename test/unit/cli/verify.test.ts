import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { faceError, grantFor, noMatch, startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { startRelayPty } from '../../fakes/relay-pty';
import { fixturePath } from '../../support/fixtures';
import { closedPort } from '../../support/net';
import {
  attemptRows,
  cli,
  filesUnder,
  jsonOf,
  makeDataDir,
  removeDataDir,
  runBin,
  serviceArgs,
  spawnBin,
  writeSettings,
} from './cli-harness';

// `facegate verify` for real: main() in-process against the FACEKI fake on 127.0.0.1, SQLite in a
// temporary data folder, a socat PTY as the relay; and once through bin/facegate.mjs as a child.

interface VerifySummary {
  decision: string;
  code: string;
  user: { userId: string; name?: string; email?: string; language?: string; faceId?: string } | null;
  confidence: number | null;
  online: boolean;
  latencyMs: number;
  attemptId: number;
  doorOpened: boolean;
}

let dataDir: string;
let faceki: FakeFaceki;
const obama = fixturePath('obama-1.jpg');
/** LCUS channel 1: the contact at rest (door shut), and on (door open). */
const REST = 'a00100a1';
const ON = 'a00101a2';
const OBAMA = {
  userId: 'u-obama',
  name: 'Barack Obama',
  email: 'barack@example.org',
  language: 'en',
  confidence: 0.93,
};

beforeEach(async () => {
  // The secret comes from flags, the environment or the store: start each test with no ambient one.
  vi.stubEnv('FACEGATE_CLIENT_SECRET', undefined);
  vi.stubEnv('FACEGATE_DATA_DIR', undefined);
  dataDir = makeDataDir();
  writeSettings(dataDir);
  faceki = await startFakeFaceki();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await faceki.close();
  removeDataDir(dataDir);
});

const verify = async (image: string, ...extra: string[]) => {
  const run = await cli(['verify', image, '--json', ...serviceArgs(dataDir, faceki), ...extra]);
  return { code: run.code, summary: jsonOf<VerifySummary>(run) };
};

describe('facegate verify', () => {
  it('grants a match: exit 0, the documented JSON fields, a row with source "cli"', async () => {
    faceki.setVerifyResponder(() => grantFor(OBAMA));
    const { code, summary } = await verify(obama);
    expect(code).toBe(0);
    expect(Object.keys(summary).sort()).toEqual(
      ['attemptId', 'code', 'confidence', 'decision', 'doorOpened', 'latencyMs', 'online', 'user'].sort(),
    );
    expect(summary).toMatchObject({
      decision: 'granted',
      code: 'OK',
      confidence: 0.93,
      online: true,
      doorOpened: false,
    });
    expect(summary.user).toMatchObject({
      userId: 'u-obama',
      name: 'Barack Obama',
      email: 'barack@example.org',
      language: 'en',
    });
    // Besides those, only the service's face id (VerifiedUser.faceId) may appear: nothing else leaks through.
    expect(['email', 'faceId', 'language', 'name', 'userId']).toEqual(
      expect.arrayContaining(Object.keys(summary.user!)),
    );
    expect(summary.latencyMs).toBeGreaterThanOrEqual(0);
    // The photo went to the service byte for byte, in the configured field.
    expect(faceki.verifyRequests).toHaveLength(1);
    expect(faceki.verifyRequests[0]!.field).toBe('image');
    expect(Buffer.from(faceki.verifyRequests[0]!.bytes).equals(readFileSync(obama))).toBe(true);
    expect(attemptRows(dataDir)).toEqual([
      expect.objectContaining({
        id: summary.attemptId,
        source: 'cli',
        decision: 'granted',
        code: 'OK',
        user_id: 'u-obama',
        online: 1,
        door_opened: 0,
      }),
    ]);
  });

  it('denies no match (exit 1) and a face code from the service (exit 1, FACE_TOO_SMALL)', async () => {
    faceki.setVerifyResponder(() => noMatch());
    expect(await verify(obama)).toMatchObject({
      code: 1,
      summary: { decision: 'denied', code: 'NO_MATCH', user: null },
    });
    faceki.setVerifyResponder(() => faceError(8008));
    expect(await verify(obama)).toMatchObject({
      code: 1,
      summary: { decision: 'denied', code: 'FACE_TOO_SMALL', online: true },
    });
    expect(attemptRows(dataDir).map((r) => [r.source, r.code])).toEqual([
      ['cli', 'NO_MATCH'],
      ['cli', 'FACE_TOO_SMALL'],
    ]);
  });

  it('answers a 5xx with SERVER_ERROR (exit 2), and still logs the attempt', async () => {
    faceki.setVerifyResponder(() => ({ status: 503, body: 'upstream down' }));
    const { code, summary } = await verify(obama);
    expect(code).toBe(2);
    expect(summary).toMatchObject({ decision: 'error', code: 'SERVER_ERROR', online: true, doorOpened: false });
    expect(attemptRows(dataDir)).toEqual([
      expect.objectContaining({ id: summary.attemptId, code: 'SERVER_ERROR', source: 'cli' }),
    ]);
  });

  it('answers an unreachable service with OFFLINE (exit 2), logged and queued', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const { code, summary } = await verify(obama, '--verify-url', `${dead}/verify`, '--token-url', `${dead}/token`);
    expect(code).toBe(2);
    expect(summary).toMatchObject({ decision: 'error', code: 'OFFLINE', online: false });
    expect(attemptRows(dataDir)).toEqual([
      expect.objectContaining({ id: summary.attemptId, code: 'OFFLINE', online: 0, sync_state: 'queued' }),
    ]);
  });

  it('refuses a text file and a truncated JPEG as FAILED_TO_READ_IMAGE, logged, without any request', async () => {
    const text = join(dataDir, 'notes.jpg');
    writeFileSync(text, 'this is not a photo\n');
    const whole = readFileSync(obama);
    const truncated = join(dataDir, 'half.jpg');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    for (const file of [text, truncated]) {
      expect(await verify(file)).toMatchObject({
        code: 1,
        summary: { decision: 'denied', code: 'FAILED_TO_READ_IMAGE' },
      });
    }
    expect(attemptRows(dataDir).map((r) => r.code)).toEqual(['FAILED_TO_READ_IMAGE', 'FAILED_TO_READ_IMAGE']);
    expect(faceki.tokenRequests).toBe(0);
    expect(faceki.verifyRequests).toHaveLength(0);
  });

  it('reports a missing file as one error line with exit 2 (built CLI, child process)', async () => {
    const missing = join(dataDir, 'nobody.jpg');
    const run = await runBin(['verify', missing, ...serviceArgs(dataDir, faceki)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^facegate: FAILED_TO_READ_IMAGE: .*nobody\\.jpg`));
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(faceki.verifyRequests).toHaveLength(0);
    expect(attemptRows(dataDir)).toEqual([]);
  });

  it('runs a grant through the built CLI with FACEGATE_DATA_DIR and FACEGATE_CLIENT_SECRET', async () => {
    faceki.setVerifyResponder(() => grantFor(OBAMA));
    const [, , ...urls] = serviceArgs(dataDir, faceki, false);
    const run = await runBin(['verify', obama, '--json', ...urls], {
      FACEGATE_DATA_DIR: dataDir,
      FACEGATE_CLIENT_SECRET: faceki.clientSecret,
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const summary = JSON.parse(run.stdout) as VerifySummary;
    expect(summary).toMatchObject({ decision: 'granted', user: { userId: 'u-obama' } });
    expect(attemptRows(dataDir)).toEqual([expect.objectContaining({ id: summary.attemptId, source: 'cli' })]);
  });

  it('pulses the relay only with --open-door', async () => {
    writeSettings(dataDir, { relay: { openMs: 200 } });
    const pty = await startRelayPty(dataDir);
    try {
      faceki.setVerifyResponder(() => grantFor(OBAMA));
      const shut = await verify(obama, '--relay-port', pty.appPath);
      expect(shut).toMatchObject({ code: 0, summary: { decision: 'granted', doorOpened: false } });
      const open = await verify(obama, '--relay-port', pty.appPath, '--open-door');
      expect(open).toMatchObject({ code: 0, summary: { decision: 'granted', code: 'OK', doorOpened: true } });
      // Without --open-door the port was never opened: the first bytes are those of the second run,
      // which rests the contact on opening, opens, closes after openMs, and rests again on quitting.
      const bytes = await pty.waitForBytes(16);
      expect(bytes.toString('hex')).toBe('a00100a1' + 'a00101a2' + 'a00100a1' + 'a00100a1');
      expect(attemptRows(dataDir).map((r) => r.door_opened)).toEqual([0, 1]);
    } finally {
      await pty.close();
    }
  });

  it('holds the door open for relay.openMs before the CLI exits, then sends "off"', async () => {
    const openMs = 600;
    writeSettings(dataDir, { relay: { openMs } });
    const pty = await startRelayPty(dataDir);
    try {
      faceki.setVerifyResponder(() => grantFor(OBAMA));
      const run = await verify(obama, '--relay-port', pty.appPath, '--open-door');
      expect(run).toMatchObject({ code: 0, summary: { doorOpened: true } });
      // The frames on the wire, however the reads cut them: rest on opening, on, off after openMs,
      // and the rest sent on quitting (which may arrive in the same read as "off").
      const frames = await pty.waitForFrames(4, 4, 10_000);
      expect(frames.map((f) => f.hex)).toEqual([REST, ON, REST, REST]);
      const [, on, off] = frames;
      // A lower bound only (the reader may see "on" late, never "off" early): an exit that cut the
      // pulse short would send "off" within a few milliseconds of "on".
      expect(off!.at - on!.at).toBeGreaterThanOrEqual(openMs / 2);
    } finally {
      await pty.close();
    }
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    'rests the relay when %s comes while a grant holds the door open, then exits %i',
    async (signal, code) => {
      writeSettings(dataDir, { relay: { openMs: 5_000 } });
      const pty = await startRelayPty(dataDir);
      try {
        faceki.setVerifyResponder(() => grantFor(OBAMA));
        const verifying = spawnBin([
          'verify',
          obama,
          ...serviceArgs(dataDir, faceki),
          '--relay-port',
          pty.appPath,
          '--open-door',
        ]);
        expect((await pty.waitForFrames(4, 2, 10_000)).map((f) => f.hex)).toEqual([REST, ON]);
        verifying.child.kill(signal);
        const exit = await verifying.exited;
        expect(exit).toMatchObject({ code, signal: null });
        expect((await pty.waitForFrames(4, 3)).map((f) => f.hex)).toEqual([REST, ON, REST]);
        // The grant and its open door were logged before the signal came.
        expect(attemptRows(dataDir)).toEqual([expect.objectContaining({ code: 'OK', door_opened: 1 })]);
      } finally {
        await pty.close();
      }
    },
  );

  it('answers two verifies back to back: the kiosk cooldown does not apply to the CLI', async () => {
    writeSettings(dataDir, { access: { cooldownMs: 600_000 } });
    faceki.setVerifyResponder(() => grantFor(OBAMA));
    const first = await verify(obama);
    const second = await verify(obama);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(second.summary.attemptId).toBeGreaterThan(first.summary.attemptId);
    expect(faceki.verifyRequests).toHaveLength(2);
  });

  it('refuses a plain-http service URL as INVALID_CONFIG (exit 2) without touching the network', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { code, summary } = await verify(obama, '--verify-url', 'http://example.com/verify');
    expect(code).toBe(2);
    expect(summary).toMatchObject({ decision: 'error', code: 'INVALID_CONFIG' });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(faceki.tokenRequests).toBe(0);
    expect(attemptRows(dataDir)).toEqual([expect.objectContaining({ code: 'INVALID_CONFIG', source: 'cli' })]);
  });
});

describe('the client secret', () => {
  it('is taken from FACEGATE_CLIENT_SECRET', async () => {
    faceki.setVerifyResponder(() => grantFor(OBAMA));
    vi.stubEnv('FACEGATE_CLIENT_SECRET', faceki.clientSecret);
    const run = await cli(['verify', obama, '--json', ...serviceArgs(dataDir, faceki, false)]);
    expect(run.code).toBe(0);
    expect(faceki.tokenRequests).toBe(1);
  });

  it('is taken from the sealed store after `secret set`, and refused when absent', async () => {
    faceki.setVerifyResponder(() => grantFor(OBAMA));
    const args = ['verify', obama, '--json', ...serviceArgs(dataDir, faceki, false)];
    // Without any secret FACEKI cannot be used: the default is then this machine's (empty) gallery, and
    // FACEKI asked for by name is an error, not a request.
    expect(jsonOf<VerifySummary>(await cli(args))).toMatchObject({ decision: 'denied', code: 'NO_MATCH' });
    expect(jsonOf<VerifySummary>(await cli([...args, '--verifier', 'faceki']))).toMatchObject({
      decision: 'error',
      code: 'INVALID_CONFIG',
    });
    expect(faceki.requestCount).toBe(0);
    expect((await cli(['secret', 'set', 'clientSecret', '--data-dir', dataDir], `${faceki.clientSecret}\n`)).code).toBe(
      0,
    );
    const run = await cli(args);
    expect(run.code).toBe(0);
    expect(jsonOf<VerifySummary>(run).decision).toBe('granted');
  });

  it('never lands in the log file, settings.json or the database', async () => {
    await faceki.close();
    const secret = `s3cret-${Math.random().toString(36).slice(2)}-never-shown`;
    faceki = await startFakeFaceki({ clientSecret: secret });
    faceki.setVerifyResponder(() => grantFor(OBAMA));
    writeSettings(dataDir, {
      verifier: { verifyUrl: faceki.verifyUrl, tokenUrl: faceki.tokenUrl, clientId: faceki.clientId },
    });
    const printed: string[] = [];
    const dead = `http://127.0.0.1:${await closedPort()}`;
    // A grant via the sealed store, then the secret on the command line: granted, refused by the token service, offline.
    printed.push(...(await cli(['secret', 'set', 'clientSecret', '--data-dir', dataDir], secret)).lines);
    printed.push(...(await cli(['verify', obama, '--data-dir', dataDir])).lines);
    printed.push(...(await cli(['verify', obama, '--data-dir', dataDir, '--client-secret', secret])).lines);
    printed.push(...(await cli(['verify', obama, '--data-dir', dataDir, '--client-secret', `${secret}-wrong`])).lines);
    printed.push(
      ...(await cli(['verify', obama, '--data-dir', dataDir, '--token-url', `${dead}/t`, '--client-secret', secret]))
        .lines,
    );
    expect(attemptRows(dataDir).map((r) => r.code)).toEqual(['OK', 'OK', 'AUTH_FAILED', 'OFFLINE']);
    const logFile = join(dataDir, 'logs', 'facegate.log');
    expect(existsSync(logFile) && readFileSync(logFile, 'utf8')).toMatch(/"msg":"attempt"/);
    const files = filesUnder(dataDir);
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining([logFile, join(dataDir, 'settings.json'), join(dataDir, 'facegate.db')]),
    );
    for (const { path, bytes } of files) expect(bytes.includes(secret), path).toBe(false);
    expect(printed.join('\n')).not.toContain(secret);
  });
});
