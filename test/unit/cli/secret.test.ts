import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cliSecretStore, resolveCliContext } from '../../../electron/cli/cli-context';
import { cli, makeDataDir, removeDataDir } from './cli-harness';

// `facegate secret set|delete clientSecret`: the value from stdin, sealed in <dataDir>/secrets.json
// under <dataDir>/secrets.key, both readable by the owner only.

let dataDir: string;
const SECRET = 'plain-text-client-secret-4711';

beforeEach(() => {
  vi.stubEnv('FACEGATE_CLIENT_SECRET', undefined);
  vi.stubEnv('FACEGATE_DATA_DIR', undefined);
  dataDir = makeDataDir();
});

afterEach(() => {
  vi.unstubAllEnvs();
  removeDataDir(dataDir);
});

const secretsFile = () => join(dataDir, 'secrets.json');
const keyFile = () => join(dataDir, 'secrets.key');
const secret = (args: string[], stdin = '') => cli(['secret', ...args, '--data-dir', dataDir], stdin);

describe('facegate secret', () => {
  it('seals the value from stdin: no plaintext in the file, the CLI reads it back', async () => {
    const run = await secret(['set', 'clientSecret'], `${SECRET}\n`);
    expect(run).toEqual({ code: 0, lines: ['clientSecret stored (sealed)'] });
    const text = readFileSync(secretsFile(), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['clientSecret']);
    // The trailing newline of `echo secret |` is not part of the value; the store hands back the rest.
    expect(cliSecretStore(dataDir).get('clientSecret')).toBe(SECRET);
    expect(resolveCliContext({ 'data-dir': dataDir }).clientSecret).toBe(SECRET);
  });

  it('keeps secrets.json and secrets.key at mode 0600', async () => {
    await secret(['set', 'clientSecret'], SECRET);
    expect(statSync(secretsFile()).mode & 0o777).toBe(0o600);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(statSync(keyFile()).size).toBe(32);
    // Replacing the value rewrites the file atomically, still 0600.
    await secret(['set', 'clientSecret'], 'another-value');
    expect(statSync(secretsFile()).mode & 0o777).toBe(0o600);
    expect(cliSecretStore(dataDir).get('clientSecret')).toBe('another-value');
  });

  it('cannot be opened without its own key file (a copied secrets.json is useless)', async () => {
    await secret(['set', 'clientSecret'], SECRET);
    const other = makeDataDir();
    try {
      writeFileSync(join(other, 'secrets.json'), readFileSync(secretsFile()));
      expect(() => cliSecretStore(other).get('clientSecret')).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG' }),
      );
    } finally {
      removeDataDir(other);
    }
  });

  it('deletes the value', async () => {
    await secret(['set', 'clientSecret'], SECRET);
    expect(await secret(['delete', 'clientSecret'])).toEqual({ code: 0, lines: ['clientSecret deleted'] });
    expect(JSON.parse(readFileSync(secretsFile(), 'utf8'))).toEqual({});
    expect(cliSecretStore(dataDir).get('clientSecret')).toBeUndefined();
    expect(resolveCliContext({ 'data-dir': dataDir }).clientSecret).toBe('');
  });

  it('is used when FACEGATE_CLIENT_SECRET is set but empty; a non-empty one or the flag wins', async () => {
    await secret(['set', 'clientSecret'], SECRET);
    vi.stubEnv('FACEGATE_CLIENT_SECRET', '');
    expect(resolveCliContext({ 'data-dir': dataDir }).clientSecret).toBe(SECRET);
    expect(resolveCliContext({ 'data-dir': dataDir, 'client-secret': '' }).clientSecret).toBe(SECRET);
    vi.stubEnv('FACEGATE_CLIENT_SECRET', 'from-env');
    expect(resolveCliContext({ 'data-dir': dataDir }).clientSecret).toBe('from-env');
    expect(resolveCliContext({ 'data-dir': dataDir, 'client-secret': 'from-flag' }).clientSecret).toBe('from-flag');
  });

  it('refuses empty stdin with INVALID_REQUEST and stores nothing', async () => {
    await expect(secret(['set', 'clientSecret'], '')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(secret(['set', 'clientSecret'], '\n')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(existsSync(secretsFile())).toBe(false);
  });

  it('refuses an unknown name or action with INVALID_REQUEST', async () => {
    for (const args of [
      ['set', 'password'],
      ['set', 'imageKey'],
      ['delete', 'nope'],
      ['show', 'clientSecret'],
      ['set'],
      [],
    ]) {
      await expect(secret(args, SECRET), args.join(' ')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    }
    expect(existsSync(secretsFile())).toBe(false);
  });

  it('refuses a data folder that is a file with STORAGE_FAILED, not INTERNAL_ERROR', async () => {
    const file = join(dataDir, 'not-a-folder');
    writeFileSync(file, '');
    for (const [action, stdin] of [
      ['set', SECRET],
      ['delete', ''],
    ]) {
      await expect(cli(['secret', action!, 'clientSecret', '--data-dir', file], stdin)).rejects.toMatchObject({
        code: 'STORAGE_FAILED',
        message: expect.stringContaining('not-a-folder is not a folder'),
      });
    }
  });
});
