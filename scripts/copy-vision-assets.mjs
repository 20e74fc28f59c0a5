#!/usr/bin/env node
// Copies Human's face models and tfjs's .wasm binaries out of node_modules into resources/vision,
// which the renderer build serves as static files. The kiosk never loads either from a CDN, and
// neither is committed (resources/vision is git-ignored): node_modules is their one source.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'resources', 'vision');
const human = join(root, 'node_modules', '@vladmandic', 'human', 'models');
const wasm = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

// Face detector, mesh (box refinement, landmarks), and the models later stages use on passing frames.
const MODELS = ['blazeface', 'facemesh', 'iris', 'antispoof', 'liveness', 'faceres'];
const WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

function copy(from, to) {
  if (!existsSync(from)) {
    console.error(`copy-vision-assets: missing ${from}. Run "npm install" first.`);
    process.exit(1);
  }
  mkdirSync(dirname(to), { recursive: true });
  if (existsSync(to) && statSync(to).size === statSync(from).size) return;
  copyFileSync(from, to);
}

for (const model of MODELS) {
  for (const ext of ['json', 'bin']) copy(join(human, `${model}.${ext}`), join(out, 'models', `${model}.${ext}`));
}
for (const file of WASM) copy(join(wasm, file), join(out, 'wasm', file));
console.log(`copy-vision-assets: ${MODELS.length} models and ${WASM.length} wasm files in ${out}`);
