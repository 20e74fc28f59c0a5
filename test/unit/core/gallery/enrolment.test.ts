import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../electron/common/settings';
import { FaceEmbedder } from '../../../../electron/core/face/face-embedder';
import { describeForEnrolment, enrolLocal } from '../../../../electron/core/gallery/enrolment';
import { readFixture } from '../../../support/fixtures';
import { tempGallery, type TempGallery } from './temp-gallery';

// Enrolment with the real embedder on the fixture photos into a real gallery.
const local = defaultSettings().local;
let embedder: FaceEmbedder;
beforeAll(async () => {
  embedder = await FaceEmbedder.load();
}, 60_000);

let t: TempGallery;
beforeEach(() => {
  t = tempGallery();
});
afterEach(() => t.close());

const enrol = (name: string, photos: string[]) =>
  enrolLocal(
    t.gallery,
    embedder,
    local,
    { name },
    photos.map((p) => readFixture(p)),
    photos,
  );

describe('enrolLocal on the fixture photos', () => {
  it('enrols a person from several photos of them: one template each', async () => {
    const person = await enrol('Barack Obama', ['obama-1.jpg', 'obama-2.jpg']);
    expect(person).toMatchObject({ name: 'Barack Obama', templates: 2, source: 'local' });
    expect(t.gallery.size()).toEqual({ people: 1, templates: 2, otherModelTemplates: 0 });
  });

  it('refuses two people, no face and unreadable bytes with their codes, naming the image, and keeps nothing', async () => {
    await expect(enrol('Pair', ['obama-1.jpg', 'two-people.jpg'])).rejects.toMatchObject({
      code: 'TOO_MANY_FACES',
      message: expect.stringContaining('two-people.jpg'),
    });
    await expect(enrol('Empty', ['no-face.jpg'])).rejects.toMatchObject({
      code: 'FACE_NOT_FOUND',
      message: expect.stringContaining('no-face.jpg'),
    });
    await expect(
      enrolLocal(t.gallery, embedder, local, { name: 'Broken' }, [readFixture('obama-1.jpg'), new Uint8Array([1, 2])]),
    ).rejects.toMatchObject({ code: 'FAILED_TO_READ_IMAGE', message: expect.stringContaining('image 2') });
    expect(t.gallery.size()).toEqual({ people: 0, templates: 0, otherModelTemplates: 0 });
  });

  it('refuses a face that already matches another enrolled person (ALREADY_ENROLLED), under any name', async () => {
    const obama = await enrol('Barack Obama', ['obama-1.jpg']);
    await expect(enrol('Someone Else', ['obama-2.jpg'])).rejects.toMatchObject({
      code: 'ALREADY_ENROLLED',
      message: expect.stringContaining(obama.id),
    });
    await expect(enrol('Barack Obama', ['obama-1.jpg'])).rejects.toMatchObject({ code: 'ALREADY_ENROLLED' });
    // Another person is welcome.
    await expect(enrol('Vlado', ['vlado-1.jpg'])).resolves.toMatchObject({ name: 'Vlado' });
    expect(t.gallery.people().map((p) => p.name)).toEqual(['Barack Obama', 'Vlado']);
  });

  it('enrols the same face again once the first record is forgotten', async () => {
    const obama = await enrol('Barack Obama', ['obama-1.jpg']);
    t.gallery.forget(obama.id);
    await expect(enrol('Barack Obama', ['obama-2.jpg'])).resolves.toMatchObject({ templates: 1 });
  });

  it('leaves no readable descriptor of the enrolled face in the database files', async () => {
    await enrol('Barack Obama', ['obama-1.jpg']);
    const described = await embedder.describe(readFixture('obama-1.jpg'));
    if (described.kind !== 'face') throw new Error(described.code);
    const { descriptor } = described;
    const needle = Buffer.from(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength);
    t.db.close();
    const raw = Buffer.concat(
      readdirSync(t.dir)
        .filter((name) => name.startsWith('facegate.db'))
        .map((name) => readFileSync(join(t.dir, name))),
    );
    expect(raw.includes(Buffer.from('Barack Obama'))).toBe(true);
    expect(raw.includes(needle)).toBe(false);
    for (let i = 0; i + 16 <= needle.length; i += 4) expect(raw.includes(needle.subarray(i, i + 16))).toBe(false);
  });

  it('refuses images of different people in one enrolment (INVALID_REQUEST)', async () => {
    await expect(enrol('Mixed', ['obama-1.jpg', 'vlado-1.jpg'])).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('vlado-1.jpg'),
    });
    expect(t.gallery.size().people).toBe(0);
  });
});

describe('describeForEnrolment', () => {
  it('refuses an empty list, and names images by position without labels', async () => {
    await expect(describeForEnrolment(embedder, [])).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(describeForEnrolment(embedder, [readFixture('no-face.jpg')])).rejects.toMatchObject({
      code: 'FACE_NOT_FOUND',
      message: 'image 1 shows no face',
    });
  });
});
