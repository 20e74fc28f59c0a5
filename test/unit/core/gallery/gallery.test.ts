import BetterSqlite3 from 'better-sqlite3';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FACE_EMBEDDER_MODEL_ID, faceDistance } from '../../../../electron/core/face/face-embedder';
import { Gallery } from '../../../../electron/core/gallery/gallery';
import { openDatabase } from '../../../../electron/core/storage/database';
import { AttemptLog } from '../../../../electron/core/storage/attempt-log';
import { migrations } from '../../../../electron/core/storage/migrations';
import { ResultCache } from '../../../../electron/core/storage/result-cache';
import { nudged, syntheticDescriptor, tempGallery, type TempGallery } from './temp-gallery';

// The gallery on a real SQLite file with a real key-file secret store, fed synthetic descriptors
// (the real embedder's faces are in local-verifier.test.ts and enrolment.test.ts).
let t: TempGallery;
beforeEach(() => {
  t = tempGallery();
});
afterEach(() => t.close());

const floatBytes = (d: Float32Array) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);

/** Every byte SQLite keeps for this database: the main file, and the WAL and shared memory beside it. */
function rawFiles(t: TempGallery): Buffer {
  return Buffer.concat(
    readdirSync(t.dir)
      .filter((name) => name.startsWith('facegate.db'))
      .map((name) => readFileSync(join(t.dir, name))),
  );
}

describe('Gallery: people and templates', () => {
  it('adds a person with templates in SQLite and finds them again after a reopen', () => {
    const a = syntheticDescriptor(1);
    const person = t.gallery.add({ name: ' Ada Lovelace ', email: 'ada@example.org', language: 'en' }, [
      a,
      nudged(a, 0.1),
    ]);
    expect(person).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      language: 'en',
      source: 'local',
      templates: 2,
      lastGrantedAt: null,
    });
    expect(person.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.db.prepare('SELECT COUNT(*) FROM templates WHERE person_id = ?').pluck().get(person.id)).toBe(2);

    const reopened = t.reopen();
    expect(reopened.people()).toEqual([person]);
    expect(reopened.size()).toEqual({ people: 1, templates: 2, otherModelTemplates: 0 });
    const match = reopened.match(nudged(a, 0.02));
    expect(match.best?.personId).toBe(person.id);
    expect(match.best?.distance).toBeCloseTo(0.02, 5);
    expect(match.secondPerson).toBeNull();
  });

  it('keeps a given id and source (a FACEKI person keeps FACEKI user id); a taken id is INVALID_REQUEST', () => {
    const p = t.gallery.add({ name: 'Grace', id: 'faceki-user-7', source: 'faceki' }, [syntheticDescriptor(2)]);
    expect(p).toMatchObject({ id: 'faceki-user-7', source: 'faceki', email: null, language: null });
    expect(() => t.gallery.add({ name: 'Other', id: 'faceki-user-7' }, [syntheticDescriptor(3)])).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST' }),
    );
    expect(t.gallery.size()).toMatchObject({ people: 1, templates: 1 });
  });

  it('adds all or nothing: a bad descriptor among good ones leaves neither person nor template', () => {
    const bad = syntheticDescriptor(4);
    bad[3] = Number.NaN;
    expect(() => t.gallery.add({ name: 'Half' }, [syntheticDescriptor(5), bad])).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST' }),
    );
    expect(() => t.gallery.add({ name: 'Short' }, [new Float32Array(64)])).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST' }),
    );
    expect(() => t.gallery.add({ name: '  ' }, [syntheticDescriptor(6)])).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST' }),
    );
    expect(t.gallery.size()).toEqual({ people: 0, templates: 0, otherModelTemplates: 0 });
    expect(t.db.prepare('SELECT COUNT(*) FROM people').pluck().get()).toBe(0);
    expect(t.gallery.match(syntheticDescriptor(5)).best).toBeNull();
  });

  it('adds templates to an enrolled person, in memory and on disk; an unknown person is PERSON_NOT_FOUND', () => {
    const a = syntheticDescriptor(7);
    const far = syntheticDescriptor(8);
    const p = t.gallery.add({ name: 'Alan' }, [a]);
    t.gallery.addTemplates(p.id, [far]);
    expect(t.gallery.person(p.id)?.templates).toBe(2);
    expect(t.gallery.match(far).best).toEqual({ personId: p.id, distance: 0 });
    expect(t.reopen().match(far).best).toEqual({ personId: p.id, distance: 0 });
    expect(() => t.gallery.addTemplates('nobody', [a])).toThrow(expect.objectContaining({ code: 'PERSON_NOT_FOUND' }));
  });
});

describe('Gallery.match: one pass, best person and second-best person', () => {
  it('agrees with a brute-force search over many people with several templates each', () => {
    const people = Array.from({ length: 30 }, (_, i) => {
      const base = syntheticDescriptor(100 + i);
      const templates = [base, nudged(base, 0.05, 1), nudged(base, -0.08, 2)];
      return { person: t.gallery.add({ name: `P${i}` }, templates), templates };
    });
    for (let q = 0; q < 20; q++) {
      const probe = syntheticDescriptor(900 + q);
      const byPerson = people
        .map(({ person, templates }) => ({
          personId: person.id,
          distance: Math.min(...templates.map((d) => faceDistance(d, probe))),
        }))
        .sort((x, y) => x.distance - y.distance);
      const match = t.gallery.match(probe);
      expect(match.best?.personId).toBe(byPerson[0]?.personId);
      expect(match.best?.distance).toBeCloseTo(byPerson[0]?.distance as number, 5);
      expect(match.secondPerson?.personId).toBe(byPerson[1]?.personId);
      expect(match.secondPerson?.distance).toBeCloseTo(byPerson[1]?.distance as number, 5);
    }
  });

  it('never reports the best person a second time as the runner-up', () => {
    const a = syntheticDescriptor(11);
    const b = syntheticDescriptor(12);
    const pa = t.gallery.add({ name: 'A' }, [nudged(a, 0.3), a, nudged(a, 0.1)]);
    const pb = t.gallery.add({ name: 'B' }, [b]);
    const match = t.gallery.match(a);
    expect(match.best).toEqual({ personId: pa.id, distance: 0 });
    expect(match.secondPerson?.personId).toBe(pb.id);
  });

  it('limits the match to people granted since a time (hybrid mode offline)', () => {
    const a = syntheticDescriptor(21);
    const p = t.gallery.add({ name: 'Recent', source: 'faceki' }, [a]);
    const old = t.gallery.add({ name: 'Old', source: 'faceki' }, [nudged(a, 0.01)]);
    expect(t.gallery.match(a, { grantedSince: '2024-05-01T00:00:00.000Z' }).best).toBeNull();
    t.gallery.touchGrant(p.id, '2024-05-03T00:00:00.000Z');
    t.gallery.touchGrant(old.id, '2024-04-01T00:00:00.000Z');
    const since = { grantedSince: '2024-05-01T00:00:00.000Z' };
    expect(t.gallery.match(a, since)).toEqual({ best: { personId: p.id, distance: 0 }, secondPerson: null });
    expect(t.gallery.person(p.id)?.lastGrantedAt).toBe('2024-05-03T00:00:00.000Z');
    // From the file too, not only from memory.
    expect(t.reopen().match(a, since).best?.personId).toBe(p.id);
    expect(t.gallery.match(a).secondPerson?.personId).toBe(old.id);
    expect(() => t.gallery.touchGrant('nobody', '2024-05-03T00:00:00.000Z')).toThrow(
      expect.objectContaining({ code: 'PERSON_NOT_FOUND' }),
    );
  });
});

describe('Gallery.forget: the right to erasure', () => {
  it('removes the person and every template, on disk and in memory; attempts keep only the id', () => {
    const a = syntheticDescriptor(31);
    const b = syntheticDescriptor(32);
    const gone = t.gallery.add({ name: 'Forget Me', email: 'me@example.org' }, [a, nudged(a, 0.1)]);
    const stays = t.gallery.add({ name: 'Stay' }, [b]);
    new AttemptLog(t.db).record({
      createdAt: '2024-05-01T08:00:00.000Z',
      source: 'kiosk',
      decision: 'granted',
      code: 'OK',
      userId: gone.id,
      userName: 'Forget Me',
      latencyMs: 100,
      online: true,
      doorOpened: true,
    });
    new ResultCache(t.db).remember({ userId: gone.id, name: 'Forget Me' }, 0.9, '2024-05-01T08:00:00.000Z');

    expect(t.gallery.forget(gone.id)).toBe(true);
    expect(t.gallery.person(gone.id)).toBeNull();
    expect(t.gallery.match(a).best?.personId).toBe(stays.id);
    expect(t.db.prepare('SELECT COUNT(*) FROM templates WHERE person_id = ?').pluck().get(gone.id)).toBe(0);
    expect(t.db.prepare('SELECT user_id, user_name FROM attempts').all()).toEqual([
      { user_id: gone.id, user_name: null },
    ]);
    expect(t.db.prepare('SELECT COUNT(*) FROM granted_users').pluck().get()).toBe(0);
    expect(t.gallery.size()).toEqual({ people: 1, templates: 1, otherModelTemplates: 0 });
    expect(t.reopen().match(a).best?.personId).toBe(stays.id);

    expect(t.gallery.forget(gone.id)).toBe(false);
    expect(t.gallery.forget(stays.id)).toBe(true);
    expect(t.gallery.match(a).best).toBeNull();
    // The index is still usable after removals: add again.
    const back = t.gallery.add({ name: 'Back' }, [a]);
    expect(t.gallery.match(a).best).toEqual({ personId: back.id, distance: 0 });
  });
});

describe('Gallery shared with another process', () => {
  it('sees enrolments and forgets committed by another connection (the CLI beside the kiosk) at the next match', () => {
    const a = syntheticDescriptor(71);
    const kiosk = t.gallery;
    expect(kiosk.match(a).best).toBeNull();
    const cliDb = openDatabase(t.dbPath);
    try {
      const cli = Gallery.open(cliDb, t.secrets, FACE_EMBEDDER_MODEL_ID);
      const p = cli.add({ name: 'Enrolled by the CLI' }, [a]);
      expect(kiosk.match(a).best).toEqual({ personId: p.id, distance: 0 });
      expect(kiosk.size().templates).toBe(1);
      expect(cli.forget(p.id)).toBe(true);
      expect(kiosk.match(a).best).toBeNull();
      expect(kiosk.size()).toEqual({ people: 0, templates: 0, otherModelTemplates: 0 });
    } finally {
      cliDb.close();
    }
  });
});

describe('Gallery at rest: sealed templates', () => {
  it('holds no readable embedding in the database files, while the name is there', () => {
    const descriptor = syntheticDescriptor(41);
    t.gallery.add({ name: 'Plainly Named' }, [descriptor]);
    t.db.close();
    const raw = rawFiles(t);
    // The search works: the name is stored in the clear.
    expect(raw.includes(Buffer.from('Plainly Named'))).toBe(true);
    // Neither the whole descriptor nor any run of 4 of its floats (16 bytes), in either byte order.
    const bytes = floatBytes(descriptor);
    const swapped = Buffer.from(bytes).swap32();
    for (const source of [bytes, swapped]) {
      expect(raw.includes(source)).toBe(false);
      for (let i = 0; i + 16 <= source.length; i += 4) expect(raw.includes(source.subarray(i, i + 16))).toBe(false);
    }
  });

  it('makes galleryKey on the first enrolment, not when only read', () => {
    expect(t.gallery.people()).toEqual([]);
    expect(t.secrets.get('galleryKey')).toBeUndefined();
    t.gallery.add({ name: 'First' }, [syntheticDescriptor(42)]);
    expect(Buffer.from(t.secrets.get('galleryKey') as string, 'base64')).toHaveLength(32);
  });

  it('refuses to open templates without their key or with another key (INVALID_CONFIG), never "no match"', () => {
    t.gallery.add({ name: 'Sealed' }, [syntheticDescriptor(43)]);
    t.secrets.delete('galleryKey');
    expect(() => t.reopen()).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    t.secrets.set('galleryKey', Buffer.alloc(32, 7).toString('base64'));
    expect(() => t.reopen()).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('refuses a tampered template (AES-GCM authenticates it)', () => {
    t.gallery.add({ name: 'Tampered' }, [syntheticDescriptor(44)]);
    const sealed = t.db.prepare('SELECT sealed FROM templates').pluck().get() as Buffer;
    sealed[20] = (sealed[20] as number) ^ 0x01;
    t.db.prepare('UPDATE templates SET sealed = ?').run(sealed);
    expect(() => t.reopen()).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});

describe('Gallery and the model id', () => {
  it('sets templates of another model aside: counted, never matched, never mixed', () => {
    const a = syntheticDescriptor(51);
    const old = t.gallery.add({ name: 'Old Model' }, [a]);
    expect(t.db.prepare('SELECT model_id FROM templates').pluck().all()).toEqual([FACE_EMBEDDER_MODEL_ID]);

    const next = t.reopen('another-model-256');
    expect(next.size()).toEqual({ people: 1, templates: 0, otherModelTemplates: 1 });
    expect(next.person(old.id)?.templates).toBe(0);
    expect(next.match(a)).toEqual({ best: null, secondPerson: null });

    // Re-enrolled under the new model: only the new template matches.
    const b = syntheticDescriptor(52);
    next.addTemplates(old.id, [b]);
    expect(next.match(a).best?.personId).toBe(old.id);
    expect(next.match(a).best?.distance).toBeCloseTo(faceDistance(a, b), 5);
    expect(next.size()).toEqual({ people: 1, templates: 1, otherModelTemplates: 1 });

    // Back under the first model, the new template is the other one.
    const first = t.reopen(FACE_EMBEDDER_MODEL_ID);
    expect(first.match(a).best).toEqual({ personId: old.id, distance: 0 });
    expect(first.size()).toEqual({ people: 1, templates: 1, otherModelTemplates: 1 });
  });
});

describe('Gallery on a file written by an earlier version', () => {
  it('migrates a database at version 2 to the gallery tables', () => {
    t.db.close();
    rmSync(t.dbPath);
    for (const suffix of ['-wal', '-shm']) rmSync(`${t.dbPath}${suffix}`, { force: true });
    const db = new BetterSqlite3(t.dbPath);
    for (const m of migrations.filter((m) => m.version <= 2)) db.exec(m.sql);
    db.pragma('user_version = 2');
    db.close();
    const gallery = t.reopen();
    expect(t.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(3);
    expect(gallery.size()).toEqual({ people: 0, templates: 0, otherModelTemplates: 0 });
    gallery.add({ name: 'After Migration' }, [syntheticDescriptor(61)]);
    expect(t.reopen().size()).toMatchObject({ people: 1, templates: 1 });
  });
});
