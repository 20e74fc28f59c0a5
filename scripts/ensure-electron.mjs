#!/usr/bin/env node
// @ts-check
/**
 * Puts Electron's binary into node_modules/electron before `npm start` and `npm run dev` launch it.
 *
 * Why: electron 45 has no postinstall, so `npm install` leaves node_modules/electron without dist/
 * and path.txt, and electron-vite reads path.txt itself (it never requires 'electron', which would
 * download) and stops with a bare "Electron uninstall". The download is Electron's own installer,
 * install.js (the `install-electron` bin): it checks the checksum, unpacks, writes path.txt, and
 * honours ELECTRON_MIRROR, electron_config_cache and @electron/get's other settings. This script runs
 * it when the binary is missing and, when that fails, says why in one line and exits 1.
 *
 * Usage: node scripts/ensure-electron.mjs
 * Electron is looked up beside this script (../node_modules/electron), so a test can run a copy of
 * the script against a copy of the package. ELECTRON_EXEC_PATH (electron-vite's override) skips it all.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const INSTALL_TIMEOUT_MS = 20 * 60_000; // about 100 MB; generous for a slow line, but never forever
const PROBE_TIMEOUT_MS = 15_000;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

class EnsureError extends Error {}

const say = (/** @type {string} */ message) => console.log(`facegate: ${message}`);

function electronPackage() {
  let pkg;
  try {
    pkg = require.resolve('electron/package.json');
  } catch {
    throw new EnsureError('the electron package is not installed: run `npm install` first');
  }
  const dir = dirname(pkg);
  return { dir, version: /** @type {{ version: string }} */ (JSON.parse(readFileSync(pkg, 'utf8'))).version };
}

/**
 * The binary electron-vite would start, or null when install.js would download it: the same three
 * conditions as install.js's isInstalled (dist/version is this version, path.txt names a file in dist/).
 */
function installedBinary(/** @type {string} */ dir, /** @type {string} */ version) {
  try {
    const distVersion = readFileSync(join(dir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8'));
    return distVersion === version && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * Runs install.js with its stderr kept (an error stack is not a message for a person), and with
 * @electron/get's debug line that names the URL it fetches, so a failure can say which host.
 */
function runInstaller(/** @type {string} */ dir) {
  const env = { ...process.env, DEBUG: [process.env.DEBUG, '@electron/get:index'].filter(Boolean).join(',') };
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(dir, 'install.js')], {
      env,
      stdio: ['ignore', 'inherit', 'pipe'],
      timeout: INSTALL_TIMEOUT_MS,
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolveRun({ ok: code === 0, stderr, signal }));
  });
}

/** Fetches the URL install.js could not, for the cause undici hides behind "fetch failed". */
async function networkCause(/** @type {string} */ url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    return null; // reachable now: the failure was not the network's
  } catch (error) {
    const cause = /** @type {{ cause?: { message?: string, code?: string } }} */ (error).cause;
    return cause?.message ?? cause?.code ?? /** @type {Error} */ (error).message;
  }
}

/** One line on why install.js failed, from what it printed. */
async function describeFailure(
  /** @type {string} */ stderr,
  /** @type {NodeJS.Signals | null} */ signal,
  /** @type {string} */ version,
) {
  const cannot = `cannot download Electron ${version}`;
  if (signal === 'SIGTERM') return `${cannot} (no answer within ${INSTALL_TIMEOUT_MS / 60_000} minutes)`;
  const http = /HTTPError: Response code (\d+) \(([^)]*)\) for (\S+)/.exec(stderr);
  if (http) {
    const [, status, text, url] = http;
    return `${cannot} (HTTP ${status} ${text} from ${url}): check ELECTRON_MIRROR (or the electron_mirror npm setting)`;
  }
  const url = /Downloading (\S+) to /.exec(stderr)?.[1];
  if (url && /fetch failed/.test(stderr)) {
    const host = new URL(url).host;
    const cause = (await networkCause(url)) ?? 'fetch failed';
    return (
      `${cannot} (${cause}): this machine is offline or cannot reach ${host}; ` +
      'use `npx facegate simulate` to run the kiosk in Chromium instead, or set ELECTRON_MIRROR to a mirror this machine can reach'
    );
  }
  // Anything else (checksum, unpacking, disk): its last line, and where to see the rest.
  const last = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.includes('@electron/get:') && !line.startsWith('at '))
    .pop();
  return `cannot install Electron ${version} (${last ?? 'install.js failed without a message'}): run \`npx install-electron\` for its full output`;
}

async function main() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) {
    if (existsSync(override)) return;
    throw new EnsureError(`ELECTRON_EXEC_PATH names ${override}, which does not exist`);
  }
  const { dir, version } = electronPackage();
  const present = installedBinary(dir, version);
  if (present) {
    say(`Electron ${version} is installed (${relative(root, present)})`);
    return;
  }
  say(`downloading Electron ${version} for ${process.platform}-${process.arch} (once, about 100 MB)`);
  const result = /** @type {{ ok: boolean, stderr: string, signal: NodeJS.Signals | null }} */ (
    await runInstaller(dir)
  );
  if (!result.ok) throw new EnsureError(await describeFailure(result.stderr, result.signal, version));
  const installed = installedBinary(dir, version);
  if (!installed) {
    throw new EnsureError(`install.js reported success but ${join(dir, 'path.txt')} names no binary in dist/`);
  }
  say(`Electron ${version} installed (${relative(root, installed)})`);
}

main().catch((error) => {
  console.error(`facegate: ${error instanceof EnsureError ? error.message : (error?.stack ?? error)}`);
  process.exit(1);
});
