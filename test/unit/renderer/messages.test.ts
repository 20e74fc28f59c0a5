import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../electron/common/decision';
import { decisionText, faultText, text } from '../../../renderer/src/i18n/messages';

const base: Decision = { attemptId: 1, decision: 'granted', code: 'OK', online: true, doorOpened: true, latencyMs: 10 };

describe('what the person at the door reads', () => {
  it('guides with short instructions', () => {
    expect(text.guidance('FACE_TOO_SMALL')).toBe('Step closer');
    expect(text.guidance('FACE_TOO_CLOSE')).toBe('Step back a little');
    expect(text.guidance('TOO_MANY_FACES')).toBe('One person at a time, please');
  });

  it('welcomes by name, and says when the door did not open', () => {
    const user = { userId: 'u1', name: 'Ada' };
    expect(decisionText({ ...base, user })).toEqual({ title: 'Welcome, Ada', detail: 'The door is open' });
    expect(decisionText({ ...base, user, doorOpened: false, code: 'RELAY_UNAVAILABLE' }).detail).toMatch(
      /did not open/,
    );
  });

  it('never words a denial or an error as a welcome', () => {
    for (const d of [
      { ...base, decision: 'denied' as const, code: 'NO_MATCH' as const },
      { ...base, decision: 'denied' as const, code: 'AMBIGUOUS_MATCH' as const },
      { ...base, decision: 'error' as const, code: 'OFFLINE' as const, online: false },
      { ...base, decision: 'error' as const, code: 'AUTH_FAILED' as const },
    ]) {
      expect(decisionText(d).title).not.toMatch(/welcome/i);
    }
    expect(decisionText({ ...base, decision: 'error', code: 'AUTH_FAILED' }).detail).toContain('AUTH_FAILED');
  });
});

describe('fault screens', () => {
  it('names the kind of fault in words and never blanks', () => {
    expect(faultText('INVALID_CONFIG')).toMatch(/not set up/);
    expect(faultText('CAMERA_UNAVAILABLE')).toMatch(/Camera unavailable/);
    expect(faultText('FAILED_TO_READ_MODEL')).toMatch(/Face check unavailable/);
    expect(faultText('STORAGE_FAILED')).toMatch(/records/);
    expect(faultText(undefined)).toMatch(/Out of order/);
  });
});
