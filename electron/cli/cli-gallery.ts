import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { FACE_EMBEDDER_MODEL_ID } from '../core/face/face-embedder';
import { Gallery } from '../core/gallery/gallery';
import type { SecretStore } from '../core/secrets/secret-store';
import { openDatabase } from '../core/storage/database';
import { cliSecretStore } from './cli-context';

/**
 * The gallery of a data folder as the CLI opens it: the kiosk's database and the CLI's secret store
 * (whose galleryKey the kiosk adopts). `use` runs with it open; the database is closed afterwards.
 */
export async function withCliGallery<T>(
  dataDir: string,
  use: (gallery: Gallery, db: Database) => Promise<T> | T,
  secrets: SecretStore = cliSecretStore(dataDir),
): Promise<T> {
  const db = openDatabase(join(dataDir, 'facegate.db'));
  try {
    return await use(Gallery.open(db, secrets, FACE_EMBEDDER_MODEL_ID), db);
  } finally {
    db.close();
  }
}
