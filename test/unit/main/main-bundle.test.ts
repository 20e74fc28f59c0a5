import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/fixtures';

// Electron evaluates every static import of out/main/index.js before a line of main runs: a native
// module that fails to load there (a wrong ABI, a missing platform package) is Electron's "A
// JavaScript error occurred in the main process" dialog, before any handler can catch it. So the
// entry may statically reach only Electron and small modules of ours; what loads native code, the
// operator log or the secrets comes in through the dynamic import('./services') inside main's try.

/** Packages that load native code, or open files in the data folder, when imported. */
const LATE = ['better-sqlite3', 'serialport', 'sharp', 'pino', 'electron-store', 'conf'];

/** Bare package names a module's static imports name ("import type" and import() are not static). */
function staticImports(code: string): { packages: string[]; relative: string[] } {
  const specifiers = [
    ...code.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm),
  ].map((m) => m[1]!);
  return {
    packages: specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:')),
    relative: specifiers.filter((s) => s.startsWith('.')),
  };
}

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

/** Every package electron/main/index.ts reaches by static imports, following our own .ts files. */
function sourceGraph(entry: string): { packages: Set<string>; files: Set<string> } {
  const packages = new Set<string>();
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const { packages: found, relative } = staticImports(readFileSync(file, 'utf8'));
    for (const name of found) packages.add(packageName(name));
    for (const specifier of relative) {
      const base = resolve(dirname(file), specifier);
      const next = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (!next) throw new Error(`${file}: cannot resolve ${specifier}`);
      visit(next);
    }
  };
  visit(entry);
  return { packages, files };
}

describe('what main loads before its fault handling', () => {
  it('reaches no native module, log or secrets code by static imports from electron/main/index.ts', () => {
    const { packages, files } = sourceGraph(join(repoRoot, 'electron', 'main', 'index.ts'));
    expect([...packages].filter((name) => LATE.includes(name))).toEqual([]);
    const reached = [...files].map((file) => file.slice(repoRoot.length + 1));
    expect(reached).not.toContain('electron/main/services.ts');
    expect(reached).not.toContain('electron/core/logger.ts');
    expect(reached).not.toContain('electron/core/kiosk-app.ts');
    // The scan sees imports at all: services.ts itself reaches every one of them.
    const services = sourceGraph(join(repoRoot, 'electron', 'main', 'services.ts'));
    for (const name of ['better-sqlite3', 'serialport', 'sharp', 'pino', 'electron-store']) {
      expect([...services.packages]).toContain(name);
    }
  });

  it('keeps them out of the top of the built out/main/index.js, in a chunk imported later (npm run build)', () => {
    const entry = join(repoRoot, 'out', 'main', 'index.js');
    expect(existsSync(entry), `${entry} is missing: run npm run build`).toBe(true);
    const code = readFileSync(entry, 'utf8');
    const top = staticImports(code).packages.map(packageName);
    expect(top).toContain('electron');
    expect(top.filter((name) => LATE.includes(name))).toEqual([]);
    const dynamic = [...code.matchAll(/\bimport\(\s*"(\.\/[^"]+)"\s*\)/g)].map((m) => m[1]!);
    expect(dynamic).toHaveLength(1);
    const chunk = readFileSync(join(dirname(entry), dynamic[0]!), 'utf8');
    const late = staticImports(chunk).packages.map(packageName);
    for (const name of ['better-sqlite3', 'serialport', 'sharp', 'pino', 'electron-store'])
      expect(late).toContain(name);
  });
});
