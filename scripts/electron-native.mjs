#!/usr/bin/env node
// @ts-check
/**
 * Makes the Electron-ABI build of better-sqlite3 at .native/electron/better_sqlite3.node.
 *
 * Why a separate binary: node_modules/better-sqlite3 stays built for Node so vitest, the CLI and the
 * Node host keep working; Electron loads this one through better-sqlite3's nativeBinding option
 * (electron/main/services.ts), and electron-builder ships it as resources/native (electron-builder.yml).
 *
 * Usage: node scripts/electron-native.mjs [--force] [--platform=linux] [--arch=x64]
 * Needs the network (GitHub for a prebuilt binary, or electronjs.org for headers to compile one).
 * Without it, it fails within seconds and says so, rather than hanging or building the wrong ABI.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const PREBUILD_TIMEOUT_MS = 90_000; // one download of a few MB
const HEADERS_PROBE_TIMEOUT_MS = 10_000; // is electronjs.org reachable at all?
const COMPILE_TIMEOUT_MS = 15 * 60_000; // SQLite compiles in about a minute on 2 cores; leave room
const HEADERS_URL = 'https://electronjs.org/headers';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.native', 'electron');
const outFile = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'stamp.json');
const require = createRequire(join(root, 'package.json'));

class NativeBuildError extends Error {}

const readJson = (/** @type {string} */ path) => JSON.parse(readFileSync(path, 'utf8'));
const say = (/** @type {string} */ message) => console.log(`electron-native: ${message}`);

/** Reads versions from package.json files only: require('electron') would try to download Electron. */
function describeTarget() {
  const { values } = parseArgs({
    options: { force: { type: 'boolean' }, platform: { type: 'string' }, arch: { type: 'string' } },
  });
  let electronPkg;
  try {
    electronPkg = require.resolve('electron/package.json');
  } catch {
    throw new NativeBuildError('the electron package is not installed: run `npm install` first');
  }
  const sqlitePkg = require.resolve('better-sqlite3/package.json');
  const electron = readJson(electronPkg).version;
  const abiFile = join(dirname(electronPkg), 'abi_version');
  return {
    force: values.force ?? false,
    stamp: {
      electron,
      platform: values.platform ?? process.platform,
      arch: values.arch ?? process.arch,
      betterSqlite3: readJson(sqlitePkg).version,
    },
    abi: existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : null,
    sqliteDir: dirname(sqlitePkg),
  };
}

function isUpToDate(/** @type {Record<string, string>} */ stamp) {
  if (!existsSync(outFile) || !existsSync(stampFile)) return false;
  try {
    return JSON.stringify(readJson(stampFile)) === JSON.stringify(stamp);
  } catch {
    return false;
  }
}

/**
 * npm passes .npmrc settings to children as npm_config_* variables; this machine's nodedir=/usr would
 * make node-gyp compile against Node's own headers and silently produce a Node binary (PLATFORM.md).
 */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|platform|devdir|build_from_source)$/i.test(key)) {
      delete env[key];
    }
  }
  return env;
}

/** Runs a Node script with a deadline; returns a one-line reason on failure, null on success. */
function run(
  /** @type {string} */ script,
  /** @type {string[]} */ args,
  /** @type {string} */ cwd,
  /** @type {number} */ timeout,
) {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd,
    env: cleanEnv(),
    timeout,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) {
    const timedOut = /** @type {NodeJS.ErrnoException} */ (result.error).code === 'ETIMEDOUT';
    return timedOut ? `timed out after ${timeout / 1000} s` : result.error.message;
  }
  if (result.status === 0) return null;
  const output = `${result.stderr}\n${result.stdout}`.trim().split('\n');
  return `exit ${result.status ?? result.signal}: ${output.slice(-6).join(' | ')}`;
}

function tryPrebuilt(
  /** @type {string} */ pkgDir,
  /** @type {string} */ sqliteDir,
  /** @type {Record<string, string>} */ stamp,
) {
  // Resolved from the installed package (the copy has no node_modules), run in the copy.
  const prebuildPkg = createRequire(join(sqliteDir, 'package.json')).resolve('prebuild-install/package.json');
  const bin = join(dirname(prebuildPkg), readJson(prebuildPkg).bin);
  say(`fetching a prebuilt binary for Electron ${stamp.electron} (${stamp.platform}-${stamp.arch})`);
  return run(
    bin,
    [
      '--runtime=electron',
      `--target=${stamp.electron}`,
      `--arch=${stamp.arch}`,
      `--platform=${stamp.platform}`,
      '--verbose',
    ],
    pkgDir,
    PREBUILD_TIMEOUT_MS,
  );
}

async function compile(/** @type {string} */ pkgDir, /** @type {Record<string, string>} */ stamp) {
  if (stamp.platform !== process.platform) {
    return `cannot compile for ${stamp.platform} on ${process.platform}; run this script on a ${stamp.platform} machine`;
  }
  // Probe first: node-gyp's own failure to download headers is slow and buried in pages of output.
  const headers = `${HEADERS_URL}/v${stamp.electron}/node-v${stamp.electron}-headers.tar.gz`;
  try {
    const response = await fetch(headers, { method: 'HEAD', signal: AbortSignal.timeout(HEADERS_PROBE_TIMEOUT_MS) });
    if (!response.ok) return `Electron headers not available: HEAD ${headers} answered ${response.status}`;
  } catch (error) {
    const cause =
      /** @type {{ cause?: { code?: string } }} */ (error).cause?.code ?? /** @type {Error} */ (error).message;
    return `cannot reach ${HEADERS_URL} to download Electron headers (${cause})`;
  }
  const gypPkg = require.resolve('node-gyp/package.json');
  const bin = join(dirname(gypPkg), readJson(gypPkg).bin['node-gyp'] ?? 'bin/node-gyp.js');
  say(`compiling against Electron ${stamp.electron} headers (about a minute)`);
  return run(
    bin,
    [
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${stamp.electron}`,
      `--arch=${stamp.arch}`,
      `--dist-url=${HEADERS_URL}`,
      // Keep Electron's headers apart from Node's, so neither build ever picks up the other's.
      `--devdir=${join(root, '.native', 'gyp')}`,
    ],
    pkgDir,
    COMPILE_TIMEOUT_MS,
  );
}

/**
 * Loads the binary in plain Node: an Electron build must be refused with Electron's module version.
 * If Node accepts it, the build went to the wrong headers (the nodedir trap) and must not be shipped.
 */
function checkAbi(
  /** @type {string} */ file,
  /** @type {string | null} */ abi,
  /** @type {Record<string, string>} */ stamp,
) {
  if (stamp.platform !== process.platform || stamp.arch !== process.arch || abi === null) return;
  const probe = spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], {
    encoding: 'utf8',
  });
  if (probe.status === 0) {
    throw new NativeBuildError(
      `${basename(file)} loads in Node ${process.version}: it was built for Node, not Electron`,
    );
  }
  const found = /NODE_MODULE_VERSION (\d+)/.exec(probe.stderr)?.[1];
  if (found !== abi) {
    throw new NativeBuildError(
      `${basename(file)} has module version ${found ?? 'unknown'}, Electron ${stamp.electron} needs ${abi}`,
    );
  }
}

async function main() {
  const target = describeTarget();
  const { stamp } = target;
  if (!target.force && isUpToDate(stamp)) {
    say(`up to date (${outFile}, Electron ${stamp.electron} ${stamp.platform}-${stamp.arch})`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'facegate-native-'));
  try {
    // A copy, so node_modules' Node build is never touched; its build/ is left behind on purpose.
    const pkgDir = join(work, 'better-sqlite3');
    cpSync(target.sqliteDir, pkgDir, {
      recursive: true,
      filter: (src) => !/[\\/](build|node_modules)$/.test(src.slice(target.sqliteDir.length)),
    });
    const built = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
    const prebuiltFailure = tryPrebuilt(pkgDir, target.sqliteDir, stamp);
    if (prebuiltFailure) {
      say('no prebuilt binary; trying to compile');
      const compileFailure = await compile(pkgDir, stamp);
      if (compileFailure) {
        throw new NativeBuildError(
          `could not build better-sqlite3 for Electron ${stamp.electron} (${stamp.platform}-${stamp.arch}).\n` +
            `  prebuilt: ${prebuiltFailure}\n  compile:  ${compileFailure}\n` +
            `Run this on a machine that can reach github.com or electronjs.org, or copy a matching build to ${outFile}.`,
        );
      }
    }
    if (!existsSync(built)) throw new NativeBuildError(`the build reported success but ${built} is missing`);
    checkAbi(built, target.abi, stamp);
    mkdirSync(outDir, { recursive: true });
    copyFileSync(built, outFile);
    writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
    say(`wrote ${outFile}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`electron-native: ${error instanceof NativeBuildError ? error.message : (error?.stack ?? error)}`);
  process.exit(1);
});
