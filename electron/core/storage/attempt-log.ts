import type { Database, Statement } from 'better-sqlite3';
import type { Code } from '../../common/codes';
import type { AttemptFilter, AttemptPage } from '../../common/attempt-filter';
import type { Decision } from '../../common/decision';
import { CodedError } from '../ipc/dispatcher';
import { redactUrlCredentials } from '../logger';
import type { VerifierPath } from '../verifier/verifier';

export type AttemptSource = 'kiosk' | 'cli';

export interface AttemptRecord {
  createdAt: string;
  source: AttemptSource;
  decision: Decision['decision'];
  code: Code;
  userId?: string;
  faceId?: string;
  userName?: string;
  confidence?: number;
  latencyMs: number;
  online: boolean;
  doorOpened: boolean;
  /** Operator-facing detail (an error message, a raw server body); never the image. */
  detail?: string;
  /** 'queued' for an offline attempt that is to be resolved when the service is back. */
  syncState?: SyncState;
  /** Which verifier answered; absent when none was asked (an image refused by its size). */
  verifier?: VerifierPath;
  /**
   * A kiosk attempt's way to the verifier: 'sequential' (liveness passed, then the frame was sent) or
   * 'overlap' (sent while liveness watched; see settings capture.overlapVerify). Absent for the CLI.
   */
  verifyPath?: VerifyPath;
}

export type VerifyPath = 'sequential' | 'overlap';

export type SyncState = 'none' | 'queued' | 'resolved' | 'unresolved';

export interface Resolution {
  decision: Decision['decision'];
  code: Code;
  userId?: string;
}

export interface AttemptRow extends AttemptRecord {
  id: number;
  syncState: SyncState;
  resolvedAt?: string;
  resolution?: Resolution;
}

interface Row {
  id: number;
  created_at: string;
  source: AttemptSource;
  decision: Decision['decision'];
  code: Code;
  user_id: string | null;
  face_id: string | null;
  user_name: string | null;
  confidence: number | null;
  latency_ms: number;
  online: number;
  door_opened: number;
  detail: string | null;
  sync_state: SyncState;
  resolved_at: string | null;
  resolved_decision: Decision['decision'] | null;
  resolved_code: Code | null;
  resolved_user_id: string | null;
  verifier: VerifierPath | null;
  verify_path: VerifyPath | null;
}

const fromRow = (r: Row): AttemptRow => ({
  id: r.id,
  createdAt: r.created_at,
  source: r.source,
  decision: r.decision,
  code: r.code,
  ...(r.user_id !== null && { userId: r.user_id }),
  ...(r.face_id !== null && { faceId: r.face_id }),
  ...(r.user_name !== null && { userName: r.user_name }),
  ...(r.confidence !== null && { confidence: r.confidence }),
  latencyMs: r.latency_ms,
  online: r.online === 1,
  doorOpened: r.door_opened === 1,
  ...(r.detail !== null && { detail: r.detail }),
  syncState: r.sync_state,
  ...(r.verifier !== null && { verifier: r.verifier }),
  ...(r.verify_path !== null && { verifyPath: r.verify_path }),
  ...(r.resolved_at !== null && { resolvedAt: r.resolved_at }),
  ...(r.resolved_decision !== null && {
    resolution: {
      decision: r.resolved_decision,
      code: r.resolved_code ?? 'UNKNOWN',
      ...(r.resolved_user_id !== null && { userId: r.resolved_user_id }),
    },
  }),
});

/**
 * Every attempt, whatever its outcome, in one append-only table. record() returns only after
 * SQLite has committed with synchronous=FULL, so the caller may answer the person afterwards.
 */
export class AttemptLog {
  private readonly insert: Statement;
  private readonly selectSince: Statement;
  private readonly updateDoor: Statement;
  private readonly selectQueued: Statement;
  private readonly settle: Statement;
  private readonly purgeBefore: Statement;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(`
      INSERT INTO attempts (created_at, source, decision, code, user_id, face_id, user_name,
                            confidence, latency_ms, online, door_opened, detail, sync_state, verifier, verify_path)
      VALUES (@createdAt, @source, @decision, @code, @userId, @faceId, @userName,
              @confidence, @latencyMs, @online, @doorOpened, @detail, @syncState, @verifier, @verifyPath)`);
    this.selectSince = db.prepare('SELECT * FROM attempts WHERE created_at >= ? ORDER BY id');
    this.updateDoor = db.prepare('UPDATE attempts SET door_opened = ?, code = coalesce(?, code) WHERE id = ?');
    this.selectQueued = db.prepare("SELECT * FROM attempts WHERE sync_state = 'queued' ORDER BY id LIMIT ?");
    // Only a row still queued is settled: a second resolver (or a replay after a crash) changes nothing.
    this.settle = db.prepare(`
      UPDATE attempts SET sync_state = @state, resolved_at = @at, resolved_decision = @decision,
                          resolved_code = @code, resolved_user_id = @userId
      WHERE id = @id AND sync_state = 'queued'`);
    this.purgeBefore = db.prepare('DELETE FROM attempts WHERE created_at < ?');
  }

  record(attempt: AttemptRecord): number {
    try {
      const info = this.insert.run({
        userId: null,
        faceId: null,
        userName: null,
        confidence: null,
        detail: null,
        syncState: 'none',
        verifier: null,
        verifyPath: null,
        ...attempt,
        // Details quote URLs and server bodies: a user:password in one must not sit in the audit trail.
        ...(attempt.detail !== undefined && { detail: redactUrlCredentials(attempt.detail) }),
        online: attempt.online ? 1 : 0,
        doorOpened: attempt.doorOpened ? 1 : 0,
      });
      return Number(info.lastInsertRowid);
    } catch (error) {
      throw new CodedError('STORAGE_FAILED', `attempt not logged: ${(error as Error).message}`);
    }
  }

  /**
   * Corrects the door state of a granted attempt after the fact: the controller writes a grant that
   * will pulse as opened before the pulse, and records a pulse that failed here.
   */
  markDoor(id: number, opened: boolean, code?: Code): void {
    try {
      this.updateDoor.run(opened ? 1 : 0, code ?? null, id);
    } catch (error) {
      throw new CodedError('STORAGE_FAILED', `door state not logged: ${(error as Error).message}`);
    }
  }

  /** Offline attempts waiting to be resolved, oldest first. */
  queued(limit = 100): AttemptRow[] {
    return (this.selectQueued.all(limit) as Row[]).map(fromRow);
  }

  /**
   * Settles a queued attempt: 'resolved' with what the service said afterwards, or 'unresolved' when
   * there was nothing to re-verify. Returns false if it was no longer queued (settled exactly once).
   */
  settleQueued(id: number, at: string, resolution: Resolution | null): boolean {
    try {
      const info = this.settle.run({
        id,
        at,
        state: resolution ? 'resolved' : 'unresolved',
        decision: resolution?.decision ?? null,
        code: resolution?.code ?? null,
        userId: resolution?.userId ?? null,
      });
      return info.changes === 1;
    } catch (error) {
      throw new CodedError('STORAGE_FAILED', `queued attempt not settled: ${(error as Error).message}`);
    }
  }

  /** Deletes attempts created before the given ISO time (retention); returns how many. */
  purgeOlderThan(iso: string): number {
    return this.purgeBefore.run(iso).changes;
  }

  list(since = ''): AttemptRow[] {
    return (this.selectSince.all(since) as Row[]).map(fromRow);
  }

  /**
   * The admin screen's view: newest first, filtered, one page (or every match, for an export).
   * Filters are bound parameters, never spliced into the SQL.
   */
  search(filter: AttemptFilter, all = false): AttemptPage & { rows: AttemptRow[] } {
    // Each filter the screen may set, as its SQL condition and bound value; absent ones are skipped.
    const conditions: Array<[name: string, condition: string, value: string | undefined]> = [
      ['since', 'created_at >= @since', filter.since],
      ['until', 'created_at < @until', filter.until],
      ['decision', 'decision = @decision', filter.decision],
      ['code', 'code = @code', filter.code],
      [
        'user',
        "(user_id LIKE @user ESCAPE '\\' OR user_name LIKE @user ESCAPE '\\')",
        filter.user && `%${filter.user.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      ],
    ];
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    for (const [name, condition, value] of conditions) {
      if (!value) continue;
      where.push(condition);
      params[name] = value;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM attempts ${clause}`).get(params) as { n: number }).n;
    const page = all ? '' : 'LIMIT @limit OFFSET @offset';
    const rows = this.db
      .prepare(`SELECT * FROM attempts ${clause} ORDER BY id DESC ${page}`)
      .all(all ? params : { ...params, limit: filter.limit, offset: filter.offset }) as Row[];
    return { rows: rows.map(fromRow), total };
  }
}
