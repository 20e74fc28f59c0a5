// electron-builder's beforePack hook (electron-builder.yml): refuse to package a kiosk without the
// Electron build of better-sqlite3. electron-builder only warns about a missing extraResources file,
// and such a package would start with STORAGE_FAILED at every door. `npm run package` makes the file
// first (scripts/electron-native.mjs); this catches a bare `npx electron-builder`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export default async function beforePack(context) {
  const root = context?.packager?.projectDir ?? process.cwd();
  const binary = join(root, '.native', 'electron', 'better_sqlite3.node');
  if (!existsSync(binary)) {
    throw new Error(
      `${binary} is missing: run \`node scripts/electron-native.mjs\` (npm run package does) before electron-builder`,
    );
  }
}
