import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/fixtures';

/*
 * scripts/ensure-electron.mjs against a copy of node_modules/electron in a temporary project (the
 * script finds Electron beside itself), with the download pointed at a mirror on 127.0.0.1 through
 * ELECTRON_MIRROR, as @electron/get reads it. The real node_modules/electron is never written.
 */

const realElectron = join(repoRoot, 'node_modules', 'electron');
const VERSION = (JSON.parse(readFileSync(join(realElectron, 'package.json'), 'utf8')) as { version: string }).version;
const ZIP_NAME = `electron-v${VERSION}-${process.platform}-${process.arch}.zip`;
const BINARY = process.platform === 'win32' ? 'electron.exe' : 'electron';

let project: string;
let electronDir: string;

/** A mirror on 127.0.0.1 that logs every request and answers from `files` (404 otherwise). */
async function startMirror(
  files: Record<string, Buffer> = {},
): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = files[req.url ?? ''];
    if (body === undefined) {
      res.writeHead(404).end('not here');
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, server };
}

/** A port nothing listens on: what an unreachable download host looks like, without leaving 127.0.0.1. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs the copied script (asynchronously: the mirror answers from this same process). */
function runScript(mirror: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Nothing from the developer's own npm or Electron settings may redirect the download elsewhere.
    if (value === undefined || /^(npm_config_electron|npm_package_config_electron|electron_)/i.test(key)) continue;
    if (/^(DEBUG|force_no_cache)$/i.test(key)) continue;
    env[key] = value;
  }
  Object.assign(env, { ELECTRON_MIRROR: mirror, electron_config_cache: join(project, 'cache') });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(project, 'scripts', 'ensure-electron.mjs')], { cwd: project, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A zip of stored (uncompressed) entries: enough to stand in for Electron's release zip. */
function storedZip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by Unix, so the mode below is read
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(((0o100755 << 16) >>> 0) as number, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('scripts/ensure-electron.mjs', () => {
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'facegate-ensure-electron-'));
    mkdirSync(join(project, 'scripts'));
    copyFileSync(join(repoRoot, 'scripts', 'ensure-electron.mjs'), join(project, 'scripts', 'ensure-electron.mjs'));
    electronDir = join(project, 'node_modules', 'electron');
    mkdirSync(electronDir, { recursive: true });
    for (const file of ['package.json', 'install.js', 'checksums.json', 'index.js']) {
      copyFileSync(join(realElectron, file), join(electronDir, file));
    }
    // install.js's own dependencies (the downloader and the unzipper), as they are installed.
    for (const scope of ['@electron', '@electron-internal']) {
      // 'junction': a directory link Windows allows without admin rights; elsewhere an ordinary symlink.
      symlinkSync(join(repoRoot, 'node_modules', scope), join(project, 'node_modules', scope), 'junction');
    }
  });

  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('downloads nothing when the binary is already there', async () => {
    mkdirSync(join(electronDir, 'dist'));
    writeFileSync(join(electronDir, 'dist', 'version'), `v${VERSION}`);
    writeFileSync(join(electronDir, 'dist', BINARY), '');
    writeFileSync(join(electronDir, 'path.txt'), BINARY);
    const mirror = await startMirror();
    try {
      const { code, stdout, stderr } = await runScript(mirror.url);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toContain(`Electron ${VERSION} is installed`);
      expect(mirror.requests).toEqual([]);
    } finally {
      mirror.server.close();
    }
  });

  it('downloads and unpacks Electron when it is missing, writing the path.txt electron-vite reads', async () => {
    const zip = storedZip({ [BINARY]: '#!/bin/sh\n', version: VERSION, LICENSE: 'MIT' });
    // The copy's own checksum list, so install.js checks our zip exactly as it checks a real one.
    writeFileSync(
      join(electronDir, 'checksums.json'),
      JSON.stringify({ [ZIP_NAME]: createHash('sha256').update(zip).digest('hex') }),
    );
    const mirror = await startMirror({ [`/v${VERSION}/${ZIP_NAME}`]: zip });
    try {
      const { code, stdout, stderr } = await runScript(mirror.url);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toContain(`downloading Electron ${VERSION}`);
      expect(mirror.requests).toEqual([`/v${VERSION}/${ZIP_NAME}`]);
      expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe(BINARY);
      expect(existsSync(join(electronDir, 'dist', BINARY))).toBe(true);
    } finally {
      mirror.server.close();
    }
  });

  it('says in one line that the machine is offline, and exits 1, when the host cannot be reached', async () => {
    const port = await closedPort();
    const { code, stderr } = await runScript(`http://127.0.0.1:${port}/`);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `facegate: cannot download Electron ${VERSION} (connect ECONNREFUSED 127.0.0.1:${port}): this machine is ` +
        `offline or cannot reach 127.0.0.1:${port}; use \`npx facegate simulate\` to run the kiosk in Chromium ` +
        'instead, or set ELECTRON_MIRROR to a mirror this machine can reach',
    );
    expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
  });

  it('names the HTTP answer and the URL when the mirror has no such file', async () => {
    const mirror = await startMirror();
    try {
      const { code, stderr } = await runScript(mirror.url);
      expect(code).toBe(1);
      const lines = stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(
        `facegate: cannot download Electron ${VERSION} (HTTP 404 Not Found from ${mirror.url}v${VERSION}/${ZIP_NAME}): ` +
          'check ELECTRON_MIRROR (or the electron_mirror npm setting)',
      );
      expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
    } finally {
      mirror.server.close();
    }
  });
});

describe('package.json', () => {
  const scripts = (
    JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;

  it.each(['start', 'dev'])('"%s" makes sure of Electron before anything else', (name) => {
    expect(scripts[name]).toMatch(/^node scripts\/ensure-electron\.mjs && /);
    expect(scripts[name]).toMatch(/electron-vite (preview|dev)/);
  });
});
