import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  MAIN_FAULTS_ENV,
  setupCrashRelaunch,
  type RelaunchOptionsLike,
} from '../../../../electron/core/shell/crash-relaunch';
import type { OperatorAlert } from '../../../../electron/core/shell/shell-deps';
import { FakeApp, RecordingLog } from './fakes';

const NOW = 1_900_000_000_000;

class FakeProcess extends EventEmitter {
  constructor(
    readonly env: Record<string, string | undefined> = {},
    readonly argv: readonly string[] = ['/opt/facegate/facegate', '--kiosk-flag'],
  ) {
    super();
  }
}

/** Records what each relaunch was asked to run. */
class RelaunchingApp extends FakeApp {
  readonly relaunchOptions: unknown[] = [];
  override relaunch(options?: RelaunchOptionsLike): void {
    super.relaunch();
    this.relaunchOptions.push(options);
  }
}

function setup(env: Record<string, string | undefined> = {}, now = () => NOW, argv?: readonly string[]) {
  const process = new FakeProcess(env, argv);
  const app = new RelaunchingApp();
  const log = new RecordingLog();
  const alerts: OperatorAlert[] = [];
  setupCrashRelaunch({
    process,
    app,
    log,
    now,
    onOperatorAlert: (alert) => alerts.push(alert),
    crashLoop: { maxFaults: 3, windowMs: 60_000 },
  });
  return { process, app, log, alerts };
}

describe('setupCrashRelaunch', () => {
  it('relaunches after an uncaught exception, handing the fault time to the new process', () => {
    const { process, app, log, alerts } = setup();
    process.emit('uncaughtException', new Error('boom'));
    expect(app.relaunches).toBe(1);
    expect(app.exitCodes).toEqual([1]);
    expect(process.env[MAIN_FAULTS_ENV]).toBe(String(NOW));
    expect(log.messages('fatal')).toEqual(['main process fault; relaunching']);
    expect(alerts).toEqual([]);
  });

  it('adds to the history the previous process handed over', () => {
    const { process, app } = setup({ [MAIN_FAULTS_ENV]: String(NOW - 5_000) });
    process.emit('uncaughtException', new Error('boom'));
    expect(app.relaunches).toBe(1);
    expect(process.env[MAIN_FAULTS_ENV]).toBe(`${NOW - 5_000},${NOW}`);
  });

  it('gives up, without relaunching, when the carried history reaches the limit', () => {
    const { process, app, log, alerts } = setup({ [MAIN_FAULTS_ENV]: `${NOW - 20_000},${NOW - 10_000}` });
    process.emit('uncaughtException', new Error('database locked'));
    expect(app.relaunches).toBe(0);
    expect(app.exitCodes).toEqual([1]);
    expect(log.messages('fatal')).toEqual(['main process keeps failing; exiting without relaunch']);
    expect(alerts).toEqual([
      { kind: 'main-crash-loop', fault: 'database locked', reason: '3 faults within 60 s (limit 3)', recent: 3 },
    ]);
  });

  it('forgets faults the previous process recorded more than a window ago', () => {
    const { process, app } = setup({ [MAIN_FAULTS_ENV]: `${NOW - 120_000},${NOW - 90_000}` });
    process.emit('uncaughtException', new Error('boom'));
    expect(app.relaunches).toBe(1);
    expect(process.env[MAIN_FAULTS_ENV]).toBe(String(NOW));
  });

  it('ignores a tampered history rather than trusting it', () => {
    const { process, app } = setup({ [MAIN_FAULTS_ENV]: 'x,,-1' });
    process.emit('uncaughtException', new Error('boom'));
    expect(app.relaunches).toBe(1);
  });

  it('still exits when raising the operator alert fails', () => {
    const process = new FakeProcess({ [MAIN_FAULTS_ENV]: `${NOW - 2},${NOW - 1}` });
    const app = new FakeApp();
    setupCrashRelaunch({
      process,
      app,
      log: new RecordingLog(),
      now: () => NOW,
      onOperatorAlert: () => {
        throw new Error('log closed');
      },
    });
    expect(() => process.emit('uncaughtException', new Error('boom'))).not.toThrow();
    expect(app.exitCodes).toEqual([1]);
  });

  it('relaunches the same executable and arguments outside an AppImage (Electron keeps them when given no options)', () => {
    const { process, app } = setup({});
    process.emit('uncaughtException', new Error('boom'));
    expect(app.relaunchOptions).toEqual([undefined]);
  });

  it("relaunches $APPIMAGE, not the temporary mount it runs from, with this run's arguments", () => {
    // process.execPath and argv[0] are inside /tmp/.mount_facegaXXXX, unmounted once this process exits.
    const { process, app } = setup({ APPIMAGE: '/home/kiosk/facegate.AppImage' }, () => NOW, [
      '/tmp/.mount_facegaAbC123/facegate',
      '--no-sandbox',
      '--lang=de',
    ]);
    process.emit('uncaughtException', new Error('boom'));
    expect(app.relaunchOptions).toEqual([
      { execPath: '/home/kiosk/facegate.AppImage', args: ['--no-sandbox', '--lang=de'] },
    ]);
    expect(app.exitCodes).toEqual([1]);
  });

  it('logs an unhandled rejection and keeps running', () => {
    const { process, app, log } = setup();
    process.emit('unhandledRejection', new Error('late reply'));
    expect(app.exitCodes).toEqual([]);
    expect(app.relaunches).toBe(0);
    expect(log.messages('error')).toEqual(['unhandled promise rejection in main']);
  });
});
