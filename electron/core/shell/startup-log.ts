import type { ShellLogger } from './shell-deps';

type Level = 'info' | 'warn' | 'error' | 'fatal';

export interface TextSink {
  write(text: string): unknown;
}

/**
 * The log main holds from its first line, before the operator log (pino, in the data folder) can
 * exist: until attach(), lines go to stderr as JSON; after it, to the operator log. A line the
 * operator log throws on goes to stderr, so a fault at start is never silent: the logger itself
 * failing to open is one of the faults this has to report.
 */
export class StartupLog implements ShellLogger {
  private target: ShellLogger | null = null;

  constructor(
    private readonly stderr: TextSink,
    private readonly now: () => Date = () => new Date(),
  ) {}

  attach(target: ShellLogger): void {
    this.target = target;
  }

  info(fields: object, message: string): void {
    this.line('info', fields, message);
  }
  warn(fields: object, message: string): void {
    this.line('warn', fields, message);
  }
  error(fields: object, message: string): void {
    this.line('error', fields, message);
  }
  fatal(fields: object, message: string): void {
    this.line('fatal', fields, message);
  }

  private line(level: Level, fields: object, message: string): void {
    if (this.target) {
      try {
        this.target[level](fields, message);
        return;
      } catch (error) {
        this.toStderr('error', { err: error }, 'the operator log failed; this line goes to stderr');
      }
    }
    this.toStderr(level, fields, message);
  }

  private toStderr(level: Level, fields: object, message: string): void {
    try {
      const entry = { level, time: this.now().toISOString(), msg: message, ...plain(fields) };
      this.stderr.write(`facegate ${JSON.stringify(entry)}\n`);
    } catch {
      // Nowhere left to write to; a log line must never be what stops the kiosk.
    }
  }
}

/** Errors print as their type, message, stack and cause (JSON.stringify prints them as {}). */
function plain(fields: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, plainError(value)]));
}

function plainError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error) || depth > 3) return value;
  return {
    type: value.name,
    message: value.message,
    stack: value.stack,
    ...(value.cause !== undefined && { cause: plainError(value.cause, depth + 1) }),
  };
}
