import { readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type DestinationStream, type LogFn, type Logger } from 'pino';

export type { Logger };

/*
 * Operator and support log: JSON lines in <dataDir>/logs/facegate.log, rotated by size to
 * facegate.1.log (newest) ... facegate.<maxFiles>.log (oldest), so the folder never holds more than
 * (maxFiles + 1) * maxBytes: 60 MB with the defaults, some 300,000 attempts.
 *
 * Why no rotation library: pino-roll and rotating-file-stream were both run against what this app needs.
 * - rotating-file-stream writes through fs/promises. A line logged while the previous one is in flight
 *   waits in a JS buffer, so `log.error(...); log.fatal(...); process.exit(1)` lost the fatal line 5 times
 *   out of 5, and so does anything logged before its asynchronous open completes.
 * - pino-roll is asynchronous to create (it cannot sit behind the synchronous createLogger every caller
 *   uses), its active file is always numbered (facegate.N.log, never the facegate.log that support and
 *   the tests read), and used as a pino transport it runs in a worker thread that loads its target by
 *   module path at run time, the fragile part of a vite-bundled app in an asar.
 * Both are a file rotation on top of a file stream. Here the stream is pino's own sonic-boom in sync
 * mode: every log call returns after write(2), so a crash, process.exit or SIGKILL loses nothing and no
 * flush is needed on the way out; rotation is a few synchronous renames, between two lines.
 * See "Operator log" in README.md.
 *
 * Not for secrets or faces: secret keys are censored by path (pino redact, child bindings included) and
 * at any depth by name, binary values become "[binary N bytes]", and base64 runs or data: URLs anywhere
 * in the finished line become "[base64 N chars]" / "[data URL N chars]", and the user:password of
 * any URL becomes "[redacted]".
 */

const LOG_FILE = 'facegate.log';

export interface LogFileOptions {
  /** Rotate before a line would take the active file past this. */
  maxBytes?: number;
  /** Rotated files kept beside the active one. */
  maxFiles?: number;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_FILES = 5;
// Lines pile up in memory only while writes fail (disk full, folder gone); past this they are dropped.
const UNWRITTEN_CAP_BYTES = 4 * 1024 * 1024;

const CENSOR = '[redacted]';
const SECRET_KEYS = [
  'clientSecret',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'Authorization',
  'cookie',
  'password',
  'pin',
  'adminPin',
  'pinHash',
  'adminPinHash',
  'imageKey',
  'galleryKey',
];
// One and two levels down covers headers.authorization and req.headers.authorization. These paths are
// the only protection child() bindings get: the hook below sees log calls, not bindings.
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
// The same names at any depth, whatever their case or separators (client_secret, x-api-key, ...).
const normalizeKey = (key: string) => key.toLowerCase().replace(/[-_]/g, '');
const SECRET_NAMES = new Set(
  [...SECRET_KEYS, 'idToken', 'setCookie', 'proxyAuthorization', 'apiKey', 'xApiKey', 'passwd'].map(normalizeKey),
);

/**
 * The operator log for a data folder, or a silent logger when there is none (tests, one-shot tools).
 * Throws only if the log file cannot be opened at all; later write failures are reported once on
 * stderr and never reach the caller.
 */
export function createLogger(
  dataDir: string | null,
  level = process.env.FACEGATE_LOG_LEVEL ?? 'info',
  options: LogFileOptions = {},
): Logger {
  if (dataDir === null) return pino({ level: 'silent' });
  const file = new RotatingFile(join(dataDir, 'logs'), options);
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      hooks: {
        logMethod(args, method) {
          const seen = new Map<object, unknown>();
          method.apply(this, args.map((arg) => scrubValue(arg, seen)) as Parameters<LogFn>);
        },
        streamWrite: scrubLine,
      },
    },
    file,
  );
}

/** facegate.log with a size limit: the rename chain runs synchronously inside the write that crosses it. */
class RotatingFile implements DestinationStream {
  private readonly active: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private stream: ReturnType<typeof pino.destination>;
  private size: number;
  private ino: number | undefined;
  private reported = false;

  constructor(
    private readonly dir: string,
    options: LogFileOptions,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
    if (!(this.maxBytes > 0) || !Number.isInteger(this.maxFiles) || this.maxFiles < 0) {
      throw new RangeError(
        `log rotation needs maxBytes > 0 and maxFiles >= 0 (got ${this.maxBytes}, ${this.maxFiles})`,
      );
    }
    this.active = join(dir, LOG_FILE);
    this.stream = this.open();
    const stats = this.statActive();
    this.size = stats?.size ?? 0;
    this.ino = stats?.ino;
  }

  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    this.size += bytes;
    return this.stream.write(line);
  }

  flush(callback?: (error?: Error) => void): void {
    this.stream.flush(callback);
  }

  private rotate(): void {
    let failed = false;
    try {
      // Another writer on this folder (the CLI beside the kiosk) may have rotated first: then the file we
      // hold is already facegate.1.log and we only follow it to the new facegate.log.
      const current = this.statActive();
      if (current !== undefined && current.ino === this.ino) this.shift();
    } catch (error) {
      failed = true;
      this.report(error);
    }
    try {
      // A new stream rather than sonic-boom's reopen(), which leaves a listener behind per call.
      const previous = this.stream;
      this.stream = this.open();
      previous.end();
    } catch (error) {
      this.report(error);
    }
    const stats = this.statActive();
    // After a failed rename (a file held open on Windows) retry one maxBytes later, not on every line.
    this.size = failed ? 0 : (stats?.size ?? 0);
    this.ino = stats?.ino;
  }

  private open(): ReturnType<typeof pino.destination> {
    const stream = pino.destination({ dest: this.active, sync: true, mkdir: true, maxLength: UNWRITTEN_CAP_BYTES });
    // Without a listener sonic-boom rethrows a failed write (ENOSPC...) into whatever code logged it,
    // the door path included; a full disk must cost the log, not the kiosk.
    stream.on('error', (error: Error) => this.report(error));
    return stream;
  }

  /** facegate.log -> .1 -> .2 ..., then drops what is past the count or the byte budget, oldest first. */
  private shift(): void {
    for (const { index, path } of this.rotated().reverse()) renameSync(path, this.rotatedPath(index + 1));
    renameSync(this.active, this.rotatedPath(1));
    // The budget matters when files are larger than maxBytes: an unrotated log from an older version,
    // or a second writer's lines on top of ours.
    let budget = this.maxFiles * this.maxBytes;
    for (const { index, path } of this.rotated()) {
      const size = statSync(path).size;
      if (index <= this.maxFiles && size <= budget) budget -= size;
      else {
        budget = -1;
        unlinkSync(path);
      }
    }
  }

  /** Rotated files, newest (lowest number) first. */
  private rotated(): { index: number; path: string }[] {
    const pattern = /^facegate\.(\d+)\.log$/;
    return readdirSync(this.dir)
      .flatMap((name) => {
        const match = pattern.exec(name);
        return match ? [{ index: Number(match[1]), path: join(this.dir, name) }] : [];
      })
      .sort((a, b) => a.index - b.index);
  }

  private rotatedPath(index: number): string {
    return join(this.dir, `facegate.${index}.log`);
  }

  private statActive(): { size: number; ino: number } | undefined {
    try {
      return statSync(this.active);
    } catch {
      return undefined;
    }
  }

  /** Once per logger: a failing disk would otherwise repeat the same complaint on every line. */
  private report(error: unknown): void {
    if (this.reported) return;
    this.reported = true;
    process.stderr.write(`facegate: the log file ${this.active} is failing: ${String(error)}\n`);
  }
}

const CIRCULAR = '[Circular]';
const binaryMarker = (bytes: number) => `[binary ${bytes} bytes]`;

/**
 * A log argument as the plain data JSON would print: binaries replaced, secret-named keys censored at
 * any depth, class instances (URL, Date, anything with a prototype) turned into what they print as.
 * The last part is for pino's redaction, which clones what its wildcards walk through and throws on a
 * URL (pinojs/redact#28) or a getter-only property (#24), from inside the log call.
 * The caller's objects are never modified (one may be the frame on its way to the verifier), and plain
 * data with nothing to change comes back as it was, so an ordinary log call allocates nothing.
 */
function scrubValue(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value)) return binaryMarker(value.byteLength);
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return binaryMarker(value.byteLength);
  if (seen.has(value)) return seen.get(value);
  // Anything reached again before its copy is finished is a cycle; pino would print the original there,
  // with whatever it holds, so it is cut here instead.
  seen.set(value, CIRCULAR);
  let result: unknown = value;
  const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => scrubValue(item, seen));
    if (items.some((item, i) => item !== value[i])) result = items;
  } else if (value instanceof Error) {
    result = scrubError(value, seen);
  } else if (typeof toJSON === 'function') {
    const printed: unknown = toJSON.call(value);
    result = printed === value ? { ...value, ...scrubEntries(value, seen) } : scrubValue(printed, seen);
  } else {
    const changes = scrubEntries(value, seen);
    const proto: unknown = Object.getPrototypeOf(value);
    if (changes || (proto !== Object.prototype && proto !== null)) result = { ...value, ...changes };
  }
  seen.set(value, result);
  return result;
}

/** Only the own enumerable entries that change: what JSON.stringify (and so pino) would print. */
function scrubEntries(source: object, seen: Map<object, unknown>): Record<string, unknown> | undefined {
  let changes: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(source)) {
    const next = value !== undefined && SECRET_NAMES.has(normalizeKey(key)) ? CENSOR : scrubValue(value, seen);
    if (next !== value) (changes ??= {})[key] = next;
  }
  return changes;
}

/** Still an Error of the same class, so pino's err serializer keeps its type, message and stack. */
function scrubError(error: Error, seen: Map<object, unknown>): Error {
  const changes = scrubEntries(error, seen);
  const cause = scrubValue(error.cause, seen);
  if (!changes && cause === error.cause) return error;
  const copy = Object.create(Object.getPrototypeOf(error), Object.getOwnPropertyDescriptors(error)) as Error;
  for (const [key, value] of Object.entries(changes ?? {})) {
    Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (cause !== error.cause) Object.defineProperty(copy, 'cause', { value: cause, writable: true, configurable: true });
  return copy;
}

const DATA_URL = /\bdata:[\w.+-]*(?:\/[\w.+-]+)?(?:;[\w.+=-]+)*,[^"\\\s]*/g;
const BASE64_WORD = /[A-Za-z0-9+/_-]+={0,2}/g;
const BASE64_MIN_CHARS = 1001;
const SECRET_QUERY =
  /([?&](?:client[_-]?secret|(?:access[_-]?|refresh[_-]?|id[_-]?)?token|password|pin|api[_-]?key)=)[^&#"\\\s]+/gi;
const BEARER = /\bBearer\s+[\w.~+/-]+=*/g;
// scheme://user:password@: the userinfo of a URL stops at the first /, ?, # or @ (and never spans a quote).
const URL_CREDENTIALS = /\b([a-z][a-z\d+.-]*:\/\/)[^\s/?#@"'\\]+@/gi;

/**
 * The finished JSON line, last: strings anywhere (messages, error stacks, child bindings, URLs) lose
 * images and credentials. The patterns never match a quote or a backslash, so the line stays valid JSON.
 */
function scrubLine(line: string): string {
  let out = line;
  if (out.includes('data:')) out = out.replace(DATA_URL, (url) => `[data URL ${url.length} chars]`);
  // Scanning word by word keeps this linear; a {1001,} pattern would rescan every shorter run.
  if (out.length >= BASE64_MIN_CHARS) {
    out = out.replace(BASE64_WORD, (word) =>
      word.length >= BASE64_MIN_CHARS ? `[base64 ${word.length} chars]` : word,
    );
  }
  if (out.includes('=')) out = out.replace(SECRET_QUERY, `$1${CENSOR}`);
  if (out.includes('Bearer')) out = out.replace(BEARER, `Bearer ${CENSOR}`);
  return redactUrlCredentials(out);
}

/**
 * Text with the user:password of any URL in it made "[redacted]"; also for what is stored beside the
 * log (the attempt log's details) and for messages that quote a configured URL.
 */
export function redactUrlCredentials(text: string): string {
  return text.includes('@') ? text.replace(URL_CREDENTIALS, `$1${CENSOR}@`) : text;
}
