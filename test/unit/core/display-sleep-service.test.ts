import { describe, expect, it } from 'vitest';
import {
  DisplaySleepService,
  type PowerSaveBlockerLike,
  type PowerSaveBlockerType,
} from '../../../electron/core/display-sleep-service';

/** An in-memory powerSaveBlocker that records every call, with ids handed out like Electron's. */
class FakeBlocker implements PowerSaveBlockerLike {
  readonly active = new Map<number, PowerSaveBlockerType>();
  readonly calls: string[] = [];
  private nextId = 0;

  start(type: PowerSaveBlockerType): number {
    const id = this.nextId++;
    this.active.set(id, type);
    this.calls.push(`start ${type} -> ${id}`);
    return id;
  }
  stop(id: number): void {
    this.calls.push(`stop ${id}`);
    this.active.delete(id);
  }
  isStarted(id: number): boolean {
    return this.active.has(id);
  }
}

describe('DisplaySleepService', () => {
  it('starts one display-sleep blocker when enabled', () => {
    const blocker = new FakeBlocker();
    const service = new DisplaySleepService(blocker);
    expect(service.isEnabled()).toBe(false);
    service.setEnabled(true);
    expect([...blocker.active.values()]).toEqual(['prevent-display-sleep']);
    expect(service.isEnabled()).toBe(true);
  });

  it('does not stack blockers when enabled twice', () => {
    const blocker = new FakeBlocker();
    const service = new DisplaySleepService(blocker);
    service.setEnabled(true);
    service.setEnabled(true);
    expect(blocker.calls).toEqual(['start prevent-display-sleep -> 0']);
  });

  it('stops the blocker it started when disabled, and only once', () => {
    const blocker = new FakeBlocker();
    const service = new DisplaySleepService(blocker);
    service.setEnabled(true);
    service.setEnabled(false);
    service.setEnabled(false);
    expect(blocker.calls).toEqual(['start prevent-display-sleep -> 0', 'stop 0']);
    expect(blocker.active.size).toBe(0);
    expect(service.isEnabled()).toBe(false);
  });

  it('does nothing when disabled before ever being enabled', () => {
    const blocker = new FakeBlocker();
    new DisplaySleepService(blocker).setEnabled(false);
    expect(blocker.calls).toEqual([]);
  });

  it('replaces a blocker that was stopped behind its back', () => {
    const blocker = new FakeBlocker();
    const service = new DisplaySleepService(blocker);
    service.setEnabled(true);
    blocker.stop(0); // e.g. another module released it
    expect(service.isEnabled()).toBe(false);
    service.setEnabled(true);
    expect(blocker.calls).toEqual(['start prevent-display-sleep -> 0', 'stop 0', 'start prevent-display-sleep -> 1']);
    expect(service.isEnabled()).toBe(true);
  });

  it('can be enabled again after being disabled', () => {
    const blocker = new FakeBlocker();
    const service = new DisplaySleepService(blocker);
    service.setEnabled(true);
    service.setEnabled(false);
    service.setEnabled(true);
    expect([...blocker.active.keys()]).toEqual([1]);
  });
});
