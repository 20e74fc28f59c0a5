// Child of bench/gallery.ts: opens a gallery built by the parent in a fresh process, so the resident
// memory it reports is the gallery's own (after a garbage collection) and not what building the file
// left behind, then times matches. Prints one JSON line: { openMs, rssBeforeMb, rssAfterMb, samples }.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultSettings } from '../electron/common/settings';
import { FACE_EMBEDDER_MODEL_ID } from '../electron/core/face/face-embedder';
import { Gallery } from '../electron/core/gallery/gallery';
import { fileKeyCipher } from '../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../electron/core/secrets/secret-store';
import { openDatabase } from '../electron/core/storage/database';

const [dir = '', probesArg = '200', warmupArg = '20'] = process.argv.slice(2);
const probes = Number(probesArg);
const warmup = Number(warmupArg);

function randomDescriptor(): Float32Array {
  const out = new Float32Array(128);
  for (let i = 0; i < out.length; i++) out[i] = (Math.random() - 0.5) * 0.2;
  return out;
}
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

const secrets = new FileSecretStore(join(dir, 'secrets.json'), fileKeyCipher(join(dir, 'secrets.key')));
const db = openDatabase(join(dir, 'facegate.db'));
const rssBeforeMb = rssMb();
const started = performance.now();
const gallery = Gallery.open(db, secrets, FACE_EMBEDDER_MODEL_ID);
const openMs = performance.now() - started;
// What stays once decrypting's garbage is collected (the child runs with --expose-gc).
(globalThis as { gc?: () => void }).gc?.();
const rssAfterMb = rssMb();

// As the LocalVerifier asks: nobody beyond maxDistance + margin can change its decision.
const { maxDistance, margin } = defaultSettings().local;
const within = maxDistance + margin;
const samples: number[] = [];
for (let i = 0; i < warmup + probes; i++) {
  const probe = randomDescriptor();
  const start = performance.now();
  gallery.match(probe, { within });
  if (i >= warmup) samples.push(performance.now() - start);
}
const { templates } = gallery.size();
db.close();
console.log(JSON.stringify({ openMs, rssBeforeMb, rssAfterMb, templates, samples }));
