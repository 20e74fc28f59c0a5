import { stringify } from 'csv-stringify/sync';
import type { AttemptRow } from './attempt-log';

/** The attempt log's CSV columns, the same for `facegate log --format csv` and the admin screen's export. */
export const ATTEMPT_CSV_COLUMNS = [
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
] as const;

/**
 * csv-stringify quotes what needs quoting; on top of that a cell that a spreadsheet would read as
 * a formula (=, +, -, @ first: a user name from the service, a server's error text) is prefixed
 * with a quote mark, so opening the export cannot run anything (CSV injection).
 */
export function attemptsToCsv(rows: readonly AttemptRow[]): string {
  const records = rows.map((r) => ({
    ...r,
    resolvedDecision: r.resolution?.decision ?? '',
    resolvedCode: r.resolution?.code ?? '',
  }));
  return stringify(records, {
    header: true,
    columns: [...ATTEMPT_CSV_COLUMNS],
    cast: {
      boolean: (b) => (b ? 'true' : 'false'),
      string: (s) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s),
    },
  });
}
