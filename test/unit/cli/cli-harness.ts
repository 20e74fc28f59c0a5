import Database from 'better-sqlite3';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../electron/cli/index';
import type { SettingsInput } from '../../../electron/common/settings';
import type { FakeFaceki } from '../../fakes/faceki-server';
import { repoRoot } from '../../support/fixtures';

// Shared by the CLI command tests: run `main` in-process with captured output, a data folder per
// test, settings that keep retries short, and readers for what the CLI left on disk.

export interface CliRun {
  code: number;
  lines: string[];
}

/** Runs `facegate <args>` in this process; stdin is what `secret set` reads. Errors are thrown as the CLI throws them. */
export async function cli(args: string[], stdin = ''): Promise<CliRun> {
  const lines: string[] = [];
  const code = await main(args, { print: (line) => lines.push(line), readStdin: async () => stdin });
  return { code, lines };
}

/** The one JSON document a `--json` run printed. */
export function jsonOf<T>(run: CliRun): T {
  if (run.lines.length !== 1)
    throw new Error(`expected one JSON line, got ${run.lines.length}: ${run.lines.join('\n')}`);
  return JSON.parse(run.lines[0]!) as T;
}

export const makeDataDir = (): string => mkdtempSync(join(tmpdir(), 'facegate-cli-'));
export const removeDataDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** One try per verify and no waiting, so a down service is answered at once (still through the retry code). */
export const FAST_RETRY = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, deadlineMs: 2_000, breakerThreshold: 100 };

/** Writes settings.json; verifier.retry defaults to FAST_RETRY unless given. */
export function writeSettings(dataDir: string, settings: SettingsInput = {}): void {
  const verifier = { ...settings.verifier, retry: { ...FAST_RETRY, ...settings.verifier?.retry } };
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ ...settings, verifier }, null, 2));
}

/** --data-dir and the fake's URLs and credentials (the secret only if `secret` is not false). */
export function serviceArgs(
  dataDir: string,
  faceki: FakeFaceki,
  secret: string | false = faceki.clientSecret,
): string[] {
  return [
    '--data-dir',
    dataDir,
    '--verify-url',
    faceki.verifyUrl,
    '--token-url',
    faceki.tokenUrl,
    '--client-id',
    faceki.clientId,
    ...(secret === false ? [] : ['--client-secret', secret]),
  ];
}

export interface AttemptDbRow {
  id: number;
  created_at: string;
  source: string;
  decision: string;
  code: string;
  user_id: string | null;
  user_name: string | null;
  confidence: number | null;
  online: number;
  door_opened: number;
  detail: string | null;
  sync_state: string;
  resolved_decision: string | null;
  resolved_code: string | null;
  resolved_user_id: string | null;
  /** Which verifier answered: faceki, local, offline-local (null: none was asked). */
  verifier: string | null;
}

/** The attempts table as SQLite has it on disk, read with a connection of our own. */
export function attemptRows(dataDir: string): AttemptDbRow[] {
  const path = join(dataDir, 'facegate.db');
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM attempts ORDER BY id').all() as AttemptDbRow[];
  } finally {
    db.close();
  }
}

/** Every file under a folder, with its bytes (for "the secret is nowhere on disk"). */
export function filesUnder(dir: string): Array<{ path: string; bytes: Buffer }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, bytes: readFileSync(path) };
    });
}

/** Polls until `condition` holds; fails after `timeoutMs` rather than assuming how fast anything is. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error('unterminated quoted CSV field');
  row.push(field);
  rows.push(row);
  return rows;
}

const BIN = join(repoRoot, 'bin', 'facegate.mjs');
const BUILT_ENTRY = join(repoRoot, 'out', 'cli', 'run.js');

export interface BinRun {
  code: number;
  stdout: string;
  stderr: string;
}

function binEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  if (!existsSync(BUILT_ENTRY)) {
    throw new Error(`${BUILT_ENTRY} is missing: the CLI is not built. Run "npm run build" (npm test does it first).`);
  }
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    FACEGATE_CLIENT_SECRET: undefined,
    FACEGATE_DATA_DIR: undefined,
    ...env,
  };
  for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
  return childEnv;
}

export interface BinChild {
  child: ChildProcess;
  /** What it has printed on stdout so far. */
  stdout(): string;
  /** Resolves when it has exited: its code (null when a signal ended it), that signal, and its output. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `node bin/facegate.mjs <args>` left running, for a test to signal it midway. */
export function spawnBin(args: string[], env: Record<string, string | undefined> = {}): BinChild {
  const child = spawn(process.execPath, [BIN, ...args], { env: binEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Awaited<BinChild['exited']>>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, stdout: () => stdout, exited };
}

/** `node bin/facegate.mjs <args>` as a child process (async, so the fake in this process can answer it). */
export function runBin(args: string[], env: Record<string, string | undefined> = {}): Promise<BinRun> {
  const childEnv = binEnv(env);
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
