import type { Database } from 'better-sqlite3';

/**
 * Numbered schema migrations, run in order at start inside one transaction each. Never edit a
 * migration that has shipped: add the next number. user_version records how far a file has come.
 */
export const migrations: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE attempts (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at    TEXT    NOT NULL,
        source        TEXT    NOT NULL CHECK (source IN ('kiosk', 'cli')),
        decision      TEXT    NOT NULL CHECK (decision IN ('granted', 'denied', 'error')),
        code          TEXT    NOT NULL,
        user_id       TEXT,
        face_id       TEXT,
        user_name     TEXT,
        confidence    REAL,
        latency_ms    REAL    NOT NULL,
        online        INTEGER NOT NULL,
        door_opened   INTEGER NOT NULL,
        detail        TEXT
      );
      CREATE INDEX attempts_created_at ON attempts (created_at);
    `,
  },
  {
    // Offline queue, result cache, kept images (issue 3).
    version: 2,
    sql: `
      ALTER TABLE attempts ADD COLUMN sync_state TEXT NOT NULL DEFAULT 'none'
        CHECK (sync_state IN ('none', 'queued', 'resolved', 'unresolved'));
      ALTER TABLE attempts ADD COLUMN resolved_at TEXT;
      ALTER TABLE attempts ADD COLUMN resolved_decision TEXT;
      ALTER TABLE attempts ADD COLUMN resolved_code TEXT;
      ALTER TABLE attempts ADD COLUMN resolved_user_id TEXT;
      CREATE INDEX attempts_queued ON attempts (id) WHERE sync_state = 'queued';

      CREATE TABLE attempt_images (
        attempt_id  INTEGER PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
        mime        TEXT    NOT NULL,
        sealed      BLOB    NOT NULL,
        expires_at  TEXT    NOT NULL
      );

      CREATE TABLE granted_users (
        user_id     TEXT PRIMARY KEY,
        face_id     TEXT,
        name        TEXT,
        email       TEXT,
        language    TEXT,
        confidence  REAL,
        granted_at  TEXT NOT NULL
      );
    `,
  },
  {
    // The local gallery (issue 11): people and their face templates, never photos. A template is a
    // descriptor sealed with AES-256-GCM under the secret store's galleryKey (core/gallery/gallery.ts);
    // model_id names the net that made it, so another model's templates are never compared.
    version: 3,
    sql: `
      CREATE TABLE people (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        email            TEXT,
        language         TEXT,
        created_at       TEXT NOT NULL,
        source           TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'faceki')),
        last_granted_at  TEXT
      );

      CREATE TABLE templates (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        person_id   TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        model_id    TEXT NOT NULL,
        sealed      BLOB NOT NULL,
        created_at  TEXT NOT NULL
      );
      -- One index for "this person's templates of this model" (counts, forget). Not one on model_id
      -- alone: every row shares it, and the planner picking it turned each count into a full scan.
      CREATE INDEX templates_person_model ON templates (person_id, model_id);
    `,
  },
  {
    // Which verifier answered each attempt (issue 11): 'faceki', 'local', or 'offline-local' for the
    // hybrid's local gallery while FACEKI was unreachable. NULL: none was asked (an image refused by
    // size before any verifier) or the attempt predates this column.
    version: 4,
    sql: `
      ALTER TABLE attempts ADD COLUMN verifier TEXT CHECK (verifier IN ('faceki', 'local', 'offline-local'));
    `,
  },
  {
    // How a kiosk attempt reached the verifier (issue 12): 'sequential' (liveness first) or 'overlap'
    // (sent while liveness still watched, the decision waiting for both). NULL for the CLI and older rows.
    version: 5,
    sql: `
      ALTER TABLE attempts ADD COLUMN verify_path TEXT CHECK (verify_path IN ('sequential', 'overlap'));
    `,
  },
];

export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
