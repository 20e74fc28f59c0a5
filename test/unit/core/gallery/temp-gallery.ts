import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FACE_EMBEDDER_MODEL_ID } from '../../../../electron/core/face/face-embedder';
import { Gallery } from '../../../../electron/core/gallery/gallery';
import { fileKeyCipher } from '../../../../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../../../../electron/core/secrets/secret-store';
import { openDatabase } from '../../../../electron/core/storage/database';

/**
 * A gallery as the CLI opens one: a real SQLite file and a key-file secret store in a fresh folder.
 * reopen() closes the database and opens it again (templates decrypted anew from the file).
 */
export interface TempGallery {
  dir: string;
  dbPath: string;
  db: Database;
  secrets: FileSecretStore;
  gallery: Gallery;
  reopen(modelId?: string): Gallery;
  close(): void;
}

export function tempGallery(modelId = FACE_EMBEDDER_MODEL_ID): TempGallery {
  const dir = mkdtempSync(join(tmpdir(), 'facegate-gallery-'));
  const dbPath = join(dir, 'facegate.db');
  const secrets = new FileSecretStore(join(dir, 'secrets.json'), fileKeyCipher(join(dir, 'secrets.key')));
  const db = openDatabase(dbPath);
  const temp: TempGallery = {
    dir,
    dbPath,
    db,
    secrets,
    gallery: Gallery.open(db, secrets, modelId),
    reopen(model = modelId) {
      if (temp.db.open) temp.db.close();
      temp.db = openDatabase(dbPath);
      temp.gallery = Gallery.open(temp.db, secrets, model);
      return temp.gallery;
    },
    close() {
      if (temp.db.open) temp.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}

/** A deterministic pseudo-random descriptor of face-api's size and scale (values about ±0.1). */
export function syntheticDescriptor(seed: number, length = 128): Float32Array {
  let state = seed >>> 0 || 1;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    // xorshift32: reproducible without a dependency.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = ((state >>> 0) / 0xffffffff - 0.5) * 0.2;
  }
  return out;
}

/** `base` moved by `distance` along one axis: a face exactly that far from it. */
export function nudged(base: Float32Array, distance: number, axis = 0): Float32Array {
  const out = Float32Array.from(base);
  out[axis] = (out[axis] as number) + distance;
  return out;
}
