import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../electron/common/settings';
import { effectiveVerifierMode } from '../../../electron/common/verifier-mode';

const settings = (verifier: Record<string, unknown> = {}) => settingsSchema.parse({ verifier });

describe('effectiveVerifierMode', () => {
  it('is local on a fresh install: no FACEKI account', () => {
    expect(settingsSchema.parse({}).verifier.mode).toBeUndefined();
    expect(effectiveVerifierMode(settings(), false)).toBe('local');
  });

  it('is faceki only when both clientId and the client secret are there', () => {
    expect(effectiveVerifierMode(settings({ clientId: 'acme' }), true)).toBe('faceki');
    expect(effectiveVerifierMode(settings({ clientId: 'acme' }), false)).toBe('local');
    expect(effectiveVerifierMode(settings({ clientId: '  ' }), true)).toBe('local');
    expect(effectiveVerifierMode(settings(), true)).toBe('local');
  });

  it("keeps the operator's explicit choice", () => {
    expect(effectiveVerifierMode(settings({ mode: 'hybrid', clientId: 'acme' }), true)).toBe('hybrid');
    expect(effectiveVerifierMode(settings({ mode: 'local', clientId: 'acme' }), true)).toBe('local');
    expect(effectiveVerifierMode(settings({ mode: 'faceki' }), false)).toBe('faceki');
  });
});

describe('settings of the local verifier', () => {
  it('defaults to the calibrated values (docs/local-matching.md) and hybrid off', () => {
    const parsed = settingsSchema.parse({});
    expect(parsed.local).toEqual({ maxDistance: 0.6, margin: 0.1 });
    expect(parsed.hybrid).toEqual({ rememberGrants: false, days: 7 });
  });

  it('refuses an unknown mode and out-of-range values, naming the path', () => {
    for (const [input, path] of [
      [{ verifier: { mode: 'cloud' } }, 'verifier.mode'],
      [{ local: { maxDistance: 0 } }, 'local.maxDistance'],
      [{ local: { margin: -0.1 } }, 'local.margin'],
      [{ hybrid: { days: 0 } }, 'hybrid.days'],
      [{ hybrid: { rememberGrants: 'yes' } }, 'hybrid.rememberGrants'],
    ] as const) {
      const result = settingsSchema.safeParse(input);
      expect(result.success, path).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
    }
  });
});
