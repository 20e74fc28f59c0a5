import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSavePath } from '../../../../electron/core/shell/export-downloads';

const ORIGIN = 'app://facegate';
const blob = `blob:${ORIGIN}/6c1d0a1e-2f4b-4b8e-9a55-0d0f6f5c1b7e`;

describe('exportSavePath (where the admin screen’s CSV export is saved)', () => {
  it('saves our own page’s export in <dataDir>/exports', () => {
    expect(exportSavePath('/data', ORIGIN, blob, 'facegate-attempts-2026-11-26T10-00-00-000Z.csv')).toBe(
      join('/data', 'exports', 'facegate-attempts-2026-11-26T10-00-00-000Z.csv'),
    );
  });

  it.each([
    ['another origin', 'blob:https://evil.example/x', 'facegate-attempts-1.csv'],
    ['a remote file', 'https://evil.example/facegate-attempts-1.csv', 'facegate-attempts-1.csv'],
    ['a name that is not an export', blob, 'payload.exe'],
  ])('cancels %s', (_what, url, name) => {
    expect(exportSavePath('/data', ORIGIN, url, name)).toBeNull();
  });

  it('strips any path from the name, so nothing is written outside exports/', () => {
    expect(exportSavePath('/data', ORIGIN, blob, '../../etc/facegate-attempts-x.csv')).toBe(
      join('/data', 'exports', 'facegate-attempts-x.csv'),
    );
  });
});
