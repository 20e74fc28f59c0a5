import { describe, expect, it } from 'vitest';
import { StartupLog } from '../../../../electron/core/shell/startup-log';
import { RecordingLog } from './fakes';

const at = () => new Date('2030-01-02T03:04:05.000Z');

function stderr() {
  const lines: string[] = [];
  return { lines, sink: { write: (text: string) => lines.push(text) } };
}

describe('StartupLog', () => {
  it('writes JSON lines to stderr until the operator log is attached, errors with message, stack and cause', () => {
    const { lines, sink } = stderr();
    const log = new StartupLog(sink, at);
    log.fatal({ err: new Error('outer', { cause: new Error('inner') }), step: 'services' }, 'cannot start');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith('facegate {')).toBe(true);
    expect(JSON.parse(lines[0]!.slice('facegate '.length))).toMatchObject({
      level: 'fatal',
      time: '2030-01-02T03:04:05.000Z',
      msg: 'cannot start',
      step: 'services',
      err: { type: 'Error', message: 'outer', stack: expect.stringContaining('outer'), cause: { message: 'inner' } },
    });
  });

  it('sends every line to the operator log once attached, and nothing to stderr', () => {
    const { lines, sink } = stderr();
    const log = new StartupLog(sink, at);
    const target = new RecordingLog();
    log.attach(target);
    log.info({ a: 1 }, 'one');
    log.warn({}, 'two');
    log.error({}, 'three');
    log.fatal({}, 'four');
    expect(target.entries.map((e) => [e.level, e.message])).toEqual([
      ['info', 'one'],
      ['warn', 'two'],
      ['error', 'three'],
      ['fatal', 'four'],
    ]);
    expect(lines).toEqual([]);
  });

  it('falls back to stderr, saying why, when the operator log throws', () => {
    const { lines, sink } = stderr();
    const log = new StartupLog(sink, at);
    log.attach({
      info: () => {},
      warn: () => {},
      error: () => {},
      fatal: () => {
        throw new Error('EROFS: read-only file system');
      },
    });
    log.fatal({}, 'main process fault; relaunching');
    const parsed = lines.map((line) => JSON.parse(line.slice('facegate '.length)) as Record<string, unknown>);
    expect(parsed).toMatchObject([
      {
        level: 'error',
        msg: 'the operator log failed; this line goes to stderr',
        err: { message: 'EROFS: read-only file system' },
      },
      { level: 'fatal', msg: 'main process fault; relaunching' },
    ]);
  });

  it('never throws, even when stderr does', () => {
    const log = new StartupLog({
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => log.fatal({}, 'x')).not.toThrow();
  });
});
