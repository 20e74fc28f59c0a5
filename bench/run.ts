import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDetectionLoop } from './detection-loop';
import { describeMachine } from './machine';

// `npm run bench`: runs each benchmark, prints the figures, and rewrites bench/RESULTS.md with them,
// the machine, the date and the command. Figures belong here, never in timed test assertions.
const machine = describeMachine();
console.log(`machine: ${machine}`);

const detection = await benchDetectionLoop();
console.log(`detection loop (ms/frame): median ${detection.median}, p95 ${detection.p95} over ${detection.n} frames`);

const rows = [
  '| benchmark | unit | n | median | p95 | min | max |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  `| renderer detection loop in Chromium (Human wasm: detector + mesh), camera obama-1 640x480 | ms/frame | ${detection.n} | ${detection.median} | ${detection.p95} | ${detection.min} | ${detection.max} |`,
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
`;
writeFileSync(join(import.meta.dirname, 'RESULTS.md'), report);
console.log('written bench/RESULTS.md');
