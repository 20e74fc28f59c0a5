import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema, type SettingsInput } from '../../../electron/common/settings';
import { pinLockIn } from '../../../electron/core/admin/pin-lock';
import { createDispatcher, type Dispatch, type Sender } from '../../../electron/core/ipc/dispatcher';
import { createKioskApp, type KioskApp } from '../../../electron/core/kiosk-app';
import { createLogger } from '../../../electron/core/logger';
import { cliSecretStore } from '../../../electron/cli/cli-context';
import { startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { startRelayPty, type RelayPty } from '../../fakes/relay-pty';

// The kiosk as Electron's main and the Node host run it (settings, services, admin), driven
// through the real dispatcher with a real SQLite file, a fake FACEKI on 127.0.0.1 and a socat PTY.
const ORIGIN = 'app://facegate';
const sender: Sender = { url: `${ORIGIN}/index.html`, isMainFrame: true };
const PIN = '424242';

let dataDir: string;
let faceki: FakeFaceki;
let pty: RelayPty;
let app: KioskApp | null;
let call: Dispatch;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'facegate-app-'));
  faceki = await startFakeFaceki();
  pty = await startRelayPty(dataDir);
  app = null;
});
afterEach(async () => {
  await app?.close();
  await pty.close();
  await faceki.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const settingsFile = () => join(dataDir, 'settings.json');
function writeSettings(extra: SettingsInput = {}) {
  const settings: SettingsInput = {
    verifier: { verifyUrl: faceki.verifyUrl, tokenUrl: faceki.tokenUrl, clientId: faceki.clientId },
    relay: { port: pty.appPath, openMs: 250, reconnectMs: 200 },
    ...extra,
  };
  writeFileSync(settingsFile(), JSON.stringify(settings));
}

async function start(options: { pin?: boolean } = {}) {
  const secrets = cliSecretStore(dataDir);
  secrets.set('clientSecret', faceki.clientSecret);
  if (options.pin !== false) {
    await pinLockIn(dataDir, secrets).setPin(PIN);
  }
  app = createKioskApp({ dataDir, log: createLogger(dataDir), version: 'test', secrets });
  call = createDispatcher(app.handlers, { trustedOrigin: ORIGIN });
  return app;
}

async function value<T = Record<string, unknown>>(channel: string, request: unknown = null): Promise<T> {
  const result = await call(channel, request, sender);
  if (!result.ok) throw new Error(`${channel}: ${result.code}: ${result.message}`);
  return result.value as T;
}

async function unlock() {
  const status = await value('adminUnlock', { pin: PIN });
  expect(status.unlocked).toBe(true);
}

describe('the admin screen behind the contract', () => {
  it('refuses every admin request until the PIN is entered, and again after locking', async () => {
    writeSettings();
    await start();
    for (const channel of ['adminGetSettings', 'adminHealth', 'adminLock']) {
      const result = await call(channel, null, sender);
      if (channel === 'adminLock') expect(result.ok).toBe(true);
      else expect(result).toMatchObject({ ok: false, code: 'ADMIN_REQUIRED' });
    }
    await unlock();
    expect((await call('adminGetSettings', null, sender)).ok).toBe(true);
    await value('adminLock');
    expect(await call('adminHealth', null, sender)).toMatchObject({ ok: false, code: 'ADMIN_REQUIRED' });
  });

  it('refuses a PIN that is not 6-12 digits before checking it, and a frame from another origin', async () => {
    writeSettings();
    await start();
    expect(await call('adminUnlock', { pin: '12' }, sender)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await call('adminUnlock', { pin: PIN }, { url: 'http://evil.test/', isMainFrame: true })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN_SENDER',
    });
    expect(await value('adminStatus')).toMatchObject({ unlocked: false, attemptsLeft: 5 });
  });

  it('says ADMIN_PIN_NOT_SET, with the command to set one, when no PIN exists', async () => {
    writeSettings();
    await start({ pin: false });
    expect(await call('adminUnlock', { pin: PIN }, sender)).toMatchObject({
      ok: false,
      code: 'ADMIN_PIN_NOT_SET',
      message: expect.stringContaining('facegate admin set-pin'),
    });
  });

  it('locks the admin screen after the configured number of wrong PINs', async () => {
    writeSettings({ admin: { maxPinAttempts: 3, lockoutMinutes: 2 } });
    await start();
    expect(await value('adminUnlock', { pin: '000000' })).toMatchObject({ unlocked: false, attemptsLeft: 2 });
    expect(await value('adminUnlock', { pin: '000001' })).toMatchObject({ unlocked: false, attemptsLeft: 1 });
    const locked = await value<{ lockedUntil: string; unlocked: boolean }>('adminUnlock', { pin: '000002' });
    expect(Date.parse(locked.lockedUntil) - Date.now()).toBeGreaterThan(100_000);
    expect(await value('adminUnlock', { pin: PIN })).toMatchObject({ unlocked: false, attemptsLeft: 0 });
    expect(readFileSync(join(dataDir, 'logs', 'facegate.log'), 'utf8')).toContain('admin PIN locked out');
  });

  it('saves a valid change, rebuilds the services from it, and the kiosk sees it', async () => {
    writeSettings();
    await start();
    await unlock();
    const { settings } = await value<{ settings: Record<string, unknown> }>('adminGetSettings');
    const changed = { ...settings, resultDisplayMs: 7_500, kiosk: { language: 'fr', startAtLogin: false } };
    await value('adminSaveSettings', { settings: changed });
    const onDisk = settingsSchema.parse(JSON.parse(readFileSync(settingsFile(), 'utf8')));
    expect(onDisk.resultDisplayMs).toBe(7_500);
    const info = await value<{ resultDisplayMs: number; language: string; configFault: unknown }>('getKioskInfo');
    expect(info).toMatchObject({ resultDisplayMs: 7_500, language: 'fr', configFault: null });
  });

  it('refuses an invalid change with the field named, and keeps the file and the kiosk as they were', async () => {
    writeSettings();
    await start();
    await unlock();
    const before = readFileSync(settingsFile(), 'utf8');
    const { settings } = await value<{ settings: { relay: Record<string, unknown> } }>('adminGetSettings');
    const result = await call(
      'adminSaveSettings',
      { settings: { ...settings, relay: { ...settings.relay, openMs: 5 } } },
      sender,
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('relay.openMs'),
    });
    expect(readFileSync(settingsFile(), 'utf8')).toBe(before);
    expect((await value<{ relay: { connected: boolean } }>('getKioskInfo')).relay.connected).toBe(true);
  });

  it('keeps the client secret out of settings.json and out of the answer, sealed in the store', async () => {
    writeSettings();
    await start();
    await unlock();
    const got = await value<{ settings: unknown; clientSecretSet: boolean }>('adminGetSettings');
    expect(JSON.stringify(got)).not.toContain(faceki.clientSecret);
    expect(got.clientSecretSet).toBe(true);
    await value('adminSaveSettings', { settings: got.settings, clientSecret: 'rotated-secret-123' });
    expect(readFileSync(settingsFile(), 'utf8')).not.toContain('rotated-secret-123');
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).not.toContain('rotated-secret-123');
    expect(cliSecretStore(dataDir).get('clientSecret')).toBe('rotated-secret-123');
  });

  it('tests the connection with the values in the form: OK with the right secret, AUTH_FAILED without', async () => {
    writeSettings();
    await start();
    await unlock();
    const verifier = { verifyUrl: faceki.verifyUrl, tokenUrl: faceki.tokenUrl, clientId: faceki.clientId };
    expect(await value('adminTestConnection', { verifier })).toMatchObject({ ok: true, code: 'OK' });
    expect(await value('adminTestConnection', { verifier, clientSecret: 'wrong' })).toMatchObject({
      ok: false,
      code: 'AUTH_FAILED',
    });
    expect(
      await value('adminTestConnection', { verifier: { ...verifier, tokenUrl: 'http://example.com/t' } }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_CONFIG',
    });
  });

  it("tests the relay on the kiosk's own port: the board gets open then close, and the kiosk has it back", async () => {
    writeSettings();
    await start();
    await unlock();
    await pty.waitForBytes(4);
    const before = pty.received().length;
    const result = await value('adminTestRelay', { relay: { port: pty.appPath, protocol: 'lcus', openMs: 300 } });
    expect(result).toMatchObject({ ok: true, code: 'OK' });
    const frames = pty.received().subarray(before).toString('hex').match(/.{8}/g) ?? [];
    expect(frames).toContain('a00101a2');
    expect(frames.at(-1)).toBe('a00100a1');
    await app!.ready();
    await expect
      .poll(async () => (await value<{ relay: { connected: boolean } }>('getKioskInfo')).relay.connected)
      .toBe(true);
    expect(await value('adminTestRelay', { relay: { port: join(dataDir, 'no-such-tty') } })).toMatchObject({
      ok: false,
      code: 'RELAY_UNAVAILABLE',
    });
    // A relay setting out of range is named, and nothing is opened.
    const bytes = pty.received().length;
    expect(await value('adminTestRelay', { relay: { port: pty.appPath, openMs: 50 } })).toMatchObject({
      ok: false,
      code: 'INVALID_CONFIG',
      detail: expect.stringContaining('relay.openMs'),
    });
    expect(pty.received().length).toBe(bytes);
  });

  it('lists the attempt log with filters, newest first, and exports it as CSV', async () => {
    writeSettings();
    const kiosk = await start();
    const attempts = kiosk.services()!.attempts;
    const base = { source: 'kiosk' as const, latencyMs: 10, online: true, doorOpened: false };
    attempts.record({
      ...base,
      createdAt: '2026-11-20T08:00:00.000Z',
      decision: 'granted',
      code: 'OK',
      userId: 'u1',
      userName: 'Ada',
    });
    attempts.record({ ...base, createdAt: '2026-11-21T08:00:00.000Z', decision: 'denied', code: 'NO_MATCH' });
    attempts.record({
      ...base,
      createdAt: '2026-11-22T08:00:00.000Z',
      decision: 'granted',
      code: 'OK',
      userId: 'u2',
      userName: '=cmd|x',
    });
    await unlock();
    const page = await value<{ total: number; rows: Array<{ id: number; userName?: string }> }>('adminAttempts', {
      decision: 'granted',
    });
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.userName)).toEqual(['=cmd|x', 'Ada']);
    const byUser = await value<{ total: number }>('adminAttempts', { user: 'ad' });
    expect(byUser.total).toBe(1);
    const since = await value<{ total: number }>('adminAttempts', { since: '2026-11-21T00:00:00.000Z' });
    expect(since.total).toBe(2);
    // A filter that is not a date, or a page too large, is refused before any query.
    expect(await call('adminAttempts', { since: 'yesterday' }, sender)).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
    expect(await call('adminAttempts', { limit: 100_000 }, sender)).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
    const exported = await value<{ csv: string; rows: number; fileName: string }>('adminExportAttempts', {});
    expect(exported.rows).toBe(3);
    expect(exported.fileName).toMatch(/^facegate-attempts-.*\.csv$/);
    const lines = exported.csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'id,createdAt,source,decision,code,userId,userName,confidence,latencyMs,online,verifier,verifyPath,doorOpened,syncState,resolvedDecision,resolvedCode,detail',
    );
    expect(lines).toHaveLength(4);
    // A name a spreadsheet would run as a formula is defused.
    expect(exported.csv).toContain("'=cmd|x");
  });

  it('runs on the last good settings when settings.json breaks, and puts the file on screen', async () => {
    writeSettings({ resultDisplayMs: 6_000 });
    await (await start()).close();
    writeFileSync(settingsFile(), '{"resultDisplayMs": ');
    await start();
    const info = await value<{ resultDisplayMs: number; configFault: { code: string; message: string } }>(
      'getKioskInfo',
    );
    expect(info.resultDisplayMs).toBe(6_000);
    expect(info.configFault.code).toBe('INVALID_CONFIG');
    expect(info.configFault.message).toContain(settingsFile());
    await unlock();
    const health = await value<{ settings: { source: string } }>('adminHealth');
    expect(health.settings.source).toBe('last-good');
    // Saving from the admin screen repairs the file, and the fault goes away.
    const { settings } = await value<{ settings: unknown }>('adminGetSettings');
    await value('adminSaveSettings', { settings });
    expect((await value<{ configFault: unknown }>('getKioskInfo')).configFault).toBeNull();
  });

  it('without any good settings, the kiosk faults with INVALID_CONFIG but the admin screen still opens', async () => {
    writeFileSync(settingsFile(), '[1,2');
    await start();
    expect(await call('getKioskInfo', null, sender)).toMatchObject({
      ok: false,
      code: 'INVALID_CONFIG',
      message: expect.stringContaining(settingsFile()),
    });
    await unlock();
    const got = await value<{ path: string }>('adminGetSettings');
    expect(got.path).toBe(settingsFile());
  });
});
