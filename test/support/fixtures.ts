import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file lives in <root>/test/support. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The shared face photos live beside the repository, not in it (see ../shared/fixtures/faces/README.md),
 * so a missing folder is a set-up problem: say where we looked rather than fail with a bare ENOENT.
 */
export const facesDir = resolve(repoRoot, '..', 'shared', 'fixtures', 'faces');

export function fixturePath(name: string): string {
  const path = resolve(facesDir, name);
  if (!existsSync(path)) {
    throw new Error(
      `face fixture ${name} not found at ${path}: the shared fixtures must sit at ../shared/fixtures/faces`,
    );
  }
  return path;
}

export function readFixture(name: string): Uint8Array {
  // A plain Uint8Array (not a Buffer) is what the renderer sends over IPC; keep the tests honest about that.
  return new Uint8Array(readFileSync(fixturePath(name)));
}
