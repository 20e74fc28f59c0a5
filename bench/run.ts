import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAdminSave, benchLogLine, benchPinGuess } from './admin';
import { benchIdle, benchTimeToSubmit, benchWithFace } from './detection-loop';
import { benchGrantToRelay } from './grant-to-relay';
import { GALLERY_SCALES, benchEmbedAndEnrol, benchGalleryScale } from './gallery';
import { describeMachine } from './machine';
import { benchAttemptLogWrites, benchVerifyPath } from './verify-path';

// `npm run bench`: runs each benchmark, prints the figures, and rewrites bench/RESULTS.md with them,
// the machine, the date and the command. Figures belong here, never in timed test assertions.
const machine = describeMachine();
console.log(`machine: ${machine}`);

const withFace = await benchWithFace();
const detection = withFace.ms;
console.log(
  `detection loop with a face (ms/frame): median ${detection.median}, p95 ${detection.p95}; ${withFace.fps} fps`,
);
const idle = await benchIdle();
console.log(`idle loop, no face (ms/frame): median ${idle.ms.median}, p95 ${idle.ms.p95}; ${idle.fps} fps`);
const toSubmit = await benchTimeToSubmit();
console.log(`first frame with a face to submission (ms): median ${toSubmit.median}, p95 ${toSubmit.p95}`);

const verify = await benchVerifyPath();
console.log(`verify, client only (ms): median ${verify.client.median}, p95 ${verify.client.p95}`);
console.log(`kiosk attempt incl. SQLite commit (ms): median ${verify.attempt.median}, p95 ${verify.attempt.p95}`);
const writes = benchAttemptLogWrites();
console.log(`attempt log: ${writes.rowsPerSecond} rows/s (median ${writes.msPerRow.median} ms per commit)`);

const relay = await benchGrantToRelay();
console.log(`grant decision to first relay byte (ms): median ${relay.median}, p95 ${relay.p95}`);

const pin = await benchPinGuess();
console.log(`admin PIN guess, scrypt (ms): median ${pin.median}, p95 ${pin.p95}`);
const save = await benchAdminSave();
console.log(`admin save to services rebuilt (ms): median ${save.median}, p95 ${save.p95}`);
const logLine = benchLogLine();
console.log(`operator log line (µs): median ${logLine.median}, p95 ${logLine.p95}`);

const galleries = GALLERY_SCALES.map((templates) => benchGalleryScale(templates));
for (const g of galleries) {
  console.log(
    `gallery 1:N match over ${g.templates} templates (ms): median ${g.match.median}, p95 ${g.match.p95}; ` +
      `open ${g.openMs} ms, +${g.rssMb} MB resident (index ${g.indexMb} MB)`,
  );
}
const faces = await benchEmbedAndEnrol();
console.log(`embedding per photo (ms): median ${faces.embed.median}, p95 ${faces.embed.p95}`);
console.log(`local enrolment of one photo (ms): median ${faces.enrol.median}, p95 ${faces.enrol.p95}`);

const rows = [
  '| benchmark | unit | n | median | p95 | min | max |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  `| renderer loop with a face, Chromium, Human wasm (detector, mesh, anti-spoofing, liveness; gate, light/blur, liveness): ${withFace.fps} fps | ms/frame | ${detection.n} | ${detection.median} | ${detection.p95} | ${detection.min} | ${detection.max} |`,
  `| renderer loop with no face, idle pace (detector only, every 250 ms): ${idle.fps} fps | ms/frame | ${idle.ms.n} | ${idle.ms.median} | ${idle.ms.p95} | ${idle.ms.min} | ${idle.ms.max} |`,
  `| first frame with a face to submission (gate + 1 s of liveness + best of the held frames) | ms | ${toSubmit.n} | ${toSubmit.median} | ${toSubmit.p95} | ${toSubmit.min} | ${toSubmit.max} |`,
  `| one verify, main side: FacekiClient against the loopback fake (${verify.frameBytes}-byte 640x480 JPEG, token cached) | ms | ${verify.client.n} | ${verify.client.median} | ${verify.client.p95} | ${verify.client.min} | ${verify.client.max} |`,
  `| one kiosk attempt, main side: verify + decision + SQLite commit (synchronous=FULL) | ms | ${verify.attempt.n} | ${verify.attempt.median} | ${verify.attempt.p95} | ${verify.attempt.min} | ${verify.attempt.max} |`,
  `| attempt-log write, one committed row (WAL, synchronous=FULL): ${writes.rowsPerSecond} rows/s | ms/row | ${writes.msPerRow.n} | ${writes.msPerRow.median} | ${writes.msPerRow.p95} | ${writes.msPerRow.min} | ${writes.msPerRow.max} |`,
  `| grant decision to the first relay byte read on the far end of a socat PTY (LCUS, includes the SQLite commit) | ms | ${relay.n} | ${relay.median} | ${relay.p95} | ${relay.min} | ${relay.max} |`,
  `| one admin PIN guess (scrypt N=2^15, r=8, p=1): what each guess costs | ms | ${pin.n} | ${pin.median} | ${pin.p95} | ${pin.min} | ${pin.max} |`,
  `| admin save, main side: validate, write settings.json (conf), rebuild the door's services, kiosk answers | ms | ${save.n} | ${save.median} | ${save.p95} | ${save.min} | ${save.max} |`,
  `| one operator log line (redaction, scrubbing, synchronous write with rotation check) | µs | ${logLine.n} | ${logLine.median} | ${logLine.p95} | ${logLine.min} | ${logLine.max} |`,
  ...galleries.map(
    (g) =>
      `| local gallery, one 1:N match over ${g.templates.toLocaleString('en')} templates (${g.people.toLocaleString('en')} people); opened in ${g.openMs} ms, +${g.rssMb} MB resident (descriptors ${g.indexMb} MB) | ms | ${g.match.n} | ${g.match.median} | ${g.match.p95} | ${g.match.min} | ${g.match.max} |`,
  ),
  `| face embedding of one fixture photo, main side (sharp decode, face-api tiny detector, landmarks, descriptor; wasm) | ms | ${faces.embed.n} | ${faces.embed.median} | ${faces.embed.p95} | ${faces.embed.min} | ${faces.embed.max} |`,
  `| local enrolment of one photo into a 1,000-template gallery (embedding, duplicate check, sealed insert committed) | ms | ${faces.enrol.n} | ${faces.enrol.median} | ${faces.enrol.p95} | ${faces.enrol.min} | ${faces.enrol.max} |`,
];

const report = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts); do not edit by hand.

- date: ${new Date().toISOString()}
- command: \`npm run bench\`
- machine: ${machine}

${rows.join('\n')}

How each figure is taken:
- detection loop: the renderer's own \`performance.measure('facegate:detect')\` around Human's
  \`detect()\`, per camera frame, after ${20} warm-up frames, read from the page after the
  run. Headless Debian Chromium, software only (no GPU), fake camera playing a Y4M of obama-1.jpg.
- verify: the fake FACEKI server on 127.0.0.1 answers every /verify from a canned responder, so its
  own face matching is excluded; the figure is the main process's share (image check by decoding,
  multipart upload, schema parse, and for the attempt the SQLite commit), after 10 warm-up calls.
- grant to relay: the verifier answers a match at once; the clock runs from that answer to the
  first byte of the "open" frame arriving at the reader end of the pseudo-terminal pair.
- attempt-log writes: one row per transaction, each durable on return (fsync of the WAL).
- local gallery: synthetic face-api-like descriptors (128 numbers of ±0.1, five per person) sealed
  into a real SQLite file through \`Gallery\`; then, in a fresh Node process (bench/gallery-open.ts),
  \`Gallery.open\` (decrypting every template into one Float32Array) and 200 matches of random
  probes after 20 warm-up ones, as the LocalVerifier asks them (\`within\` maxDistance + margin: a
  row stops once it is farther). Resident memory: that process's RSS growth across the open, after a
  garbage collection; V8 keeps the heap it grew while decrypting, so it exceeds the descriptors
  themselves (templates x 512 bytes). Goal (issue 11): 100,000 templates under 20 ms.
- embedding and enrolment: the real embedder on six fixture photos (424x394 to 970x2204), each
  embedded then enrolled in turn, five rounds after a warm-up round; each enrolment is forgotten
  again so the next round can enrol the same face.
`;
writeFileSync(join(import.meta.dirname, 'RESULTS.md'), report);
console.log('written bench/RESULTS.md');
