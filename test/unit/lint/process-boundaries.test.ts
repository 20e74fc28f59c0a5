import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/fixtures';

// The process boundaries of ARCHITECTURE.md are enforced by lint; these prove the rules bite, by
// linting small sources as if they lived in each folder (lintText with a virtual file path).
const eslint = new ESLint({ cwd: repoRoot });

async function ruleIds(relativePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(repoRoot, relativePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('process boundaries', () => {
  it.each([
    ['electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/common/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    [
      'electron/common/x.ts',
      "import { openDatabase } from '../core/storage/database';\nexport const o = openDatabase;\n",
    ],
    ['renderer/src/x.ts', "import { join } from 'node:path';\nexport const j = join;\n"],
    [
      'renderer/src/x.ts',
      "import { AttemptLog } from '../../electron/core/storage/attempt-log';\nexport const a = AttemptLog;\n",
    ],
    ['electron/preload/x.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"],
    ['electron/main/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ['electron/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
  ])('%s refuses: %s', async (path, source) => {
    expect(await ruleIds(path, source)).toContain('no-restricted-imports');
  });

  it.each([
    ['electron/common/x.ts', 'export const w = window.location;\n'],
    ['renderer/src/x.ts', 'export const p = process.env;\n'],
  ])('%s refuses the global in: %s', async (path, source) => {
    expect(await ruleIds(path, source)).toContain('no-restricted-globals');
  });

  it('allows what each folder is for', async () => {
    expect(await ruleIds('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await ruleIds('electron/core/x.ts', "import { join } from 'node:path';\nexport const j = join;\n")).toEqual(
      [],
    );
    expect(
      await ruleIds(
        'renderer/src/x.ts',
        "import type { Decision } from '../../electron/common/decision';\nexport type D = Decision;\n",
      ),
    ).toEqual([]);
  });
});
