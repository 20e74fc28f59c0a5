import { CodedError } from '../../core/ipc/dispatcher';
import { attemptsToCsv } from '../../core/storage/attempt-csv';
import { AttemptLog } from '../../core/storage/attempt-log';
import { openDatabase } from '../../core/storage/database';
import { resolveDataDir } from '../../core/settings/settings-file';
import { join } from 'node:path';
import { parseCommandArgs, type Command } from './shared';

/** `facegate log [--since ISO] [--format json|csv]`: the attempt log, oldest first. */
export const logCommand: Command = async (args, io) => {
  const { values } = parseCommandArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      since: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const format = values.json ? 'json' : (values.format ?? 'json');
  if (format !== 'json' && format !== 'csv') throw new CodedError('INVALID_REQUEST', '--format must be json or csv');
  let since = '';
  if (values.since !== undefined) {
    const parsed = Date.parse(values.since);
    if (Number.isNaN(parsed)) throw new CodedError('INVALID_REQUEST', `--since is not an ISO date: ${values.since}`);
    since = new Date(parsed).toISOString();
  }
  const db = openDatabase(join(resolveDataDir(values['data-dir']), 'facegate.db'));
  try {
    const rows = new AttemptLog(db).list(since);
    if (format === 'json') {
      io.print(JSON.stringify(rows, null, 2));
    } else {
      io.print(attemptsToCsv(rows).trimEnd());
    }
    return 0;
  } finally {
    db.close();
  }
};
