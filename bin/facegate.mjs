#!/usr/bin/env node
// `npx facegate <command>`: runs the built command-line tool under plain Node (no Electron needed).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'cli', 'run.js');
if (!existsSync(entry)) {
  console.error('facegate: the CLI is not built yet: run "npm run build" (npm install does it too).');
  process.exit(2);
}
await import(pathToFileURL(entry).href);
