#!/usr/bin/env node
// `npm test`: type-check, lint, build, vitest, Playwright — every stage runs even if one before it
// failed, so one run shows everything that is wrong. Ends with the one line CI reads:
// `tests: N passed, N failed` over vitest and Playwright together (a failed type-check or lint
// stage counts as one failed test, so it can never hide behind green tests).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const vitestJson = join(results, 'vitest.json');
const playwrightJson = join(results, 'playwright.json');
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const stages = [];

function run(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  stages.push({ name, ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  return status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

for (const [name, args] of [
  ['typecheck', ['run', 'typecheck']],
  ['lint', ['run', 'lint']],
]) {
  if (!run(name, npm, args)) totals.failed += 1;
}

// vitest's CLI tests and Playwright both run the built renderer and CLI.
if (!run('build', npm, ['run', 'build'])) totals.failed += 1;

const vitestOk = run('vitest', npx, [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const vitest = readJson(vitestJson);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
  // A file that failed to load has no tests in the counts: still a failure.
  if (!vitestOk && vitest.numFailedTests === 0) totals.failed += 1;
} else {
  totals.failed += 1;
}

const playwrightOk = run('playwright', npx, ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightJson,
});
const playwright = existsSync(playwrightJson) ? readJson(playwrightJson) : null;
if (playwright?.stats) {
  totals.passed += playwright.stats.expected + playwright.stats.flaky;
  totals.failed += playwright.stats.unexpected;
  totals.skipped += playwright.stats.skipped;
  if (!playwrightOk && playwright.stats.unexpected === 0) totals.failed += 1;
} else {
  totals.failed += 1;
}

// CI keeps only the end of the output: name each failed test here with the first lines of its error,
// so the cause of a red run is readable from the tail alone.
const firstLines = (text, n = 4) =>
  String(text ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, n);
const failures = [];
for (const file of vitest?.testResults ?? []) {
  for (const t of file.assertionResults ?? []) {
    if (t.status === 'failed')
      failures.push({ name: `${file.name.replace(`${root}/`, '')} › ${t.fullName}`, error: t.failureMessages?.[0] });
  }
  if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
    failures.push({ name: file.name.replace(`${root}/`, ''), error: file.message });
  }
}
function playwrightFailures(suite, trail) {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      if (t.status !== 'unexpected') continue;
      const last = t.results?.at(-1);
      failures.push({
        name: `${spec.file}:${spec.line} › ${[...trail, spec.title].join(' › ')}`,
        error: last?.error?.message,
      });
    }
  }
  for (const child of suite.suites ?? [])
    playwrightFailures(child, suite.title && !suite.title.endsWith('.ts') ? [...trail, suite.title] : trail);
}
for (const suite of playwright?.suites ?? []) playwrightFailures(suite, []);

console.log('\n=== summary');
for (const f of failures.slice(0, 20)) {
  console.log(`FAIL ${f.name}`);
  for (const line of firstLines(f.error)) console.log(`     ${line.slice(0, 300)}`);
}
if (failures.length > 20) console.log(`...and ${failures.length - 20} more failed tests`);
for (const s of stages) console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds} s)`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed === 0 && stages.every((s) => s.ok) ? 0 : 1;
