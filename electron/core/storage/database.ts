import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CodedError } from '../ipc/dispatcher';
import { migrate } from './migrations';

export interface OpenDatabaseOptions {
  /**
   * Path of the better-sqlite3 native binary to load. Electron needs a build for its own ABI while
   * Node (tests, CLI) uses the one npm compiled; see README "Native modules".
   */
  nativeBinding?: string;
}

/**
 * Opens (creating if needed) the kiosk database: WAL so readers never block the writer, and
 * synchronous=FULL so an attempt that was answered is on disk through a crash or a power cut.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    throw new CodedError('STORAGE_FAILED', `cannot open database ${path}: ${(error as Error).message}`);
  }
}
