import { CodedError } from '../../core/ipc/dispatcher';
import type { SecretName } from '../../core/secrets/secret-store';
import { cliSecretStore, usableDataDir } from '../cli-context';
import { COMMAND_TABLE } from '../command-table';
import { parseCommandArgs, type Command } from './shared';

const SETTABLE: SecretName[] = ['clientSecret'];

/**
 * `facegate secret set clientSecret` (value on stdin, so it never lands in shell history or `ps`),
 * `facegate secret delete clientSecret`. Values are sealed in <dataDir>/secrets.json.
 */
export const secretCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs({
    args,
    options: COMMAND_TABLE.secret.options,
    allowPositionals: true,
  });
  const [action, name] = positionals;
  if ((action !== 'set' && action !== 'delete') || !SETTABLE.includes(name as SecretName)) {
    throw new CodedError('INVALID_REQUEST', `usage: facegate secret set|delete ${SETTABLE.join('|')}`);
  }
  const store = cliSecretStore(usableDataDir(values['data-dir']));
  if (action === 'delete') {
    store.delete(name as SecretName);
    io.print(`${name} deleted`);
    return 0;
  }
  const value = (await io.readStdin()).replace(/\r?\n$/, '');
  if (!value) throw new CodedError('INVALID_REQUEST', `no value for ${name} on standard input`);
  store.set(name as SecretName, value);
  io.print(`${name} stored (sealed)`);
  return 0;
};
