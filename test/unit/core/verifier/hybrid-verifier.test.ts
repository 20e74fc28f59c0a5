import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema, type SettingsInput } from '../../../../electron/common/settings';
import { FaceEmbedder } from '../../../../electron/core/face/face-embedder';
import { createLogger } from '../../../../electron/core/logger';
import { FacekiClient } from '../../../../electron/core/verifier/faceki-client';
import { HybridVerifier, MAX_REMEMBERED_TEMPLATES } from '../../../../electron/core/verifier/hybrid-verifier';
import { ResilientVerifier } from '../../../../electron/core/verifier/resilient-verifier';
import { clientOptionsFor, grantFor, startFakeFaceki, type FakeFaceki } from '../../../fakes/faceki-server';
import { readFixture } from '../../../support/fixtures';
import { tempGallery, type TempGallery } from '../gallery/temp-gallery';

// The hybrid as the kiosk builds it: the real FACEKI client behind its retries and breaker, talking
// HTTP to the fake (which recognises faces it enrolled with real embeddings), and a real gallery in
// a SQLite file. "FACEKI offline" is the fake server stopped: connections refused.

const photo = (name: string) => readFixture(name);
const DAY_MS = 86_400_000;

let fake: FakeFaceki | null;
let temp: TempGallery;
const opened: HybridVerifier[] = [];

beforeAll(async () => {
  await FaceEmbedder.load(); // once per file, not inside the first test's time
}, 60_000);

beforeEach(async () => {
  fake = await startFakeFaceki();
  await fake.enroll({ userId: 'u-obama', name: 'Barack Obama', language: 'en' }, photo('obama-1.jpg'));
  await fake.enroll({ userId: 'u-vlado', name: 'Vlado' }, photo('vlado-1.jpg'));
  temp = tempGallery();
});

afterEach(async () => {
  for (const v of opened.splice(0)) await v.close();
  await fake?.close();
  temp.close();
});

/** The hybrid over the fake; `now` is the clock it reads for grants and for hybrid.days. */
function hybrid(input: SettingsInput = {}, now: { at: Date } = { at: new Date() }): HybridVerifier {
  const settings = settingsSchema.parse({ hybrid: { rememberGrants: true }, ...input });
  const online = new ResilientVerifier({
    inner: new FacekiClient(clientOptionsFor(fake!, { timeoutMs: 10_000 })),
    // One try, and a breaker that never opens: a stopped server is answered 'offline' at once.
    policy: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, deadlineMs: 20_000, breakerThreshold: 100 },
  });
  const verifier = new HybridVerifier({
    online,
    gallery: temp.gallery,
    embedder: () => FaceEmbedder.load(),
    local: settings.local,
    hybrid: settings.hybrid,
    access: settings.access,
    log: createLogger(null),
    clock: () => now.at,
  });
  opened.push(verifier);
  return verifier;
}

const verify = (v: HybridVerifier, name: string) => v.verify(photo(name), 'image/jpeg');

async function stopFaceki(): Promise<void> {
  await fake!.close();
  fake = null;
}

describe('HybridVerifier', () => {
  it('grants offline-local a person FACEKI granted earlier, while FACEKI is stopped; everyone else is offline', async () => {
    const v = hybrid();
    const online = await verify(v, 'obama-2.jpg');
    expect(online).toMatchObject({ kind: 'match', user: { userId: 'u-obama' }, via: 'faceki' });
    await v.settled();
    // The granted frame became a template of FACEKI's person, under FACEKI's id.
    expect(temp.gallery.people()).toEqual([
      expect.objectContaining({ id: 'u-obama', name: 'Barack Obama', source: 'faceki', templates: 1 }),
    ]);
    expect(temp.gallery.person('u-obama')!.lastGrantedAt).not.toBeNull();

    await stopFaceki();
    // Another photo of him: the local gallery decides, and says so.
    expect(await verify(v, 'obama-1.jpg')).toMatchObject({
      kind: 'match',
      user: { userId: 'u-obama', name: 'Barack Obama', language: 'en' },
      via: 'offline-local',
    });
    // Vlado is enrolled with FACEKI but was never granted here: FACEKI's offline answer, never a grant.
    const vlado = await verify(v, 'vlado-2.jpg');
    expect(vlado).toMatchObject({ kind: 'offline', via: 'offline-local' });
    expect((vlado as { message: string }).message).toMatch(/not among the people granted in the last 7 days/);
    // Someone FACEKI does not know at all, and a picture without a face: likewise.
    expect(await verify(v, 'biden-1.jpg')).toMatchObject({ kind: 'offline' });
    expect(await verify(v, 'no-face.jpg')).toMatchObject({
      kind: 'offline',
      message: expect.stringContaining('local gallery: FACE_NOT_FOUND'),
    });
  });

  it('keeps nothing when rememberGrants is off (the default): offline, nobody is let in', async () => {
    const v = hybrid({ hybrid: {} });
    expect(await verify(v, 'obama-2.jpg')).toMatchObject({ kind: 'match', via: 'faceki' });
    await v.settled();
    expect(temp.gallery.size()).toMatchObject({ people: 0, templates: 0 });
    await stopFaceki();
    expect(await verify(v, 'obama-1.jpg')).toMatchObject({ kind: 'offline' });
  });

  it('still records the last grant of a person the gallery holds when rememberGrants is off', async () => {
    const v = hybrid({ hybrid: {} });
    const descriptor = await (await FaceEmbedder.load()).describe(photo('obama-1.jpg'));
    if (descriptor.kind !== 'face') throw new Error('obama-1 has a face');
    temp.gallery.add({ id: 'u-obama', name: 'Barack Obama', source: 'faceki' }, [descriptor.descriptor]);
    // Never granted: not matched offline.
    await stopFaceki();
    expect(await verify(v, 'obama-2.jpg')).toMatchObject({ kind: 'offline' });
    fake = await startFakeFaceki();
    await fake.enroll({ userId: 'u-obama', name: 'Barack Obama' }, photo('obama-1.jpg'));
    const again = hybrid({ hybrid: {} });
    expect(await verify(again, 'obama-2.jpg')).toMatchObject({ kind: 'match', via: 'faceki' });
    expect(temp.gallery.person('u-obama')).toMatchObject({ templates: 1, lastGrantedAt: expect.any(String) });
    await stopFaceki();
    expect(await verify(again, 'obama-2.jpg')).toMatchObject({ kind: 'match', via: 'offline-local' });
  });

  it('lets in offline only people granted within hybrid.days', async () => {
    const now = { at: new Date('2030-01-01T08:00:00Z') };
    const v = hybrid({ hybrid: { rememberGrants: true, days: 3 } }, now);
    await verify(v, 'obama-2.jpg');
    await v.settled();
    await stopFaceki();
    now.at = new Date(now.at.getTime() + 3 * DAY_MS - 60_000);
    expect(await verify(v, 'obama-1.jpg')).toMatchObject({ kind: 'match', via: 'offline-local' });
    now.at = new Date(now.at.getTime() + 2 * 60_000);
    expect(await verify(v, 'obama-1.jpg')).toMatchObject({
      kind: 'offline',
      message: expect.stringContaining('not among the people granted in the last 3 days'),
    });
  });

  it('remembers only what the kiosk grants: not a match below access.minConfidence', async () => {
    fake!.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.3 }));
    const v = hybrid();
    expect(await verify(v, 'obama-2.jpg')).toMatchObject({ kind: 'match', confidence: 0.3 });
    await v.settled();
    expect(temp.gallery.size().people).toBe(0);
  });

  it('does not give a face to a second person, and stops adding templates at the cap', async () => {
    const v = hybrid();
    await verify(v, 'obama-2.jpg');
    // FACEKI now claims obama's face for someone else (a mix-up on its side): the gallery keeps out of it.
    fake!.setVerifyResponder(() => grantFor({ userId: 'u-impostor', name: 'Someone Else', confidence: 0.9 }));
    await verify(v, 'obama-1.jpg');
    await v.settled();
    expect(temp.gallery.people().map((p) => p.id)).toEqual(['u-obama']);
    fake!.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.9 }));
    for (let i = 0; i < MAX_REMEMBERED_TEMPLATES + 1; i++) await verify(v, 'obama-1.jpg');
    await v.settled();
    expect(temp.gallery.person('u-obama')!.templates).toBe(MAX_REMEMBERED_TEMPLATES);
  });
});
