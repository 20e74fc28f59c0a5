import { EventEmitter } from 'node:events';
import type { KeyInput } from '../../../../electron/core/shell/blocked-chords';
import type { PowerSaveBlockerLike, PowerSaveBlockerType } from '../../../../electron/core/display-sleep-service';
import type { ShellLogger } from '../../../../electron/core/shell/shell-deps';

/**
 * Stand-ins for Electron's objects, built on EventEmitter like the real ones: a test raises an
 * event the way Electron would (event object first) and then looks at what the code under test did.
 */

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** Emits `name` with a fresh event object first, as Electron does, and returns that event. */
export function fire(emitter: EventEmitter, name: string, ...args: unknown[]): FakeEvent {
  const event = new FakeEvent();
  emitter.emit(name, event, ...args);
  return event;
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: unknown) => { action: string }) | undefined;
  zoomFactor = 1;
  visualZoomLimits: [number, number] | undefined;
  visualZoomResult: Promise<void> = Promise.resolve();
  reloads = 0;
  forcedCrashes = 0;
  /** What forcefullyCrashRenderer() reports, and whether at once or on a later tick (Electron does either). */
  forcedCrashReport: { reason: string; timing: 'sync' | 'async' | 'none' } = { reason: 'killed', timing: 'sync' };

  setWindowOpenHandler(handler: (details: unknown) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  setZoomFactor(factor: number): void {
    this.zoomFactor = factor;
  }
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    this.visualZoomLimits = [min, max];
    return this.visualZoomResult;
  }
  reload(): void {
    this.reloads += 1;
  }
  forcefullyCrashRenderer(): void {
    this.forcedCrashes += 1;
    const { reason, timing } = this.forcedCrashReport;
    const report = () => fire(this, 'render-process-gone', { reason, exitCode: 0 });
    if (timing === 'sync') report();
    else if (timing === 'async') setTimeout(report, 0);
  }
  crash(reason: string, exitCode = 1): void {
    fire(this, 'render-process-gone', { reason, exitCode });
  }
}

export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  readonly loadedUrls: string[] = [];
  readonly calls: string[] = [];

  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  focus(): void {
    this.calls.push('focus');
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
}

/** app: quit() raises will-quit like Electron, and the app only counts as gone if nobody prevented it. */
export class FakeApp extends EventEmitter {
  quitCalls = 0;
  quitted = false;
  readonly exitCodes: Array<number | undefined> = [];
  relaunches = 0;
  readonly loginItemSettings: Array<{ openAtLogin: boolean }> = [];

  quit(): void {
    this.quitCalls += 1;
    if (!fire(this, 'will-quit').defaultPrevented) this.quitted = true;
  }
  exit(exitCode?: number): void {
    this.exitCodes.push(exitCode);
  }
  relaunch(): void {
    this.relaunches += 1;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItemSettings.push(settings);
  }
}

/** An in-memory powerSaveBlocker with ids handed out like Electron's. */
export class FakeBlocker implements PowerSaveBlockerLike {
  readonly active = new Map<number, PowerSaveBlockerType>();
  private nextId = 0;

  start(type: PowerSaveBlockerType): number {
    const id = this.nextId++;
    this.active.set(id, type);
    return id;
  }
  stop(id: number): void {
    this.active.delete(id);
  }
  isStarted(id: number): boolean {
    return this.active.has(id);
  }
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error' | 'fatal';
  fields: object;
  message: string;
}

export class RecordingLog implements ShellLogger {
  readonly entries: LogEntry[] = [];
  info(fields: object, message: string): void {
    this.entries.push({ level: 'info', fields, message });
  }
  warn(fields: object, message: string): void {
    this.entries.push({ level: 'warn', fields, message });
  }
  error(fields: object, message: string): void {
    this.entries.push({ level: 'error', fields, message });
  }
  fatal(fields: object, message: string): void {
    this.entries.push({ level: 'fatal', fields, message });
  }
  messages(level?: LogEntry['level']): string[] {
    return this.entries.filter((e) => level === undefined || e.level === level).map((e) => e.message);
  }
}

/** "Ctrl+Shift+R" -> the Input Electron would report (the key as typed: Shift makes letters upper case). */
export function chord(text: string): KeyInput {
  // "+" and "Ctrl++" end with the plus key itself.
  const plus = text === '+' || text.endsWith('++');
  const parts = (plus ? text.slice(0, -1) : text).split('+');
  const key = plus ? '+' : parts[parts.length - 1]!;
  const mods = new Set(parts.slice(0, -1));
  const shift = mods.has('Shift');
  return {
    key: shift && key.length === 1 ? key.toUpperCase() : key,
    control: mods.has('Ctrl'),
    meta: mods.has('Cmd'),
    alt: mods.has('Alt'),
    shift,
  };
}
