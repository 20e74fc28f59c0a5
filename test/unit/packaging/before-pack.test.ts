import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/fixtures';

// The beforePack hook named in electron-builder.yml: no Electron build of better-sqlite3, no package.
type BeforePack = (context: { packager: { projectDir: string } }) => Promise<void>;
const load = async (): Promise<BeforePack> =>
  ((await import(join(repoRoot, 'scripts', 'before-pack.mjs'))) as { default: BeforePack }).default;

let project: string;
beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'facegate-pack-'));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('before-pack hook', () => {
  it('is the hook electron-builder.yml names', () => {
    expect(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')).toMatch(
      /^beforePack: \.\/scripts\/before-pack\.mjs$/m,
    );
  });

  it('refuses to package without .native/electron/better_sqlite3.node, saying how to make it', async () => {
    await expect((await load())({ packager: { projectDir: project } })).rejects.toThrow(/electron-native\.mjs/);
  });

  it('lets packaging go on when the binary is there', async () => {
    mkdirSync(join(project, '.native', 'electron'), { recursive: true });
    writeFileSync(join(project, '.native', 'electron', 'better_sqlite3.node'), 'binary');
    await expect((await load())({ packager: { projectDir: project } })).resolves.toBeUndefined();
  });
});
