import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../../../electron/common/contract';
import type { SettingsInput } from '../../../../electron/common/settings';
import { cliSecretStore } from '../../../../electron/cli/cli-context';
import { pinLockIn } from '../../../../electron/core/admin/pin-lock';
import { FaceEmbedder } from '../../../../electron/core/face/face-embedder';
import { createDispatcher, type Dispatch, type Sender } from '../../../../electron/core/ipc/dispatcher';
import { createKioskApp, type KioskApp } from '../../../../electron/core/kiosk-app';
import { createLogger } from '../../../../electron/core/logger';
import { startFakeFaceki, type FakeFaceki } from '../../../fakes/faceki-server';
import { readFixture } from '../../../support/fixtures';

// The admin screen's People channels through the real dispatcher and kiosk-app, with a real SQLite
// gallery, the real face-api embedder (loaded once for the file) and a fake FACEKI on 127.0.0.1.
const ORIGIN = 'app://facegate';
const sender: Sender = { url: `${ORIGIN}/index.html`, isMainFrame: true };
const PIN = '424242';
const jpeg = (name: string) => ({ image: readFixture(name), mime: 'image/jpeg' as const });
const meta = { faceScore: 0.9, faceBox: [10, 10, 100, 100], frameWidth: 640, frameHeight: 480, framesConsidered: 3 };

let dataDir: string;
let faceki: FakeFaceki;
let app: KioskApp | null;
let call: Dispatch;

beforeAll(async () => {
  await FaceEmbedder.load();
}, 60_000);
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'facegate-people-'));
  faceki = await startFakeFaceki();
  app = null;
});
afterEach(async () => {
  await app?.close();
  await faceki.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A kiosk with FACEKI's URLs and secret configured; `mode` chooses the verifier (absent: FACEKI's default). */
async function start(mode?: 'local' | 'faceki' | 'hybrid', extra: SettingsInput = {}) {
  const settings: SettingsInput = {
    verifier: {
      verifyUrl: faceki.verifyUrl,
      tokenUrl: faceki.tokenUrl,
      clientId: faceki.clientId,
      ...(mode && { mode }),
    },
    // No cooldown: one test sends several people in a row.
    access: { cooldownMs: 0 },
    ...extra,
  };
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings));
  const secrets = cliSecretStore(dataDir);
  secrets.set('clientSecret', faceki.clientSecret);
  await pinLockIn(dataDir, secrets).setPin(PIN);
  app = createKioskApp({ dataDir, log: createLogger(dataDir), version: 'test', secrets });
  call = createDispatcher(app.handlers, { trustedOrigin: ORIGIN });
  expect(app.fault()).toBeNull();
}

async function value<T = Record<string, unknown>>(channel: string, request: unknown = null): Promise<T> {
  const result = await call(channel, request, sender);
  if (!result.ok) throw new Error(`${channel}: ${result.code}: ${result.message}`);
  return result.value as T;
}

const unlock = () => value('adminUnlock', { pin: PIN });
const door = (name: string) =>
  value<{ decision: string; code: string; user?: { userId: string; name?: string } }>('submitFrame', {
    ...jpeg(name),
    meta,
  });
type PeopleList = { mode: string; people: Array<{ id: string; name: string; templates: number; source: string }> };

describe('People behind the admin session', () => {
  it('refuses to list, enrol or forget until the PIN is entered', async () => {
    await start('local');
    expect(await call('adminPeopleList', null, sender)).toMatchObject({ ok: false, code: 'ADMIN_REQUIRED' });
    expect(
      await call('adminPeopleEnroll', { name: 'Barack Obama', frames: [jpeg('obama-1.jpg')] }, sender),
    ).toMatchObject({ ok: false, code: 'ADMIN_REQUIRED' });
    expect(await call('adminPeopleForget', { id: 'x' }, sender)).toMatchObject({ ok: false, code: 'ADMIN_REQUIRED' });
    expect(app!.services()!.gallery!.size().people).toBe(0);
  });

  it('refuses frames that are not images of the right size and type before reading them', async () => {
    await start('local');
    await unlock();
    const base = { name: 'Barack Obama' };
    const tooBig = new Uint8Array(MAX_FRAME_BYTES + 1);
    tooBig.set([0xff, 0xd8, 0xff]);
    const png = { image: readFixture('obama-1.jpg'), mime: 'image/png' };
    for (const request of [
      { ...base, frames: [] },
      { ...base, frames: Array.from({ length: 6 }, () => jpeg('obama-1.jpg')) },
      { ...base, frames: [{ image: tooBig, mime: 'image/jpeg' }] },
      { ...base, frames: [png] },
      { ...base, frames: [{ image: 'not bytes', mime: 'image/jpeg' }] },
      { name: '  ', frames: [jpeg('obama-1.jpg')] },
      { ...base, email: 'not-an-email', frames: [jpeg('obama-1.jpg')] },
      { ...base, frames: [jpeg('obama-1.jpg')], descriptor: [0.1, 0.2] },
    ]) {
      expect(await call('adminPeopleEnroll', request, sender)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    }
    expect(app!.services()!.gallery!.size().people).toBe(0);
  });
});

describe('local mode', () => {
  it('enrols from frames into the running gallery: he is granted at once, others are not, forget undoes it', async () => {
    await start('local');
    expect((await value<{ setupHint: string | null }>('getKioskInfo')).setupHint).toBe('enrol-first');
    await unlock();
    expect(await value<PeopleList>('adminPeopleList')).toEqual({ mode: 'local', people: [], otherModelTemplates: 0 });
    expect(await door('obama-2.jpg')).toMatchObject({ decision: 'denied', code: 'NO_MATCH' });

    const person = await value<{ id: string; name: string; templates: number; source: string; language: string }>(
      'adminPeopleEnroll',
      { name: 'Barack Obama', email: 'barack@example.org', language: 'fr', frames: [jpeg('obama-1.jpg')] },
    );
    expect(person).toMatchObject({ name: 'Barack Obama', templates: 1, source: 'local', language: 'fr' });
    const list = await value<PeopleList>('adminPeopleList');
    expect(list.people).toEqual([expect.objectContaining({ id: person.id, name: 'Barack Obama', templates: 1 })]);
    expect((await value<{ setupHint: string | null }>('getKioskInfo')).setupHint).toBeNull();

    // The same services, no restart: the door knows him now, and only him.
    expect(await door('obama-2.jpg')).toMatchObject({
      decision: 'granted',
      user: { userId: person.id, name: 'Barack Obama' },
    });
    expect(await door('vlado-1.jpg')).toMatchObject({ decision: 'denied', code: 'NO_MATCH' });

    await value('adminPeopleForget', { id: person.id });
    expect((await value<PeopleList>('adminPeopleList')).people).toEqual([]);
    expect(await door('obama-2.jpg')).toMatchObject({ decision: 'denied', code: 'NO_MATCH' });
    expect(await call('adminPeopleForget', { id: person.id }, sender)).toMatchObject({
      ok: false,
      code: 'PERSON_NOT_FOUND',
    });
    const log = readFileSync(join(dataDir, 'logs', 'facegate.log'), 'utf8');
    expect(log).toContain('person enrolled from the admin screen');
    expect(log).toContain('person forgotten from the admin screen');
  });

  it('refuses no face, two faces, an unreadable frame and a face already enrolled, each with its code', async () => {
    await start('local');
    await unlock();
    const enrol = (name: string, frames: Array<{ image: Uint8Array; mime: 'image/jpeg' }>) =>
      call('adminPeopleEnroll', { name, frames }, sender);
    expect(await enrol('Nobody', [jpeg('no-face.jpg')])).toMatchObject({ ok: false, code: 'FACE_NOT_FOUND' });
    expect(await enrol('Two', [jpeg('two-people.jpg')])).toMatchObject({ ok: false, code: 'TOO_MANY_FACES' });
    const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    expect(await enrol('Broken', [jpeg('obama-1.jpg'), { image: broken, mime: 'image/jpeg' }])).toMatchObject({
      ok: false,
      code: 'FAILED_TO_READ_IMAGE',
      message: expect.stringContaining('frame 2'),
    });
    expect(app!.services()!.gallery!.size().people).toBe(0);

    await value('adminPeopleEnroll', { name: 'Barack Obama', frames: [jpeg('obama-1.jpg')] });
    expect(await enrol('Not Obama', [jpeg('obama-2.jpg')])).toMatchObject({ ok: false, code: 'ALREADY_ENROLLED' });
    expect((await value<PeopleList>('adminPeopleList')).people.map((p) => p.name)).toEqual(['Barack Obama']);
    // The refusal is logged by its code, without the name of the person the face belongs to.
    const log = readFileSync(join(dataDir, 'logs', 'facegate.log'), 'utf8');
    expect(log).toContain('"code":"ALREADY_ENROLLED"');
  });
});

describe('FACEKI as the verifier', () => {
  it('sends the enrolment to FACEKI, keeps nothing locally, and FACEKI then recognises him', async () => {
    await start();
    await unlock();
    expect((await value<PeopleList>('adminPeopleList')).mode).toBe('faceki');
    expect((await value<{ setupHint: string | null }>('getKioskInfo')).setupHint).toBeNull();
    const person = await value<{ id: string; source: string; templates: number }>('adminPeopleEnroll', {
      name: 'Barack Obama',
      frames: [jpeg('obama-1.jpg')],
    });
    expect(person).toMatchObject({ source: 'faceki', templates: 0 });
    expect(person.id).not.toBe('');
    expect((await value<PeopleList>('adminPeopleList')).people).toEqual([]);
    expect(await door('obama-2.jpg')).toMatchObject({ decision: 'granted', user: { userId: person.id } });
    // FACEKI says "Already Registered" for the same face again.
    expect(
      await call('adminPeopleEnroll', { name: 'Someone Else', frames: [jpeg('obama-2.jpg')] }, sender),
    ).toMatchObject({ ok: false, code: 'ALREADY_ENROLLED' });
  });
});
