import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FaceEmbedder } from '../../../electron/core/face/face-embedder';
import { startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { fixturePath } from '../../support/fixtures';
import {
  attemptRows,
  cli,
  jsonOf,
  makeDataDir,
  removeDataDir,
  runBin,
  serviceArgs,
  writeSettings,
} from './cli-harness';

// `facegate enroll`, `people`, `forget` and `verify --verifier` over the fixture photos: main() in
// this process, a SQLite gallery in a temporary data folder, face-api as main's embedder, and the
// FACEKI fake on 127.0.0.1 for enrolment with FACEKI.

interface Person {
  id: string;
  name: string;
  email: string | null;
  language: string | null;
  source: string;
  templates: number;
}

let dataDir: string;
const photo = (name: string) => fixturePath(name);

beforeAll(async () => {
  await FaceEmbedder.load(); // once per file, outside the first test's time
}, 60_000);

beforeEach(() => {
  vi.stubEnv('FACEGATE_CLIENT_SECRET', undefined);
  vi.stubEnv('FACEGATE_DATA_DIR', undefined);
  dataDir = makeDataDir();
  writeSettings(dataDir);
});

afterEach(() => {
  vi.unstubAllEnvs();
  removeDataDir(dataDir);
});

const inData = (...args: string[]) => [...args, '--data-dir', dataDir];
const enroll = async (images: string[], ...flags: string[]) =>
  jsonOf<{ enrolled: true; where: string; person: Person }>(
    await cli(inData('enroll', ...images.map(photo), '--json', ...flags)),
  );
const verify = async (name: string, ...flags: string[]) => {
  const run = await cli(inData('verify', photo(name), '--json', ...flags));
  return {
    exit: run.code,
    ...jsonOf<{ decision: string; code: string; user: { userId: string; name?: string } | null }>(run),
  };
};
const people = async () => jsonOf<{ people: Person[] }>(await cli(inData('people', '--json'))).people;

describe('facegate enroll (local gallery, the default without FACEKI credentials)', () => {
  it('enrols obama-1: obama-2 is then granted, vlado-1 denied; forget, and obama-2 is denied', async () => {
    const { where, person } = await enroll(['obama-1.jpg'], '--name', 'Barack Obama', '--email', 'b@example.org');
    expect(where).toBe('local');
    expect(person).toMatchObject({ name: 'Barack Obama', email: 'b@example.org', templates: 1 });

    expect(await verify('obama-2.jpg')).toMatchObject({
      exit: 0,
      decision: 'granted',
      user: { userId: person.id, name: 'Barack Obama' },
    });
    expect(await verify('vlado-1.jpg')).toMatchObject({ exit: 1, decision: 'denied', code: 'NO_MATCH' });
    expect(attemptRows(dataDir).map((r) => [r.decision, r.code, r.verifier])).toEqual([
      ['granted', 'OK', 'local'],
      ['denied', 'NO_MATCH', 'local'],
    ]);
    // `facegate log` shows the path of each attempt.
    const log = JSON.parse((await cli(inData('log'))).lines.join('\n')) as Array<{ verifier?: string }>;
    expect(log.map((r) => r.verifier)).toEqual(['local', 'local']);

    expect(await people()).toEqual([expect.objectContaining({ id: person.id, name: 'Barack Obama', source: 'local' })]);
    const forgot = await cli(inData('forget', person.id));
    expect(forgot.code).toBe(0);
    expect(forgot.lines.join('\n')).toContain(`forgotten: ${person.id} Barack Obama`);
    expect(await people()).toEqual([]);
    expect(await verify('obama-2.jpg')).toMatchObject({ exit: 1, decision: 'denied', code: 'NO_MATCH' });
    // The attempts keep the id, not the name.
    expect(attemptRows(dataDir)[0]).toMatchObject({ user_id: person.id, user_name: null });
  });

  it('enrols several photos of one person as several templates, with language', async () => {
    const { person } = await enroll(['vlado-1.jpg', 'vlado-2.jpg'], '--name', 'Vlado', '--language', 'sl');
    expect(person).toMatchObject({ templates: 2, language: 'sl' });
    const text = await cli(inData('people'));
    expect(text.lines).toEqual([expect.stringMatching(new RegExp(`^${person.id}  Vlado  2 template\\(s\\)  local`))]);
  });

  it('refuses a second enrolment of the same face under another name (ALREADY_ENROLLED), adding nobody', async () => {
    await enroll(['obama-1.jpg'], '--name', 'Barack Obama');
    await expect(cli(inData('enroll', photo('obama-2.jpg'), '--name', 'Someone Else'))).rejects.toMatchObject({
      code: 'ALREADY_ENROLLED',
      message: expect.stringContaining('Barack Obama'),
    });
    await expect(cli(inData('enroll', photo('obama-1.jpg'), '--name', 'Barack Obama'))).rejects.toMatchObject({
      code: 'ALREADY_ENROLLED',
    });
    expect((await people()).map((p) => p.name)).toEqual(['Barack Obama']);
  });

  it.each([
    ['no-face.jpg', 'FACE_NOT_FOUND'],
    ['two-people.jpg', 'TOO_MANY_FACES'],
  ])('refuses %s with %s, naming the photo, and enrols none of the others', async (name, code) => {
    await expect(
      cli(inData('enroll', photo('obama-1.jpg'), photo(name), '--name', 'Barack Obama')),
    ).rejects.toMatchObject({ code, message: expect.stringContaining(name) });
    expect(await people()).toEqual([]);
  });

  it('refuses an unreadable or missing photo with FAILED_TO_READ_IMAGE, naming it', async () => {
    const text = join(dataDir, 'notes.jpg');
    writeFileSync(text, 'not a photo');
    await expect(cli(inData('enroll', text, '--name', 'X'))).rejects.toMatchObject({
      code: 'FAILED_TO_READ_IMAGE',
      message: expect.stringContaining('notes.jpg'),
    });
    const missing = join(dataDir, 'gone.jpg');
    await expect(cli(inData('enroll', missing, '--name', 'X'))).rejects.toMatchObject({
      code: 'FAILED_TO_READ_IMAGE',
      message: expect.stringContaining(missing),
    });
    expect(await people()).toEqual([]);
  });

  it('refuses a command line without photos or a name, or with a bad e-mail or language, as INVALID_REQUEST', async () => {
    for (const [args, why] of [
      [['enroll', '--name', 'X'], /usage: facegate enroll/],
      [['enroll', photo('obama-1.jpg')], /--name/],
      [['enroll', photo('obama-1.jpg'), '--name', '  '], /--name/],
      [['enroll', photo('obama-1.jpg'), '--name', 'X', '--email', 'nope'], /--email/],
      [['enroll', photo('obama-1.jpg'), '--name', 'X', '--language', 'english please'], /--language/],
    ] as const) {
      await expect(cli(inData(...args))).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
        message: expect.stringMatching(why),
      });
    }
    expect(await people()).toEqual([]);
  });

  it('forget of an unknown id is PERSON_NOT_FOUND', async () => {
    await expect(cli(inData('forget', 'no-such-id'))).rejects.toMatchObject({
      code: 'PERSON_NOT_FOUND',
      message: expect.stringContaining('no-such-id'),
    });
  });

  it('says how to enrol when nobody is', async () => {
    expect((await cli(inData('people'))).lines).toEqual([expect.stringContaining('facegate enroll')]);
  });

  it('reports a refusal as one line with its code and exit 2 (built CLI)', async () => {
    const run = await runBin(inData('enroll', photo('two-people.jpg'), '--name', 'Two'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^facegate: TOO_MANY_FACES: two-people\.jpg /);
  });
});

describe('facegate enroll with FACEKI', () => {
  let faceki: FakeFaceki;
  beforeAll(async () => {
    faceki = await startFakeFaceki();
  });
  afterAll(() => faceki.close());

  it("goes to FACEKI's enrol endpoint when FACEKI is the verifier, leaving the local gallery empty", async () => {
    const service = serviceArgs(dataDir, faceki);
    const { where, person } = await enroll(['obama-1.jpg'], '--name', 'Barack Obama', '--language', 'en', ...service);
    expect(where).toBe('faceki');
    expect(person).toMatchObject({ name: 'Barack Obama', templates: null });
    const sent = faceki.enrollRequests.at(-1)!;
    expect(sent.authorization).toMatch(/^Bearer /);
    expect(sent.fields).toEqual({ userId: person.id, name: 'Barack Obama', language: 'en' });
    expect(await people()).toEqual([]);
    // FACEKI now knows him: verify (FACEKI, the effective mode) grants another photo, under the id enrolled.
    expect(await verify('obama-2.jpg', ...service)).toMatchObject({ decision: 'granted', user: { userId: person.id } });
    // The same face again: FACEKI's "Already Registered".
    await expect(
      cli(inData('enroll', photo('obama-2.jpg'), '--name', 'Someone Else', ...service)),
    ).rejects.toMatchObject({ code: 'ALREADY_ENROLLED' });
    // FACEKI's own face codes come back as ours.
    await expect(cli(inData('enroll', photo('no-face.jpg'), '--name', 'Nobody', ...service))).rejects.toMatchObject({
      code: 'FACE_NOT_FOUND',
    });
    // One photo per person with FACEKI.
    await expect(
      cli(inData('enroll', photo('vlado-1.jpg'), photo('vlado-2.jpg'), '--name', 'Vlado', ...service)),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('one photo') });
  });

  it('--verifier local enrols and verifies on this machine even with FACEKI credentials', async () => {
    const service = serviceArgs(dataDir, faceki);
    const { where, person } = await enroll(['vlado-1.jpg'], '--name', 'Vlado', '--verifier', 'local', ...service);
    expect(where).toBe('local');
    const before = faceki.verifyRequests.length;
    expect(await verify('vlado-2.jpg', '--verifier', 'local', ...service)).toMatchObject({
      decision: 'granted',
      user: { userId: person.id },
    });
    expect(faceki.verifyRequests).toHaveLength(before);
    // And FACEKI for one call where the default would be local: FACEKI does not know Vlado.
    expect(await verify('vlado-2.jpg', '--verifier', 'faceki', ...service)).toMatchObject({ decision: 'denied' });
    expect(faceki.verifyRequests).toHaveLength(before + 1);
  });

  it('refuses an unknown --verifier as INVALID_REQUEST', async () => {
    await expect(cli(inData('verify', photo('obama-1.jpg'), '--verifier', 'magic'))).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('--verifier takes local, faceki, hybrid'),
    });
  });
});
