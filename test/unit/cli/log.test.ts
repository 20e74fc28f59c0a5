import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ambiguous, faceError, grantFor, noMatch, startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { fixturePath } from '../../support/fixtures';
import {
  cli,
  jsonOf,
  makeDataDir,
  parseCsv,
  removeDataDir,
  runBin,
  serviceArgs,
  waitUntil,
  writeSettings,
} from './cli-harness';

// `facegate log` over attempts made by real `facegate verify` runs against the FACEKI fake.

interface LoggedAttempt {
  id: number;
  createdAt: string;
  source: string;
  decision: string;
  code: string;
  userId?: string;
  detail?: string;
}

let dataDir: string;
let faceki: FakeFaceki;
const obama = fixturePath('obama-1.jpg');

beforeEach(async () => {
  vi.stubEnv('FACEGATE_DATA_DIR', undefined);
  dataDir = makeDataDir();
  writeSettings(dataDir);
  faceki = await startFakeFaceki();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await faceki.close();
  removeDataDir(dataDir);
});

const verifyAnswering = async (answer: Parameters<FakeFaceki['setVerifyResponder']>[0]) => {
  faceki.setVerifyResponder(answer);
  return jsonOf<{ attemptId: number; code: string }>(
    await cli(['verify', obama, '--json', ...serviceArgs(dataDir, faceki)]),
  );
};

const log = async (...args: string[]) => cli(['log', '--data-dir', dataDir, ...args]);

describe('facegate log', () => {
  it('lists the attempts oldest first as JSON, and --since keeps only the later ones', async () => {
    const first = await verifyAnswering(() => grantFor({ userId: 'u-1', name: 'Ada One' }));
    const all1 = JSON.parse((await log('--json')).lines.join('\n')) as LoggedAttempt[];
    // A --since strictly after the first attempt's timestamp: poll the clock past it (no fixed sleep).
    await waitUntil(() => Date.now() > Date.parse(all1[0]!.createdAt), 'the clock to pass the first attempt');
    const since = new Date().toISOString();
    const second = await verifyAnswering(() => noMatch());
    const third = await verifyAnswering(() => faceError(8008));

    const run = await log('--json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.lines.join('\n')) as LoggedAttempt[];
    expect(rows.map((r) => [r.id, r.source, r.decision, r.code])).toEqual([
      [first.attemptId, 'cli', 'granted', 'OK'],
      [second.attemptId, 'cli', 'denied', 'NO_MATCH'],
      [third.attemptId, 'cli', 'denied', 'FACE_TOO_SMALL'],
    ]);
    expect(rows[0]).toMatchObject({ userId: 'u-1' });
    const times = rows.map((r) => Date.parse(r.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const later = JSON.parse((await log('--json', '--since', since)).lines.join('\n')) as LoggedAttempt[];
    expect(later.map((r) => r.id)).toEqual([second.attemptId, third.attemptId]);
    // Any ISO form is accepted (here with an offset), and a future --since lists nothing.
    const sinceWithOffset = since.replace('Z', '+00:00');
    expect((JSON.parse((await log('--since', sinceWithOffset)).lines.join('\n')) as unknown[]).length).toBe(2);
    expect(JSON.parse((await log('--json', '--since', '2999-01-01T00:00:00Z')).lines.join('\n'))).toEqual([]);
  });

  it('prints CSV with a header and one row per attempt, quoting commas and quotes', async () => {
    await verifyAnswering(() => grantFor({ userId: 'u-1', name: 'Ada "The Count" Lovelace' }));
    // The service's raw error body (JSON: quotes and commas) ends up in the detail column.
    await verifyAnswering(() => faceError(8008));
    await verifyAnswering(() => ambiguous(['face-a', 'face-b']));
    const json = JSON.parse((await log('--json')).lines.join('\n')) as LoggedAttempt[];

    const run = await log('--format', 'csv');
    expect(run.code).toBe(0);
    const text = run.lines.join('\n');
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([
      'id',
      'createdAt',
      'source',
      'decision',
      'code',
      'userId',
      'userName',
      'confidence',
      'latencyMs',
      'online',
      'verifier',
      'verifyPath',
      'doorOpened',
      'syncState',
      'resolvedDecision',
      'resolvedCode',
      'detail',
    ]);
    expect(records).toHaveLength(3);
    for (const record of records) expect(record).toHaveLength(header!.length);
    const column = (name: string) => records.map((r) => r[header!.indexOf(name)]);
    expect(column('id')).toEqual(json.map((r) => String(r.id)));
    expect(column('code')).toEqual(['OK', 'FACE_TOO_SMALL', 'AMBIGUOUS_MATCH']);
    expect(column('userName')[0]).toBe('Ada "The Count" Lovelace');
    expect(column('online')).toEqual(['true', 'true', 'true']);
    expect(column('verifier')).toEqual(['faceki', 'faceki', 'faceki']);
    expect(column('detail')).toEqual(['', json[1]!.detail, 'face-a,face-b']);
    expect(json[1]!.detail).toMatch(/"responseCode":8008,/);
    // The quotes really were escaped in the text: a field with a quote is wrapped and the quote doubled.
    expect(text).toContain('"Ada ""The Count"" Lovelace"');
  });

  it('prints an empty list for a fresh data folder', async () => {
    expect(await log('--json')).toEqual({ code: 0, lines: ['[]'] });
    expect((await log('--format', 'csv')).lines.join('\n').split('\n')).toHaveLength(1);
  });

  it('refuses an invalid --since or --format with INVALID_REQUEST', async () => {
    await expect(log('--since', 'yesterday-ish')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(log('--format', 'xml')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    // util.parseArgs' own refusals are usage errors too, not internal ones.
    await expect(log('--since')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(log('--bogus')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(log('stray')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('reports a usage error from the built CLI as one INVALID_REQUEST line, exit 2', async () => {
    const run = await runBin(['log', '--data-dir', dataDir, '--since']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^facegate: INVALID_REQUEST: .*--since/);
    expect(run.stdout).toBe('');
  });
});
