import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultSettings } from '../electron/common/settings';
import { FACE_EMBEDDER_MODEL_ID, FaceEmbedder } from '../electron/core/face/face-embedder';
import { enrolLocal } from '../electron/core/gallery/enrolment';
import { Gallery } from '../electron/core/gallery/gallery';
import { fileKeyCipher } from '../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../electron/core/secrets/secret-store';
import { openDatabase } from '../electron/core/storage/database';
import { readFixture } from '../test/support/fixtures';
import { stats, type Stats } from './machine';

/** Templates per synthetic person: a kiosk enrols a few good frames of each. */
const TEMPLATES_PER_PERSON = 5;
export const GALLERY_SCALES = [1_000, 10_000, 100_000] as const;

/** To 0.01 ms: a 1:N match over 1 000 templates takes a fraction of a millisecond. */
const fineStats = (samples: number[]): Stats => stats(samples, 2);

/** Face-api-like descriptors: 128 numbers of about ±0.1, so unrelated ones lie about 0.9 apart like real impostors. */
function randomDescriptor(): Float32Array {
  const out = new Float32Array(128);
  for (let i = 0; i < out.length; i++) out[i] = (Math.random() - 0.5) * 0.2;
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function tempStore(dir: string) {
  return new FileSecretStore(join(dir, 'secrets.json'), fileKeyCipher(join(dir, 'secrets.key')));
}

export interface GalleryScaleResult {
  templates: number;
  people: number;
  match: Stats;
  /** Gallery.open: reading and decrypting every template into the index. */
  openMs: number;
  /** Resident memory added by Gallery.open in a fresh process, after a garbage collection. */
  rssMb: number;
  /** The descriptors' own array: templates x 128 x 4 bytes. */
  indexMb: number;
}

/**
 * 1:N match time and memory at a given number of synthetic templates, through the real Gallery: a
 * SQLite file of sealed templates is written here, then opened (decrypted into the index) and
 * matched in a fresh process (gallery-open.ts), whose resident memory is the gallery's alone.
 */
export function benchGalleryScale(templates: number, probes = 200, warmup = 20): GalleryScaleResult {
  const dir = mkdtempSync(join(tmpdir(), 'facegate-bench-gallery-'));
  try {
    const db = openDatabase(join(dir, 'facegate.db'));
    const writer = Gallery.open(db, tempStore(dir), FACE_EMBEDDER_MODEL_ID);
    const people = Math.ceil(templates / TEMPLATES_PER_PERSON);
    // One outer transaction (each add is a savepoint in it): one fsync instead of 20 000.
    db.transaction(() => {
      for (let p = 0; p < people; p++) {
        const count = Math.min(TEMPLATES_PER_PERSON, templates - p * TEMPLATES_PER_PERSON);
        writer.add({ name: `Person ${p}` }, Array.from({ length: count }, randomDescriptor));
      }
    })();
    db.close();

    // The same Node and loader (tsx) as this process.
    const child = join(import.meta.dirname, 'gallery-open.ts');
    const out = execFileSync(
      process.execPath,
      [...process.execArgv, '--expose-gc', child, dir, String(probes), String(warmup)],
      {
        encoding: 'utf8',
        maxBuffer: 16 * 2 ** 20,
      },
    );
    const result = JSON.parse(out.trim().split('\n').at(-1) as string) as {
      openMs: number;
      rssBeforeMb: number;
      rssAfterMb: number;
      templates: number;
      samples: number[];
    };
    if (result.templates !== templates) throw new Error(`gallery holds ${result.templates}, expected ${templates}`);
    return {
      templates,
      people,
      match: fineStats(result.samples),
      openMs: Math.round(result.openMs),
      rssMb: round1(result.rssAfterMb - result.rssBeforeMb),
      indexMb: round1((templates * 128 * 4) / 2 ** 20),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface EmbedEnrolResult {
  /** FaceEmbedder.describe of one fixture photo: decode, detect, landmarks, descriptor. */
  embed: Stats;
  /** enrolLocal of one photo into a gallery of 1 000 templates: embed, duplicate check, sealed insert committed. */
  enrol: Stats;
}

/** Embedding and enrolment with the real embedder on six fixture photos, after one warm-up round. */
export async function benchEmbedAndEnrol(rounds = 5): Promise<EmbedEnrolResult> {
  const embedder = await FaceEmbedder.load();
  const photos = ['obama-1.jpg', 'obama-2.jpg', 'biden-1.jpg', 'vlado-1.jpg', 'vlado-2.jpg', 'alex-lacamoire-1.png'];
  const images = photos.map((p) => readFixture(p));
  const dir = mkdtempSync(join(tmpdir(), 'facegate-bench-enrol-'));
  try {
    const db = openDatabase(join(dir, 'facegate.db'));
    const gallery = Gallery.open(db, tempStore(dir), FACE_EMBEDDER_MODEL_ID);
    db.transaction(() => {
      for (let p = 0; p < 200; p++) gallery.add({ name: `Person ${p}` }, Array.from({ length: 5 }, randomDescriptor));
    })();
    const local = defaultSettings().local;
    const embed: number[] = [];
    const enrol: number[] = [];
    // Embeddings and enrolments take turns, so both figures see the same machine; each enrols another
    // photo than the one just embedded (the backend is quicker on an image of the size it just had).
    for (let r = 0; r < rounds + 1; r++) {
      for (const [i, image] of images.entries()) {
        let start = performance.now();
        await embedder.describe(image);
        if (r > 0) embed.push(performance.now() - start);
        const j = (i + 3) % images.length;
        start = performance.now();
        const person = await enrolLocal(gallery, embedder, local, { name: photos[j] as string }, [
          images[j] as Uint8Array,
        ]);
        if (r > 0) enrol.push(performance.now() - start);
        // Forgotten again, so the next round enrols the same face without ALREADY_ENROLLED.
        gallery.forget(person.id);
      }
    }
    db.close();
    return { embed: fineStats(embed), enrol: fineStats(enrol) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
