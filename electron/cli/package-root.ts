import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding facegate's package.json, whether we run from source (tests) or from out/cli. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'electron'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`facegate's package root not found above ${from}`);
    dir = parent;
  }
  return dir;
}

export const rendererBuildDir = (): string => join(packageRoot(), 'out', 'renderer');
