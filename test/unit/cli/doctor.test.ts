import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { startRelayPty, type RelayPty } from '../../fakes/relay-pty';
import { fixturePath } from '../../support/fixtures';
import { closedPort } from '../../support/net';
import { cli, jsonOf, makeDataDir, removeDataDir, serviceArgs, writeSettings } from './cli-harness';

// `facegate doctor` against the FACEKI fake and a socat PTY standing in for the relay board.

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string;
}

const CHECKS = ['settings', 'secrets', 'database', 'admin', 'token', 'service', 'relay'];

let dataDir: string;
let faceki: FakeFaceki;
let pty: RelayPty;

beforeEach(async () => {
  vi.stubEnv('FACEGATE_CLIENT_SECRET', undefined);
  vi.stubEnv('FACEGATE_DATA_DIR', undefined);
  dataDir = makeDataDir();
  writeSettings(dataDir, { relay: { openMs: 200 } });
  await cli(['admin', 'set-pin', '--data-dir', dataDir], '246810');
  faceki = await startFakeFaceki();
  pty = await startRelayPty(dataDir);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await pty.close();
  await faceki.close();
  removeDataDir(dataDir);
});

const doctor = (...extra: string[]) =>
  cli(['doctor', ...serviceArgs(dataDir, faceki), '--relay-port', pty.appPath, ...extra]);

const doctorJson = async (...extra: string[]) => {
  const run = await doctor('--json', ...extra);
  return { code: run.code, report: jsonOf<{ ok: boolean; checks: Check[] }>(run) };
};

const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe('facegate doctor', () => {
  it('passes all seven checks against the fake and a relay PTY (exit 0), never opening the door', async () => {
    const run = await doctor();
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(7);
    expect(run.lines.map((l) => l.split(/\s+/).slice(0, 2))).toEqual(CHECKS.map((name) => ['pass', name]));
    expect(run.lines.join('\n')).not.toMatch(/FAIL|hint/);
    expect(faceki.tokenRequests).toBe(1);
    expect(faceki.verifyRequests).toHaveLength(0);
    // Opening the relay rests the contact: the only frames it may send are "close" (A0 01 00 A1),
    // never "open". Give the PTY a moment to deliver what was written, then look at every byte.
    const seen = (await pty.waitForBytes(4)).toString('hex');
    expect(seen.length % 8).toBe(0);
    expect(seen.match(/.{8}/g)!.every((frame) => frame === 'a00100a1')).toBe(true);
  });

  it('checks the gallery instead of FACEKI on a local kiosk, failing while nobody is enrolled', async () => {
    const local = async () =>
      jsonOf<{ ok: boolean; checks: Check[] }>(
        await cli(['doctor', '--json', '--data-dir', dataDir, '--relay-port', pty.appPath]),
      );
    const empty = await local();
    expect(empty.checks.map((c) => c.name)).toEqual(['settings', 'secrets', 'database', 'admin', 'gallery', 'relay']);
    expect(byName(empty.checks).gallery).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^verifier local: 0 people.*recognises nobody/),
      hint: expect.stringContaining('facegate enroll'),
    });
    expect(empty.ok).toBe(false);
    expect(faceki.tokenRequests).toBe(0);
    await cli(['enroll', fixturePath('obama-1.jpg'), '--name', 'Barack Obama', '--data-dir', dataDir]);
    const enrolled = await local();
    expect(byName(enrolled.checks).gallery).toMatchObject({
      ok: true,
      detail: 'verifier local: 1 people, 1 templates',
    });
    expect(enrolled.ok).toBe(true);
  });

  it('checks the gallery and FACEKI on a hybrid kiosk', async () => {
    const { report } = await doctorJson('--verifier', 'hybrid');
    expect(report.checks.map((c) => c.name)).toEqual([...CHECKS.slice(0, 4), 'gallery', 'token', 'service', 'relay']);
    expect(byName(report.checks).gallery).toMatchObject({ ok: true, detail: 'verifier hybrid: 0 people, 0 templates' });
  });

  it('fails the admin check when no PIN is set, with the command that sets one', async () => {
    rmSync(join(dataDir, 'secrets.json'));
    const { code, report } = await doctorJson();
    expect(code).toBe(2);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['admin']);
    expect(byName(report.checks).admin).toMatchObject({ hint: expect.stringContaining('facegate admin set-pin') });
  });

  it('gives {ok, checks[]} with --json', async () => {
    const { code, report } = await doctorJson();
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual(CHECKS.map((name) => [name, true]));
    for (const c of report.checks) expect(c.detail).toEqual(expect.any(String));
  });

  it('fails the token check on a wrong secret, with a hint about the client secret (exit 2)', async () => {
    const { code, report } = await doctorJson('--client-secret', 'not-the-secret');
    expect(code).toBe(2);
    expect(report.ok).toBe(false);
    const checks = byName(report.checks);
    expect(checks.token).toMatchObject({ ok: false, detail: expect.stringMatching(/^AUTH_FAILED/) });
    expect(checks.token!.hint).toMatch(/client secret/);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['token']);
    expect(faceki.tokenRequests).toBe(0);
    // The text form prints the failure and its hint on the next line.
    const text = (await doctor('--client-secret', 'not-the-secret')).lines;
    const at = text.findIndex((l) => /^FAIL\s+token/.test(l));
    expect(text[at + 1]).toMatch(/^\s+hint: .*client secret/);
  });

  it('fails the secrets check, naming secrets.key, when the key file no longer opens the sealed values', async () => {
    await cli(['secret', 'set', 'clientSecret', '--data-dir', dataDir], faceki.clientSecret);
    // Another key in its place (a restore from another machine, a fresh key after deleting it).
    writeFileSync(join(dataDir, 'secrets.key'), randomBytes(32));
    const { code, report } = await doctorJson();
    expect(code).toBe(2);
    const checks = byName(report.checks);
    expect(checks.secrets).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/adminPinHash, clientSecret cannot be decrypted/),
      hint: expect.stringMatching(/secrets\.key.*facegate secret set clientSecret.*facegate admin set-pin/),
    });
    // The PIN that cannot be opened is no PIN for the admin screen either.
    expect(checks.admin).toMatchObject({ ok: false, hint: expect.stringContaining('facegate admin set-pin') });
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['secrets', 'admin']);
  });

  it('fails the secrets check on a corrupt secrets.json with a hint that names secrets.json, not settings.json', async () => {
    writeFileSync(join(dataDir, 'secrets.json'), '{"adminPinHash": ');
    const { code, report } = await doctorJson();
    expect(code).toBe(2);
    const checks = byName(report.checks);
    expect(checks.settings!.ok).toBe(true);
    expect(checks.secrets).toMatchObject({ ok: false, detail: expect.stringMatching(/secrets\.json: unreadable/) });
    expect(checks.secrets!.hint).toMatch(/secrets\.json/);
    expect(checks.secrets!.hint).not.toMatch(/settings\.json/);
    // Without a secret by flag the store is where it would come from: the settings check still passes.
    const withoutFlag = jsonOf<{ checks: Check[] }>(
      await cli(['doctor', '--json', ...serviceArgs(dataDir, faceki, false), '--relay-port', pty.appPath]),
    );
    expect(byName(withoutFlag.checks).settings!.ok).toBe(true);
    expect(byName(withoutFlag.checks).secrets!.hint).toMatch(/secrets\.json/);
  });

  it("passes values sealed by the kiosk's OS keychain, which the CLI cannot open, saying so", async () => {
    const sealed = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ ...sealed, imageKey: 'keychain:AAAA' }));
    const { code, report } = await doctorJson();
    expect(code).toBe(0);
    expect(byName(report.checks).secrets).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/imageKey.*keychain/),
    });
  });

  it('fails the settings check with STORAGE_FAILED and a data-folder hint when the data folder is a file', async () => {
    const file = join(dataDir, 'not-a-folder');
    writeFileSync(file, '');
    const { code, report } = await doctorJson('--data-dir', file);
    expect(code).toBe(2);
    expect(report.checks).toEqual([
      {
        name: 'settings',
        ok: false,
        detail: expect.stringMatching(/^STORAGE_FAILED: data folder .*not-a-folder is not a folder/),
        hint: expect.stringMatching(/--data-dir/),
      },
    ]);
  });

  it.each([
    [404, false],
    [410, false],
    [405, false],
    [302, false],
    [500, false],
    [401, true],
    [403, true],
    [400, true],
  ])('counts HTTP %i from the verify URL as ok=%s', async (status, ok) => {
    const seen: Array<{ method?: string; authorization?: string; length: number }> = [];
    const server = createServer((req, res) => {
      let length = 0;
      req.on('data', (chunk: Buffer) => (length += chunk.length));
      req.on('end', () => {
        seen.push({ method: req.method, authorization: req.headers.authorization, length });
        res.writeHead(status, status === 302 ? { location: 'http://example.com/verify' } : {}).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify`;
      const { code, report } = await doctorJson('--verify-url', url);
      const service = byName(report.checks).service!;
      expect(service).toMatchObject({ ok, detail: expect.stringContaining(`HTTP ${status}`) });
      if (!ok) expect(service.hint).toMatch(/verifyUrl/);
      expect(code).toBe(ok ? 0 : 2);
      // The probe carries no credentials and no image, so it can never be a billed verification.
      expect(seen).toEqual([{ method: 'POST', authorization: undefined, length: 0 }]);
    } finally {
      server.close();
    }
  });

  it('fails the settings check on a corrupt settings.json, with a hint, and stops there', async () => {
    writeFileSync(join(dataDir, 'settings.json'), '{"verifier": {"timeoutMs": ');
    const { code, report } = await doctorJson();
    expect(code).toBe(2);
    expect(report.checks).toEqual([
      {
        name: 'settings',
        ok: false,
        detail: expect.stringMatching(/^INVALID_CONFIG: .*settings\.json: not valid JSON/),
        hint: expect.stringMatching(/settings\.json/),
      },
    ]);
    expect(faceki.tokenRequests).toBe(0);
  });

  it('names the field of a settings value out of range', async () => {
    writeSettings(dataDir, { verifier: { timeoutMs: 5 } });
    const { report } = await doctorJson();
    expect(report.checks[0]).toMatchObject({
      name: 'settings',
      ok: false,
      detail: expect.stringContaining('verifier.timeoutMs'),
    });
  });

  it('fails token and service with hints when the service is unreachable', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const { code, report } = await doctorJson('--verify-url', `${dead}/verify`, '--token-url', `${dead}/token`);
    expect(code).toBe(2);
    const checks = byName(report.checks);
    expect(checks.token).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^OFFLINE/),
      hint: expect.stringMatching(/tokenUrl/),
    });
    expect(checks.service).toMatchObject({
      ok: false,
      detail: expect.stringContaining('unreachable'),
      hint: expect.stringMatching(/verifyUrl/),
    });
    expect([checks.settings!.ok, checks.database!.ok, checks.relay!.ok]).toEqual([true, true, true]);
  });

  it('fails the relay check with a hint when the port does not exist', async () => {
    const { code, report } = await doctorJson('--relay-port', join(dataDir, 'ttyUSB-missing'));
    expect(code).toBe(2);
    const relay = byName(report.checks).relay!;
    expect(relay).toMatchObject({ ok: false, detail: expect.stringContaining('ttyUSB-missing') });
    expect(relay.hint).toMatch(/plugged in|dialout/);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['relay']);
  });

  it('refuses a plain-http service URL with a hint about https, and makes no request to it', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { code, report } = await doctorJson('--verify-url', 'http://example.com/verify');
    expect(code).toBe(2);
    const checks = byName(report.checks);
    for (const name of ['token', 'service']) {
      expect(checks[name]).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^INVALID_CONFIG/),
        hint: expect.stringMatching(/https/),
      });
    }
    expect(fetchSpy.mock.calls.map(([url]) => String(url))).not.toContainEqual(expect.stringContaining('example.com'));
    expect(faceki.tokenRequests).toBe(0);
  });
});
