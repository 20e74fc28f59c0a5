import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { Configuration, FileSet } from 'electron-builder';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/fixtures';

/**
 * The packaging config, checked here because packaging itself cannot run on these machines (it
 * downloads Electron, PLATFORM.md). electron-builder's own loader reads the YAML and resolves
 * `extends`, and its own schema validation judges the result: the same two steps `electron-builder`
 * takes before it downloads anything. The file patterns go through its own matchers, so "is this file
 * in the package" is answered the way a real packaging run answers it.
 */

// app-builder-lib is electron-builder's engine; reached through electron-builder so the test always
// checks against the copy that will package. Its internals are typed here by the little we call.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));

interface DebugLoggerLike {
  readonly isEnabled: boolean;
  add(key: string, value: unknown): void;
}
interface ConfigModule {
  getConfig(
    projectDir: string,
    configPath: string | null,
    configFromOptions: Configuration | null,
  ): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: DebugLoggerLike): Promise<void>;
}
interface PathStat {
  isDirectory(): boolean;
  isFile(): boolean;
  /** Set for files inside node_modules: electron-builder matches those by their place in the package. */
  moduleFullFilePath?: string;
}
interface FileMatcherLike {
  readonly patterns: string[];
  createFilter(): (file: string, stat: PathStat) => boolean;
}
type MacroExpander = (pattern: string) => string;
interface FileMatcherModule {
  FileMatcher: new (from: string, to: string, expand: MacroExpander, patterns?: string[]) => FileMatcherLike;
  getFileMatchers(
    config: Configuration,
    name: 'files' | 'asarUnpack',
    destination: string,
    options: { macroExpander: MacroExpander; customBuildOptions: object; globalOutDir: string; defaultSrc: string },
  ): FileMatcherLike[] | null;
  getNodeModuleFileMatcher(
    appDir: string,
    destination: string,
    expand: MacroExpander,
    platformOptions: object,
    packager: { config: Configuration; debugLogger: DebugLoggerLike },
  ): FileMatcherLike;
}

const { getConfig, validateConfiguration } = builderRequire(
  'app-builder-lib/out/util/config/config.js',
) as ConfigModule;
const fileMatchers = builderRequire('app-builder-lib/out/fileMatcher.js') as FileMatcherModule;
const builderUtil = createRequire(builderRequire.resolve('app-builder-lib/package.json'))('builder-util') as {
  setPrinter(printer: ((message: string) => void) | null): void;
};

const MAIN_CONFIG = 'electron-builder.yml';
const TEST_CONFIG = 'electron-builder.test.yml';
const quietLogger: DebugLoggerLike = { isEnabled: false, add: () => undefined };
const identity: MacroExpander = (pattern) => pattern;
/** Where electron-builder puts the app inside an unpacked build; the patterns never depend on it. */
const APP_DEST = join(tmpdir(), 'facegate-pack', 'resources', 'app');

const load = (file: string, projectDir = repoRoot): Promise<Configuration> => getConfig(projectDir, file, null);
const validate = (config: Configuration): Promise<void> => validateConfiguration(config, quietLogger);
const asList = <T>(value: T | T[] | null | undefined): T[] =>
  value == null ? [] : Array.isArray(value) ? value : [value];

const fileStat = (moduleFullFilePath?: string): PathStat => ({
  isDirectory: () => false,
  isFile: () => true,
  ...(moduleFullFilePath === undefined ? {} : { moduleFullFilePath }),
});

/** Would electron-builder put this repo file (posix path from the root) into the app, outside node_modules? */
function appFileFilter(config: Configuration): (path: string) => boolean {
  const matchers = fileMatchers.getFileMatchers(config, 'files', APP_DEST, {
    macroExpander: identity,
    customBuildOptions: config.linux ?? {},
    globalOutDir: join(repoRoot, 'release'),
    defaultSrc: repoRoot,
  });
  const filter = matchers?.[0]?.createFilter();
  if (!filter) throw new Error('no `files` patterns');
  return (path) => filter(join(repoRoot, path), fileStat());
}

/** Would electron-builder copy this file of a production dependency ("sharp/lib/index.js")? */
function moduleFileFilter(config: Configuration): (path: string) => boolean {
  const moduleMatcher = fileMatchers.getNodeModuleFileMatcher(repoRoot, APP_DEST, identity, config.linux ?? {}, {
    config,
    debugLogger: quietLogger,
  });
  return (path) => {
    const file = join(repoRoot, 'node_modules', path);
    const filter = new fileMatchers.FileMatcher(join(repoRoot, 'node_modules'), APP_DEST, identity, [
      ...moduleMatcher.patterns,
    ]).createFilter();
    return filter(file, fileStat(join(APP_DEST, 'node_modules', path)));
  };
}

/** Would this packaged file (posix path inside the app) be left outside the asar? */
function unpackFilter(config: Configuration): (path: string) => boolean {
  const matcher = fileMatchers.getFileMatchers(config, 'asarUnpack', APP_DEST, {
    macroExpander: identity,
    customBuildOptions: config.linux ?? {},
    globalOutDir: join(repoRoot, 'release'),
    defaultSrc: repoRoot,
  })?.[0];
  const filter = matcher?.createFilter();
  if (!filter) throw new Error('no `asarUnpack` patterns');
  return (path) =>
    filter(
      join(repoRoot, path),
      fileStat(path.startsWith('node_modules/') ? join(APP_DEST, ...path.split('/')) : undefined),
    );
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** Package names that main-process code loads at run time: they must be in the package. */
function mainProcessPackages(): Set<string> {
  const sources = ['main', 'core', 'common'].flatMap((dir) =>
    listFiles(join(repoRoot, 'electron', dir)).filter((file) => file.endsWith('.ts')),
  );
  const found = new Set<string>();
  for (const file of sources) {
    const code = readFileSync(join(repoRoot, file), 'utf8')
      // Types vanish in the build: `import type` and `typeof import(...)` load nothing.
      .replace(/^\s*(import|export)\s+type\b[^;]*;/gm, '')
      .replace(/typeof\s+import\(\s*'[^']*'\s*\)/g, '')
      .replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
    for (const [, specifier] of code.matchAll(
      /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\.resolve\s*\(\s*)'([^'.][^']*)'/g,
    )) {
      if (!specifier || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const parts = specifier.split('/');
      found.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
    }
  }
  found.delete('electron'); // the runtime itself
  return found;
}

let main: Configuration;
let testBuild: Configuration;

beforeAll(async () => {
  // electron-builder logs every config file it loads; the assertions say everything that matters.
  builderUtil.setPrinter(() => undefined);
  main = await load(MAIN_CONFIG);
  testBuild = await load(TEST_CONFIG);
});

afterAll(() => builderUtil.setPrinter(null));

describe("electron-builder's own validation", () => {
  it('accepts the kiosk config', async () => {
    await expect(validate(await load(MAIN_CONFIG))).resolves.toBeUndefined();
  });

  it('accepts the test config once its `extends` is resolved', async () => {
    const config = await load(TEST_CONFIG);
    expect(config.appId).toBe('com.facegate.kiosk'); // inherited: the parent was really read
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('rejects an unknown fuse name (a typo would silently leave the fuse at its default)', async () => {
    const config = await load(MAIN_CONFIG);
    const broken = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } } as Configuration;
    // electron-builder reports the enclosing option (fuses object or null), not the key itself.
    await expect(validate(broken)).rejects.toThrow(/configuration\.electronFuses should be/);
  });

  it('rejects a value of the wrong type', async () => {
    const broken = { ...(await load(MAIN_CONFIG)), asar: 'sometimes' } as unknown as Configuration;
    await expect(validate(broken)).rejects.toThrow(/configuration\.asar/);
  });

  it('rejects a broken config file that extends the kiosk config, the way the test config does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'facegate-builder-config-'));
    try {
      const file = join(dir, 'broken.yml');
      writeFileSync(
        file,
        `extends: ${JSON.stringify(join(repoRoot, MAIN_CONFIG))}\nelectronFuse:\n  runAsNode: true\n`,
      );
      const config = await load(file, dir);
      expect(config.productName).toBe('facegate');
      await expect(validate(config)).rejects.toThrow(/unknown property 'electronFuse'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the kiosk package', () => {
  it('is one app id with installers for each platform', () => {
    expect(main.appId).toBe('com.facegate.kiosk');
    expect(main.productName).toBe('facegate');
    expect(main.linux?.target).toEqual(['AppImage', 'deb']);
    expect(main.win?.target).toEqual(['nsis']);
    expect(main.mac?.target).toEqual(['dmg']);
    expect(main.directories?.output).toBe('release');
  });

  it('has what a .deb refuses to build without: a maintainer and a homepage', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { homepage?: string };
    expect(main.linux?.maintainer).toMatch(/^.+ <[^@\s]+@[^>\s]+>$/);
    expect(main.extraMetadata?.homepage ?? pkg.homepage).toMatch(/^https:\/\//);
  });

  it('flips the fuses that close other ways into the kiosk', () => {
    expect(main.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
    // Fuses only exist inside an asar build; integrity validation needs one.
    expect(main.asar).toBe(true);
  });

  it('has an icon electron-builder can turn into .icns, .ico and a Linux set (square PNG, >= 512 px)', async () => {
    const icons = [main.icon, main.linux?.icon, main.win?.icon, main.mac?.icon].filter(
      (icon): icon is string => typeof icon === 'string',
    );
    expect(icons[0]).toBe('resources/icons/icon.png');
    for (const icon of icons) {
      const file = join(repoRoot, icon);
      expect(existsSync(file), `${icon} exists`).toBe(true);
      const { format, width = 0, height = 0 } = await sharp(file).metadata();
      expect(format).toBe('png');
      expect(width).toBeGreaterThanOrEqual(512);
      expect(height).toBe(width);
    }
  });

  it('ships the Electron-ABI better-sqlite3 where main looks for it, and rebuilds nothing', () => {
    expect(main.npmRebuild).toBe(false);
    const native = asList(main.extraResources).filter((entry): entry is FileSet => typeof entry === 'object');
    expect(native).toContainEqual({ from: '.native/electron/better_sqlite3.node', to: 'native/better_sqlite3.node' });
    // The two ends of that path: scripts/electron-native.mjs writes it, electron/main/services.ts reads it.
    expect(readFileSync(join(repoRoot, 'scripts', 'electron-native.mjs'), 'utf8')).toMatch(
      /join\(root, '\.native', 'electron'\)[\s\S]*'better_sqlite3\.node'/,
    );
    expect(readFileSync(join(repoRoot, 'electron', 'main', 'services.ts'), 'utf8')).toContain(
      "join(process.resourcesPath, 'native', 'better_sqlite3.node')",
    );
  });
});

describe('what goes into the package', () => {
  it('takes the built app, and neither sources, tests, the CLI nor the loose native binary', () => {
    const included = appFileFilter(main);
    for (const path of [
      'package.json',
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'out/renderer/models/blazeface.json',
      'out/renderer/models/faceres.bin',
      'out/renderer/wasm/tfjs-backend-wasm-simd.wasm',
    ]) {
      expect(included(path), `${path} is packaged`).toBe(true);
    }
    for (const path of [
      'out/cli/run.js',
      'electron/main/index.ts',
      'renderer/src/main.ts',
      'test/unit/common/contract.test.ts',
      'resources/vision/models/blazeface.bin',
      '.native/electron/better_sqlite3.node',
      'README.md',
    ]) {
      expect(included(path), `${path} stays out`).toBe(false);
    }
  });

  it('puts the models and .wasm where the renderer is built to, under out/**', async () => {
    // copy-vision-assets.mjs fills resources/vision; electron-vite copies that public folder into
    // out/renderer, which main serves over app:// (models/ and wasm/ beside index.html).
    const { default: viteConfig } = (await import('../../../electron.vite.config')) as {
      default: { renderer?: { publicDir?: string; build?: { outDir?: string } } };
    };
    expect(viteConfig.renderer?.publicDir).toBe(join(repoRoot, 'resources', 'vision'));
    expect(viteConfig.renderer?.build?.outDir).toBe(join(repoRoot, 'out', 'renderer'));
    // electron-builder's loader folds the pattern list into one file set rooted at the app.
    const patterns = asList(main.files).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : entry.from == null ? asList(entry.filter) : [],
    );
    expect(patterns).toContain('out/**');
  });

  const built = listFiles(join(repoRoot, 'out', 'renderer'));
  it.skipIf(built.length === 0)('packages every file of the built renderer, models and wasm included', () => {
    expect(built.filter((file) => /^out\/renderer\/models\/.+\.(json|bin)$/.test(file)).length).toBeGreaterThan(0);
    expect(built.filter((file) => /^out\/renderer\/wasm\/.+\.wasm$/.test(file)).length).toBeGreaterThan(0);
    const included = appFileFilter(main);
    expect(built.filter((file) => !included(file))).toEqual([]);
  });

  it('keeps every package main loads at run time, as a production dependency', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const kept = moduleFileFilter(main);
    const used = [...mainProcessPackages()];
    expect(used).toContain('better-sqlite3'); // the scan sees imports at all
    for (const name of used) {
      // devDependencies are not packaged: a main-process import of one fails only in the installed app.
      expect(Object.keys(pkg.dependencies), `${name} is a dependency`).toContain(name);
      expect(kept(`${name}/package.json`), `${name} is packaged`).toBe(true);
    }
    expect(kept('better-sqlite3/lib/index.js')).toBe(true);
    expect(kept('@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.18.7')).toBe(true);
  });

  it('trims what main never loads from the production node_modules', () => {
    const kept = moduleFileFilter(main);
    expect(kept('@vladmandic/human/package.json')).toBe(false);
    expect(kept('@vladmandic/human/models/faceres.bin')).toBe(false);
    expect(kept('playwright-core/lib/coreBundle.js')).toBe(false);
    expect(kept('better-sqlite3/build/Release/better_sqlite3.node')).toBe(false);
    expect(kept('better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false);
    expect(kept('@tensorflow/tfjs/dist/tf.node.js.map')).toBe(false);
    expect(kept('@tensorflow/tfjs/dist/tf.node.js')).toBe(true);
  });

  it('leaves native code outside the asar, sharp with its libvips, and the models inside', () => {
    const unpacked = unpackFilter(main);
    expect(
      unpacked('node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/@serialport+bindings-cpp.glibc.node'),
    ).toBe(true);
    expect(unpacked('node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node')).toBe(true);
    // electron-builder's automatic unpacking misses this name on Linux (it does not end in .so).
    expect(unpacked('node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.18.7')).toBe(true);
    expect(unpacked('out/renderer/models/faceres.bin')).toBe(false);
    expect(unpacked('out/main/index.js')).toBe(false);
  });
});

describe('the test build for Playwright', () => {
  it('differs from the kiosk only in its output folder and the one fuse Playwright needs', () => {
    const differing = [...new Set([...Object.keys(main), ...Object.keys(testBuild)])].filter(
      (key) =>
        JSON.stringify(main[key as keyof Configuration]) !== JSON.stringify(testBuild[key as keyof Configuration]),
    );
    expect(differing.sort()).toEqual(['directories', 'electronFuses', 'extends']);
    expect(testBuild.directories?.output).toBe('release/test');
    expect(testBuild.electronFuses).toEqual({ ...main.electronFuses, enableNodeCliInspectArguments: true });
  });

  it("matches what playwright-core's Electron launcher does: --inspect, and no ELECTRON_RUN_AS_NODE", () => {
    // If Playwright ever stops attaching through --inspect, the opened fuse should close again; if it
    // starts using ELECTRON_RUN_AS_NODE, the test build needs runAsNode too.
    const lib = join(repoRoot, 'node_modules', 'playwright-core', 'lib');
    const sources = listFiles(lib)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(repoRoot, file), 'utf8'));
    const launcher = sources.filter((code) => /electronArguments\s*=\s*\[\s*"--inspect=0"/.test(code));
    expect(launcher.length, 'the launcher passes --inspect=0').toBeGreaterThan(0);
    expect(sources.some((code) => code.includes('ELECTRON_RUN_AS_NODE'))).toBe(false);
  });

  it('is built by `npm run package:test`, unpacked, from the test config', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['package:test']).toMatch(/electron-builder --config electron-builder\.test\.yml --dir$/);
    expect(pkg.scripts.package).toMatch(/electron-builder$/);
  });
});
