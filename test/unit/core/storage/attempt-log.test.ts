import BetterSqlite3, { type Database } from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../../electron/core/ipc/dispatcher';
import { AttemptLog, type AttemptRecord } from '../../../../electron/core/storage/attempt-log';
import { openDatabase } from '../../../../electron/core/storage/database';
import { migrate, migrations } from '../../../../electron/core/storage/migrations';

// Real SQLite files in a fresh folder per test: WAL, fsync settings and reopen behaviour only exist on disk.
let dir: string;
let path: string;
const open: Database[] = [];
const track = (db: Database) => (open.push(db), db);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-db-'));
  path = join(dir, 'facegate.db');
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const grant: AttemptRecord = {
  createdAt: '2024-05-01T08:00:00.000Z',
  source: 'kiosk',
  decision: 'granted',
  code: 'OK',
  userId: 'u-42',
  faceId: 'f-42',
  userName: 'Barack Obama',
  confidence: 0.97,
  latencyMs: 412.5,
  online: true,
  doorOpened: false,
};
const offline: AttemptRecord = {
  createdAt: '2024-05-02T09:30:00.000Z',
  source: 'cli',
  decision: 'error',
  code: 'OFFLINE',
  latencyMs: 3.1,
  online: false,
  doorOpened: false,
  detail: 'verify service unreachable (ECONNREFUSED)',
};

describe('openDatabase and migrations', () => {
  it('creates the schema and records the migration level in user_version', () => {
    const db = track(openDatabase(path));
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index') ORDER BY name")
      .pluck()
      .all();
    expect(names).toEqual(expect.arrayContaining(['attempts', 'attempts_created_at']));
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('attempts');
    expect(columns).toEqual(
      expect.arrayContaining(['created_at', 'decision', 'code', 'online', 'door_opened', 'detail']),
    );
  });

  it('runs no migration twice on an existing file', () => {
    const db = track(openDatabase(path));
    new AttemptLog(db).record(grant);
    // A second run would fail on CREATE TABLE or, worse, recreate the table empty.
    expect(migrate(db)).toBe(migrations.at(-1)!.version);
    expect(new AttemptLog(db).list()).toHaveLength(1);
  });

  it('turns on WAL and synchronous=FULL, and they hold after reopening', () => {
    track(openDatabase(path)).close();
    const db = track(openDatabase(path));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    new AttemptLog(db).record(grant);
    expect(existsSync(`${path}-wal`)).toBe(true);
  });

  it('creates missing parent folders', () => {
    const nested = join(dir, 'a', 'b', 'facegate.db');
    track(openDatabase(nested));
    expect(existsSync(nested)).toBe(true);
  });

  it('fails with STORAGE_FAILED when the parent folder is a file', () => {
    // chmod cannot make a folder unwritable for root (CI runs as root); a file in the way stops everyone.
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const attempt = () => openDatabase(join(dir, 'not-a-folder', 'facegate.db'));
    expect(attempt).toThrow(CodedError);
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'STORAGE_FAILED', message: expect.stringContaining('not-a-folder') }),
    );
  });

  it('fails with STORAGE_FAILED when the file is not a database', () => {
    writeFileSync(path, 'this is a text file, not SQLite, and it is long enough to have a header.'.repeat(20));
    expect(() => openDatabase(path)).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }));
  });
});

describe('AttemptLog', () => {
  it('round-trips every field, leaving absent ones absent', () => {
    const log = new AttemptLog(track(openDatabase(path)));
    const first = log.record(grant);
    const second = log.record(offline);
    expect(second).toBeGreaterThan(first);
    expect(log.list()).toEqual([
      { id: first, syncState: 'none', ...grant },
      { id: second, syncState: 'none', ...offline },
    ]);
  });

  it('stores a detail without the user:password of any URL in it', () => {
    const log = new AttemptLog(track(openDatabase(path)));
    log.record({
      ...offline,
      detail: 'verifyUrl must be https: http://kiosk:pw-5d20c1@10.0.0.5/verify; then https://u@sdk.example/x',
    });
    const raw = track(new BetterSqlite3(path, { readonly: true }))
      .prepare('SELECT detail FROM attempts')
      .pluck()
      .get() as string;
    expect(raw).toBe(
      'verifyUrl must be https: http://[redacted]@10.0.0.5/verify; then https://[redacted]@sdk.example/x',
    );
  });

  it('lists from a point in time on', () => {
    const log = new AttemptLog(track(openDatabase(path)));
    log.record(grant);
    log.record(offline);
    expect(log.list('2024-05-02').map((r) => r.code)).toEqual(['OFFLINE']);
  });

  it('records the door outcome of a grant after the fact', () => {
    const log = new AttemptLog(track(openDatabase(path)));
    const opened = log.record(grant);
    const stuck = log.record(grant);
    log.markDoor(opened, true);
    log.markDoor(stuck, false, 'RELAY_UNAVAILABLE');
    const [a, b] = log.list();
    expect(a).toMatchObject({ doorOpened: true, code: 'OK' });
    expect(b).toMatchObject({ doorOpened: false, code: 'RELAY_UNAVAILABLE' });
  });

  it('is visible to another connection as soon as record() returns (committed, not buffered)', () => {
    const log = new AttemptLog(track(openDatabase(path)));
    log.record(grant);
    const reader = track(new BetterSqlite3(path, { readonly: true }));
    expect(reader.prepare('SELECT count(*) FROM attempts').pluck().get()).toBe(1);
  });

  it('keeps attempts across close and reopen', () => {
    const db = openDatabase(path);
    new AttemptLog(db).record(grant);
    new AttemptLog(db).record(offline);
    db.close();
    const rows = new AttemptLog(track(openDatabase(path))).list();
    expect(rows.map((r) => [r.decision, r.code, r.userId])).toEqual([
      ['granted', 'OK', 'u-42'],
      ['error', 'OFFLINE', undefined],
    ]);
  });

  it('refuses a row the schema forbids with STORAGE_FAILED', () => {
    const log = new AttemptLog(track(openDatabase(path)));
    const bad = { ...grant, decision: 'maybe' } as unknown as AttemptRecord;
    expect(() => log.record(bad)).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }));
    expect(log.list()).toEqual([]);
  });

  it('reports STORAGE_FAILED once the database is closed', () => {
    const db = openDatabase(path);
    const log = new AttemptLog(db);
    db.close();
    expect(() => log.record(grant)).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }));
    expect(() => log.markDoor(1, true)).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }));
  });
});
