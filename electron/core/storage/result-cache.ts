import type { Database, Statement } from 'better-sqlite3';
import type { VerifiedUser } from '../../common/decision';

export interface CachedGrant {
  user: VerifiedUser;
  confidence?: number;
  grantedAt: string;
}

interface Row {
  user_id: string;
  face_id: string | null;
  name: string | null;
  email: string | null;
  language: string | null;
  confidence: number | null;
  granted_at: string;
}

/**
 * Who was last granted online, when, and with what confidence: the welcome screen's name and
 * language, and the offline policy's memory ("cached" lets in a recent grant once the local face
 * check can confirm it is the same person).
 */
export class ResultCache {
  private readonly upsert: Statement;
  private readonly select: Statement;

  constructor(db: Database) {
    this.upsert = db.prepare(`
      INSERT INTO granted_users (user_id, face_id, name, email, language, confidence, granted_at)
      VALUES (@userId, @faceId, @name, @email, @language, @confidence, @grantedAt)
      ON CONFLICT (user_id) DO UPDATE SET face_id = excluded.face_id, name = excluded.name,
        email = excluded.email, language = excluded.language, confidence = excluded.confidence,
        granted_at = excluded.granted_at`);
    this.select = db.prepare('SELECT * FROM granted_users WHERE user_id = ?');
  }

  remember(user: VerifiedUser, confidence: number | undefined, grantedAt: string): void {
    this.upsert.run({
      userId: user.userId,
      faceId: user.faceId ?? null,
      name: user.name ?? null,
      email: user.email ?? null,
      language: user.language ?? null,
      confidence: confidence ?? null,
      grantedAt,
    });
  }

  lookup(userId: string): CachedGrant | null {
    const r = this.select.get(userId) as Row | undefined;
    if (!r) return null;
    return {
      user: {
        userId: r.user_id,
        ...(r.face_id !== null && { faceId: r.face_id }),
        ...(r.name !== null && { name: r.name }),
        ...(r.email !== null && { email: r.email }),
        ...(r.language !== null && { language: r.language }),
      },
      ...(r.confidence !== null && { confidence: r.confidence }),
      grantedAt: r.granted_at,
    };
  }

  /** A grant younger than maxAgeHours, else null. */
  recent(userId: string, now: Date, maxAgeHours: number): CachedGrant | null {
    const hit = this.lookup(userId);
    if (!hit) return null;
    return now.getTime() - Date.parse(hit.grantedAt) <= maxAgeHours * 3_600_000 ? hit : null;
  }
}
