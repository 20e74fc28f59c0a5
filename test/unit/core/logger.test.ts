import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../electron/core/logger';
import { repoRoot } from '../../support/fixtures';

// The operator log as support receives it: read back from disk, never from the logger's memory.

let dataDir: string;
let logsDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'facegate-logger-'));
  logsDir = join(dataDir, 'logs');
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dataDir, { recursive: true, force: true });
});

const logFiles = () => readdirSync(logsDir).sort();
const text = (name = 'facegate.log') => readFileSync(join(logsDir, name), 'utf8');
const lines = (name = 'facegate.log') =>
  text(name)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const seqs = (name: string) => lines(name).map((line) => line.seq as number);
/** Every kept line, oldest first: facegate.<N>.log down to facegate.1.log, then facegate.log. */
const chronological = () =>
  logFiles()
    .map((name) => ({ name, index: Number(/^facegate\.(\d+)\.log$/.exec(name)?.[1] ?? 0) }))
    .sort((a, b) => b.index - a.index)
    .flatMap(({ name }) => lines(name));
// A little over 100 bytes a line once pino adds time, pid and hostname.
const padding = 'x'.repeat(40);

describe('operator log file', () => {
  it('writes one JSON object per line with an ISO time, a numeric level and the message', () => {
    const log = createLogger(dataDir, 'debug');
    log.debug('starting');
    log.info({ code: 'OK' }, 'attempt');
    log.warn('relay %s unplugged', '/dev/ttyUSB0');
    log.error(new Error('boom'));

    const written = lines();
    expect(written.map((line) => [line.level, line.msg])).toEqual([
      [20, 'starting'],
      [30, 'attempt'],
      [40, 'relay /dev/ttyUSB0 unplugged'],
      [50, 'boom'],
    ]);
    for (const line of written) {
      expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Math.abs(Date.parse(line.time as string) - Date.now())).toBeLessThan(60_000);
    }
    expect(written[1]).toMatchObject({ code: 'OK' });
    expect(written[3]).toMatchObject({ err: { type: 'Error', message: 'boom' } });
  });

  it('rotates by size into a bounded set of files, newest lines in facegate.log, none lost in between', () => {
    const maxBytes = 1024;
    const log = createLogger(dataDir, 'info', { maxBytes, maxFiles: 3 });
    for (let seq = 0; seq < 300; seq++) log.info({ seq, padding }, 'line');

    expect(logFiles()).toEqual(['facegate.1.log', 'facegate.2.log', 'facegate.3.log', 'facegate.log']);
    for (const name of logFiles()) expect(statSync(join(logsDir, name)).size, name).toBeLessThanOrEqual(maxBytes);
    // Oldest to newest, the kept files are one unbroken run of lines ending with the last one written.
    const kept = chronological().map((line) => line.seq as number);
    expect(kept.at(-1)).toBe(299);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 300 - kept.length + i));
    expect(kept.length).toBeLessThan(300);
    expect(seqs('facegate.log').length).toBeGreaterThan(0);
  });

  it('brings a folder with an oversized log from before rotation back within its budget', () => {
    mkdirSync(logsDir, { recursive: true });
    writeFileSync(join(logsDir, 'facegate.log'), `${JSON.stringify({ msg: 'old' })}\n`.repeat(5000));
    writeFileSync(join(logsDir, 'facegate.9.log'), 'left over from a larger maxFiles\n');
    const maxBytes = 2048;
    const log = createLogger(dataDir, 'info', { maxBytes, maxFiles: 2 });
    log.info({ seq: 1 }, 'after upgrade');

    const total = logFiles().reduce((sum, name) => sum + statSync(join(logsDir, name)).size, 0);
    expect(total).toBeLessThanOrEqual(3 * maxBytes);
    expect(logFiles()).not.toContain('facegate.9.log');
    expect(lines()).toEqual([expect.objectContaining({ seq: 1, msg: 'after upgrade' })]);
  });

  it("follows another writer's rotation instead of rotating its fresh file away", () => {
    // The kiosk and a CLI command on the same data folder, lines interleaved.
    const maxBytes = 1024;
    const kiosk = createLogger(dataDir, 'info', { maxBytes, maxFiles: 50 });
    const cli = createLogger(dataDir, 'info', { maxBytes, maxFiles: 50 });
    for (let seq = 0; seq < 200; seq += 2) {
      kiosk.info({ seq, padding }, 'kiosk');
      cli.info({ seq: seq + 1, padding }, 'cli');
    }

    const rotated = logFiles().filter((name) => name !== 'facegate.log');
    expect(rotated.length).toBeGreaterThan(3);
    // Each rotation happened once per full file: no near-empty file was pushed down the chain.
    for (const name of rotated) expect(statSync(join(logsDir, name)).size, name).toBeGreaterThan(maxBytes - 200);
    const all = logFiles().flatMap(seqs);
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('keeps secrets, images and base64 out of the file, leaving markers and the rest of the line', () => {
    const secrets = {
      clientSecret: 'cs-4f1a9e',
      token: 'tok-77d2b0',
      accessToken: 'at-9c0e13',
      authorization: 'Bearer hdr-5b7e21',
      pin: '482913',
      adminPin: '175390',
      pinHash: 'scrypt$ph-0a8d6f',
      password: 'pw-e3c148',
      secret: 'sec-2d9b77',
      nested: 'nested-cs-81f0aa',
      deeper: 'deep-tok-3e5c19',
      query: 'query-cs-60b2d4',
      bearer: 'msg-bearer-9a7f2c',
    };
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(12_340, 0x5a)]);
    const base64 = jpeg.toString('base64');
    const dataUrl = `data:image/jpeg;base64,${base64}`;
    const log = createLogger(dataDir);

    log.info(
      {
        clientSecret: secrets.clientSecret,
        token: secrets.token,
        accessToken: secrets.accessToken,
        headers: { authorization: secrets.authorization },
        req: { headers: { Authorization: secrets.authorization } },
        pin: secrets.pin,
        adminPin: secrets.adminPin,
        pinHash: secrets.pinHash,
        password: secrets.password,
        secret: secrets.secret,
        settings: { verifier: { clientSecret: secrets.nested, tokenUrl: 'https://auth.example/token' } },
        debug: { a: { b: { c: { token: secrets.deeper } } } },
        url: `https://sdk.example/verify?clientSecret=${secrets.query}&clientId=kiosk-1`,
        frame: jpeg,
        frames: [new Uint8Array(jpeg), jpeg.buffer.slice(0, 100)],
        preview: dataUrl,
        body: base64,
        err: Object.assign(new Error(`rejected ${base64.slice(0, 1500)}`), { response: jpeg }),
        code: 'FACE_TOO_SMALL',
      },
      'verify request with %s and Bearer %s',
      dataUrl,
      secrets.bearer,
    );

    const file = text();
    for (const [name, value] of Object.entries(secrets)) expect(file, name).not.toContain(value);
    expect(file).not.toContain(base64.slice(200, 260));
    expect(file).not.toContain('data:image');
    expect(file).not.toContain('"type":"Buffer"');
    const [line] = lines();
    expect(line).toMatchObject({
      clientSecret: '[redacted]',
      headers: { authorization: '[redacted]' },
      req: { headers: { Authorization: '[redacted]' } },
      settings: { verifier: { clientSecret: '[redacted]', tokenUrl: 'https://auth.example/token' } },
      debug: { a: { b: { c: { token: '[redacted]' } } } },
      url: 'https://sdk.example/verify?clientSecret=[redacted]&clientId=kiosk-1',
      frame: `[binary ${jpeg.length} bytes]`,
      frames: [`[binary ${jpeg.length} bytes]`, '[binary 100 bytes]'],
      preview: `[data URL ${dataUrl.length} chars]`,
      body: `[base64 ${base64.length} chars]`,
      err: { type: 'Error', message: 'rejected [base64 1500 chars]', response: `[binary ${jpeg.length} bytes]` },
      code: 'FACE_TOO_SMALL',
      msg: `verify request with [data URL ${dataUrl.length} chars] and Bearer [redacted]`,
    });
    for (const key of ['token', 'accessToken', 'pin', 'adminPin', 'pinHash', 'password', 'secret']) {
      expect(line?.[key], key).toBe('[redacted]');
    }
  });

  it('drops the user:password of any URL in a line (messages, fields, error text, child bindings)', () => {
    const log = createLogger(dataDir).child({ proxy: 'http://proxy-user:px-71c3aa@10.0.0.9:3128' });
    log.error(
      {
        err: 'verifyUrl must be https: http://kiosk:pw-5d20c1@10.0.0.5/verify',
        url: new URL('https://ops:pw-a93b07@sdkbio.example/verify'),
        email: 'door@example.org',
      },
      'verifier misconfigured: %s',
      'ftp://anon:pw-0e44f9@files.example/x',
    );
    const file = text();
    for (const value of ['px-71c3aa', 'pw-5d20c1', 'pw-a93b07', 'pw-0e44f9', 'proxy-user', 'kiosk:', 'ops:']) {
      expect(file, value).not.toContain(value);
    }
    expect(lines()[0]).toMatchObject({
      proxy: 'http://[redacted]@10.0.0.9:3128',
      err: 'verifyUrl must be https: http://[redacted]@10.0.0.5/verify',
      url: 'https://[redacted]@sdkbio.example/verify',
      email: 'door@example.org',
      msg: 'verifier misconfigured: ftp://[redacted]@files.example/x',
    });
  });

  it('redacts secrets bound to a child logger, which only the redaction paths see', () => {
    const log = createLogger(dataDir).child({
      clientSecret: 'child-cs-1c2d',
      verifier: { token: 'child-tok-3e4f' },
      req: { headers: { authorization: 'Bearer child-hdr-5a6b' } },
      component: 'verifier',
    });
    log.info('bound');
    expect(lines()).toEqual([
      expect.objectContaining({
        clientSecret: '[redacted]',
        verifier: { token: '[redacted]' },
        req: { headers: { authorization: '[redacted]' } },
        component: 'verifier',
        msg: 'bound',
      }),
    ]);
  });

  it("leaves the caller's objects as they were and prints URLs, dates and cycles without throwing", () => {
    const frame = Buffer.from('jpeg bytes');
    const request = { frame, meta: { token: 'caller-tok-7a8b' } };
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const log = createLogger(dataDir);

    // pino's wildcard redaction throws on a URL instance (pinojs/redact#28) unless it is printed first.
    log.info({ request, at: new Date(0), endpoint: new URL('https://sdk.example/v?token=url-tok-9c0d'), cyclic });

    expect(request.frame).toBe(frame);
    expect(request.meta.token).toBe('caller-tok-7a8b');
    expect(lines()).toEqual([
      expect.objectContaining({
        request: { frame: '[binary 10 bytes]', meta: { token: '[redacted]' } },
        at: '1970-01-01T00:00:00.000Z',
        endpoint: 'https://sdk.example/v?token=[redacted]',
        cyclic: { name: 'loop', self: '[Circular]' },
      }),
    ]);
  });

  it.skipIf(!existsSync('/dev/full'))('reports a full disk once on stderr and never throws into the caller', () => {
    mkdirSync(logsDir, { recursive: true });
    symlinkSync('/dev/full', join(logsDir, 'facegate.log'));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const log = createLogger(dataDir);
    expect(() => {
      log.info('granted');
      log.error('still granted');
    }).not.toThrow();
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0]?.[0])).toContain('ENOSPC');
  });

  it.each([
    ['process.exit(1)', 'exit'],
    ['SIGKILL', 'kill'],
  ])('has the fatal line on disk when the process ends by %s right after logging it', (_how, mode) => {
    const script = join(dataDir, 'die.mjs');
    writeFileSync(
      script,
      [
        `import { createLogger } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'electron/core/logger.ts')).href)};`,
        `const log = createLogger(process.argv[2], 'info', { maxBytes: 4096 });`,
        `for (let seq = 0; seq < 100; seq++) log.info({ seq }, 'working');`,
        `log.error({ code: 'RELAY_UNAVAILABLE' }, 'main process fault');`,
        `log.fatal({ code: 'INVALID_CONFIG' }, 'main process keeps failing; exiting');`,
        mode === 'kill' ? `process.kill(process.pid, 'SIGKILL');` : `process.exit(1);`,
      ].join('\n'),
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, dataDir], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(child.error).toBeUndefined();
    expect(mode === 'kill' ? child.signal : child.status, child.stderr).toBe(mode === 'kill' ? 'SIGKILL' : 1);

    expect(logFiles().length).toBeGreaterThan(1);
    expect(chronological().slice(-2)).toEqual([
      expect.objectContaining({ level: 50, msg: 'main process fault' }),
      expect.objectContaining({ level: 60, code: 'INVALID_CONFIG', msg: 'main process keeps failing; exiting' }),
    ]);
  });
});
