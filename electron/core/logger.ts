import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Operator log: JSON lines in <dataDir>/logs/facegate.log (pino, synchronous so a crash loses
 * nothing). The client secret and tokens are redacted by path wherever they appear.
 */
export function createLogger(dataDir: string | null, level = process.env.FACEGATE_LOG_LEVEL ?? 'info'): Logger {
  const redact = {
    paths: ['clientSecret', '*.clientSecret', 'token', '*.token', 'authorization'],
    censor: '[redacted]',
  };
  if (dataDir === null) return pino({ level: 'silent' });
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  return pino({ level, redact }, pino.destination({ dest: join(dir, 'facegate.log'), sync: true, mkdir: true }));
}
