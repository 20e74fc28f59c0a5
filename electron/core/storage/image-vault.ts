import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { ImageMime } from '../../common/contract';
import { aesGcmOpen, aesGcmSeal } from '../secrets/file-key-cipher';
import type { SecretStore } from '../secrets/secret-store';

/**
 * Images of offline attempts, kept only when the operator enabled it and only until they expire,
 * so a queued attempt can be re-verified when the service is back. Sealed with AES-256-GCM under a
 * key held in the secret store: a copied database file holds no readable face.
 */
export class ImageVault {
  private readonly insert: Statement;
  private readonly select: Statement;
  private readonly purge: Statement;
  private readonly remove: Statement;
  private key: Buffer | null = null;

  constructor(
    db: Database,
    private readonly secrets: SecretStore,
  ) {
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO attempt_images (attempt_id, mime, sealed, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.select = db.prepare('SELECT mime, sealed FROM attempt_images WHERE attempt_id = ? AND expires_at > ?');
    this.purge = db.prepare('DELETE FROM attempt_images WHERE expires_at <= ?');
    this.remove = db.prepare('DELETE FROM attempt_images WHERE attempt_id = ?');
  }

  keep(attemptId: number, image: Uint8Array, mime: ImageMime, expiresAt: string): void {
    this.insert.run(attemptId, mime, aesGcmSeal(this.imageKey(), Buffer.from(image)), expiresAt);
  }

  /** The kept image, or null when none was kept or it has expired. */
  take(attemptId: number, nowIso: string): { image: Uint8Array; mime: ImageMime } | null {
    const row = this.select.get(attemptId, nowIso) as { mime: ImageMime; sealed: Buffer } | undefined;
    if (!row) return null;
    return { image: new Uint8Array(aesGcmOpen(this.imageKey(), row.sealed)), mime: row.mime };
  }

  /** Once an attempt is resolved its face has served its purpose: delete it now, not at expiry. */
  discard(attemptId: number): void {
    this.remove.run(attemptId);
  }

  purgeExpired(nowIso: string): number {
    return this.purge.run(nowIso).changes;
  }

  private imageKey(): Buffer {
    if (this.key) return this.key;
    let encoded = this.secrets.get('imageKey');
    if (!encoded) {
      encoded = randomBytes(32).toString('base64');
      this.secrets.set('imageKey', encoded);
    }
    this.key = Buffer.from(encoded, 'base64');
    return this.key;
  }
}
