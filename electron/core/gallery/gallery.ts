import { randomBytes, randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { CodedError } from '../ipc/dispatcher';
import { aesGcmOpen, aesGcmSeal } from '../secrets/file-key-cipher';
import type { SecretStore } from '../secrets/secret-store';
import { DESCRIPTOR_LENGTH, TemplateIndex } from './template-index';

/**
 * The kiosk's own gallery: people and their face templates (descriptors, never photos) in SQLite.
 * Each template is sealed with AES-256-GCM under 'galleryKey' from the secret store, so a copied
 * database file holds no readable embedding. The templates of the current model are opened once,
 * at open(), into one typed array (template-index.ts) that add/forget keep in step; a template of
 * another model is counted and set aside, never compared with this model's descriptors.
 */

export interface Person {
  id: string;
  name: string;
  email: string | null;
  language: string | null;
  createdAt: string;
  source: 'local' | 'faceki';
  /** Templates of the current model (those that can match). */
  templates: number;
  /** For people FACEKI granted (hybrid mode): the last online grant. */
  lastGrantedAt: string | null;
}

export interface PersonDetails {
  name: string;
  email?: string;
  language?: string;
  source?: 'local' | 'faceki';
  /** The person's id; default a new UUID. A FACEKI person keeps FACEKI's user id. */
  id?: string;
}

export type GalleryMatch = {
  best: { personId: string; distance: number } | null;
  /** The closest template of any other person than best's. */
  secondPerson: { personId: string; distance: number } | null;
};

export interface GallerySize {
  people: number;
  /** Templates of the current model. */
  templates: number;
  /** Templates of another model: kept until their people are enrolled again or forgotten, never matched. */
  otherModelTemplates: number;
}

interface PersonRow {
  id: string;
  name: string;
  email: string | null;
  language: string | null;
  created_at: string;
  source: 'local' | 'faceki';
  last_granted_at: string | null;
  templates: number;
}

const KEY_BYTES = 32;

export class Gallery {
  private key: Buffer | null = null;
  /** SQLite's data_version when the index was loaded: it moves when another connection commits. */
  private loadedVersion = 0;
  private readonly stmt: Record<
    | 'people'
    | 'person'
    | 'insertPerson'
    | 'insertTemplate'
    | 'deletePerson'
    | 'deleteTemplates'
    | 'forgetAttemptNames'
    | 'forgetCachedGrant'
    | 'touch'
    | 'templatesOfModel'
    | 'otherModelCount'
    | 'countOfModel'
    | 'peopleCount'
    | 'dataVersion',
    Statement
  >;

  private constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
    readonly modelId: string,
    private index: TemplateIndex,
  ) {
    const templateCount = `(SELECT COUNT(*) FROM templates t WHERE t.person_id = p.id AND t.model_id = @model)`;
    const columns = `p.id, p.name, p.email, p.language, p.created_at, p.source, p.last_granted_at, ${templateCount} AS templates`;
    this.stmt = {
      people: db.prepare(`SELECT ${columns} FROM people p ORDER BY p.created_at, p.id`),
      person: db.prepare(`SELECT ${columns} FROM people p WHERE p.id = @id`),
      insertPerson: db.prepare(
        'INSERT INTO people (id, name, email, language, created_at, source) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertTemplate: db.prepare('INSERT INTO templates (person_id, model_id, sealed, created_at) VALUES (?, ?, ?, ?)'),
      deleteTemplates: db.prepare('DELETE FROM templates WHERE person_id = ?'),
      deletePerson: db.prepare('DELETE FROM people WHERE id = ?'),
      // Right to erasure: the attempt log keeps the id (who came when), not the name.
      forgetAttemptNames: db.prepare('UPDATE attempts SET user_name = NULL WHERE user_id = ?'),
      // ...and the offline result cache must not let a forgotten person in.
      forgetCachedGrant: db.prepare('DELETE FROM granted_users WHERE user_id = ?'),
      touch: db.prepare('UPDATE people SET last_granted_at = ? WHERE id = ?'),
      templatesOfModel: db.prepare(
        'SELECT t.id, t.person_id, t.sealed, p.last_granted_at FROM templates t JOIN people p ON p.id = t.person_id WHERE t.model_id = ? ORDER BY t.id',
      ),
      otherModelCount: db.prepare('SELECT COUNT(*) AS n FROM templates WHERE model_id <> ?'),
      countOfModel: db.prepare('SELECT COUNT(*) FROM templates WHERE model_id = ?').pluck(),
      peopleCount: db.prepare('SELECT COUNT(*) AS n FROM people'),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
    };
  }

  /**
   * Opens the gallery of a migrated database and decrypts its templates of `modelId` into memory.
   * Templates that exist without their key, or that the key does not open, are INVALID_CONFIG:
   * answering "no match" for everyone would hide a broken gallery.
   */
  static open(db: Database, secrets: SecretStore, modelId: string): Gallery {
    const gallery = new Gallery(db, secrets, modelId, new TemplateIndex());
    gallery.load();
    return gallery;
  }

  /**
   * Reloads the index when another connection (the CLI's `enroll` or `forget` while the kiosk runs)
   * has committed since it was loaded: a person forgotten there must not be let in here. This
   * connection's own writes keep the index in step as they go, and do not move data_version.
   */
  private current(): TemplateIndex {
    if ((this.stmt.dataVersion.get() as number) !== this.loadedVersion) this.load();
    return this.index;
  }

  people(): Person[] {
    return (this.stmt.people.all({ model: this.modelId }) as PersonRow[]).map(toPerson);
  }

  person(id: string): Person | null {
    const row = this.stmt.person.get({ id, model: this.modelId }) as PersonRow | undefined;
    return row ? toPerson(row) : null;
  }

  /** A new person with their templates, in one transaction: all or nothing. */
  add(details: PersonDetails, descriptors: Float32Array[]): Person {
    const name = details.name.trim();
    if (name === '') throw new CodedError('INVALID_REQUEST', 'a person needs a name');
    if (descriptors.length === 0) throw new CodedError('INVALID_REQUEST', 'a person needs at least one template');
    const id = details.id ?? randomUUID();
    const createdAt = new Date().toISOString();
    const key = this.galleryKey(true);
    try {
      this.db.transaction(() => {
        this.stmt.insertPerson.run(
          id,
          name,
          details.email || null,
          details.language || null,
          createdAt,
          details.source ?? 'local',
        );
        for (const descriptor of descriptors) this.insert(key, id, descriptor);
      })();
    } catch (error) {
      if (isUniqueViolation(error)) throw new CodedError('INVALID_REQUEST', `person ${id} already exists`);
      throw error;
    }
    for (const descriptor of descriptors) this.index.add(id, descriptor, null);
    return this.person(id) as Person;
  }

  /** More templates for an enrolled person (another model's re-enrolment, a few more good frames). */
  addTemplates(personId: string, descriptors: Float32Array[]): void {
    const person = this.person(personId);
    if (!person) throw new CodedError('PERSON_NOT_FOUND', `no person ${personId} in the gallery`);
    const key = this.galleryKey(true);
    this.db.transaction(() => {
      for (const descriptor of descriptors) this.insert(key, personId, descriptor);
    })();
    for (const descriptor of descriptors) this.index.add(personId, descriptor, person.lastGrantedAt);
  }

  /**
   * Removes the person and every template of theirs (any model), and their name from the attempt
   * log and the offline result cache; attempts keep only the id. False when there was no such person.
   */
  forget(personId: string): boolean {
    const removed = this.db.transaction(() => {
      this.stmt.deleteTemplates.run(personId);
      this.stmt.forgetAttemptNames.run(personId);
      this.stmt.forgetCachedGrant.run(personId);
      return this.stmt.deletePerson.run(personId).changes > 0;
    })();
    this.index.removePerson(personId);
    return removed;
  }

  /** Records an online FACEKI grant (hybrid mode): the person may be matched offline for a while. */
  touchGrant(personId: string, at: string): void {
    if (this.stmt.touch.run(at, personId).changes === 0) {
      throw new CodedError('PERSON_NOT_FOUND', `no person ${personId} in the gallery`);
    }
    this.index.setGrantedAt(personId, at);
  }

  /**
   * The closest person to a descriptor and the closest other person, over every template of the
   * current model in one pass. grantedSince (ISO time) limits it to people last granted since then;
   * within leaves out (null) anyone farther than that distance, which makes the pass faster.
   */
  match(descriptor: Float32Array, opts: { grantedSince?: string; within?: number } = {}): GalleryMatch {
    return this.current().match(descriptor, opts.grantedSince, opts.within);
  }

  size(): GallerySize {
    const { n } = this.stmt.otherModelCount.get(this.modelId) as { n: number };
    const people = (this.stmt.peopleCount.get() as { n: number }).n;
    return { people, templates: this.current().size(), otherModelTemplates: n };
  }

  private load(): void {
    this.loadedVersion = this.stmt.dataVersion.get() as number;
    const count = this.stmt.countOfModel.get(this.modelId) as number;
    // Sized to fit: at 100 000 templates a doubling array would hold 13 MB of nothing.
    const index = new TemplateIndex(DESCRIPTOR_LENGTH, count);
    const key = count > 0 ? this.galleryKey(false) : null;
    if (count > 0 && !key) {
      throw new CodedError(
        'INVALID_CONFIG',
        `the gallery holds ${count} templates but the secret store has no galleryKey to open them: enrol the people again`,
      );
    }
    // Row by row, not all(): the sealed copies of 100 000 templates need not sit in memory at once.
    for (const row of this.stmt.templatesOfModel.iterate(this.modelId) as Iterable<{
      id: number;
      person_id: string;
      sealed: Buffer;
      last_granted_at: string | null;
    }>) {
      let descriptor: Float32Array;
      try {
        descriptor = unpack(aesGcmOpen(key as Buffer, row.sealed));
      } catch (error) {
        throw new CodedError(
          'INVALID_CONFIG',
          `gallery template ${row.id} cannot be opened with the stored galleryKey (${(error as Error).message})`,
        );
      }
      index.add(row.person_id, descriptor, row.last_granted_at);
    }
    // Swapped in whole: a load that fails half-way leaves the previous index as it was.
    this.index = index;
  }

  private insert(key: Buffer, personId: string, descriptor: Float32Array): void {
    if (descriptor.length !== this.index.dimensions) {
      throw new CodedError(
        'INVALID_REQUEST',
        `a descriptor of ${descriptor.length} numbers, the gallery's have ${this.index.dimensions}`,
      );
    }
    if (!descriptor.every(Number.isFinite)) throw new CodedError('INVALID_REQUEST', 'a descriptor holds a non-number');
    const sealed = aesGcmSeal(key, pack(descriptor));
    this.stmt.insertTemplate.run(personId, this.modelId, sealed, new Date().toISOString());
  }

  /** The template key, made on the first enrolment (not on open: reading the gallery writes no secret). */
  private galleryKey(create: true): Buffer;
  private galleryKey(create: false): Buffer | null;
  private galleryKey(create: boolean): Buffer | null {
    if (this.key) return this.key;
    let encoded = this.secrets.get('galleryKey');
    if (!encoded) {
      if (!create) return null;
      encoded = randomBytes(KEY_BYTES).toString('base64');
      this.secrets.set('galleryKey', encoded);
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES) throw new CodedError('INVALID_CONFIG', 'the stored galleryKey is not 32 bytes');
    this.key = key;
    return key;
  }
}

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    language: row.language,
    createdAt: row.created_at,
    source: row.source,
    templates: row.templates,
    lastGrantedAt: row.last_granted_at,
  };
}

/** Little-endian float32s, whatever the machine: a gallery file may move to another kiosk. */
function pack(descriptor: Float32Array): Buffer {
  const out = Buffer.alloc(descriptor.length * 4);
  descriptor.forEach((value, i) => out.writeFloatLE(value, i * 4));
  return out;
}

function unpack(plain: Buffer): Float32Array {
  if (plain.length % 4 !== 0) throw new Error(`template of ${plain.length} bytes is not float32s`);
  const out = new Float32Array(plain.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = plain.readFloatLE(i * 4);
  return out;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
