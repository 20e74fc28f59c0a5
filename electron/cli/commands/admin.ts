import { adminPinSchema } from '../../common/admin-contract';
import { CodedError } from '../../core/ipc/dispatcher';
import { cliPinLock, usableDataDir } from '../cli-context';
import { COMMAND_TABLE } from '../command-table';
import { parseCommandArgs, type Command } from './shared';

/**
 * `facegate admin set-pin` (the PIN on stdin) and `facegate admin status`. Setting the PIN needs
 * the machine itself (a shell in the data folder's account), which is also how an operator who
 * forgot it, or locked it out, gets back in: setting a PIN clears the lockout.
 */
export const adminCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs({
    args,
    options: COMMAND_TABLE.admin.options,
    allowPositionals: true,
  });
  // A data folder that cannot be one would read as "no PIN set": say what is wrong with it instead.
  const dataDir = usableDataDir(values['data-dir']);
  const lock = cliPinLock(dataDir);
  const [action] = positionals;
  if (action === 'set-pin') {
    const pin = (await io.readStdin()).replace(/\r?\n$/, '');
    const parsed = adminPinSchema.safeParse(pin);
    if (!parsed.success) throw new CodedError('INVALID_REQUEST', 'the admin PIN must be 6 to 12 digits (on stdin)');
    await lock.setPin(parsed.data);
    io.print('admin PIN set (stored as a salted scrypt hash, sealed); any lockout is cleared');
    return 0;
  }
  if (action === 'status') {
    const state = lock.state();
    const status = {
      pinSet: lock.isSet(),
      lockedUntil: state.lockedUntil === null ? null : new Date(state.lockedUntil).toISOString(),
    };
    io.print(
      values.json
        ? JSON.stringify(status)
        : `admin PIN ${status.pinSet ? 'set' : 'not set'}${status.lockedUntil ? `; locked until ${status.lockedUntil}` : ''}`,
    );
    return 0;
  }
  throw new CodedError('INVALID_REQUEST', 'usage: facegate admin set-pin|status');
};
