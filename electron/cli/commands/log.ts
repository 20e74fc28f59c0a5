import { CodedError } from '../../core/ipc/dispatcher';
import { attemptsToCsv } from '../../core/storage/attempt-csv';
import { AttemptLog } from '../../core/storage/attempt-log';
import { openDatabase } from '../../core/storage/database';
import { join } from 'node:path';
import { usableDataDir } from '../cli-context';
import { COMMAND_TABLE } from '../command-table';
import { isoDateFlag } from '../flag-values';
import { parseCommandArgs, type Command } from './shared';

/** `facegate log [--since ISO] [--format json|csv]`: the attempt log, oldest first. */
export const logCommand: Command = async (args, io) => {
  const { values } = parseCommandArgs({
    args,
    options: COMMAND_TABLE.log.options,
  });
  const format = values.json ? 'json' : (values.format ?? 'json');
  if (format !== 'json' && format !== 'csv') throw new CodedError('INVALID_REQUEST', '--format must be json or csv');
  const since = values.since === undefined ? '' : isoDateFlag('since', values.since).toISOString();
  const db = openDatabase(join(usableDataDir(values['data-dir']), 'facegate.db'));
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
