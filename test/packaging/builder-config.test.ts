/**
 * The installer configuration (electron-builder.yml), checked without building:
 * these machines cannot download Electron, so `npm run dist` cannot run here.
 * Schema, fuses, targets, icons, and exactly which files would ship.
 */
import { globSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { join, matchesGlob } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ICON_SIZES, ICON_SOURCE, renderIcon } from '../../scripts/generate-icons.ts';

const root = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  readonly appId: string;
  readonly productName: string;
  readonly directories: { output: string; buildResources: string };
  readonly files: readonly string[];
  readonly asarUnpack: readonly string[];
  readonly electronFuses: Record<string, boolean>;
  readonly publish: null;
  readonly linux: { target: readonly string[]; icon: string };
  readonly mac: { target: readonly { target: string; arch: readonly string[] }[]; icon: string };
  readonly win: { target: readonly { target: string; arch: readonly string[] }[]; icon: string };
  readonly nsis: Record<string, unknown>;
}

const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The files electron-builder would copy from the project folder, by its rule: included by a pattern, not excluded by a later `!` one. */
function shippedFiles(candidates: readonly string[]): string[] {
  return candidates.filter((file) => {
    let included = false;
    for (const pattern of config.files) {
      if (pattern.startsWith('!')) {
        if (matchesGlob(file, pattern.slice(1))) included = false;
      } else if (matchesGlob(file, pattern)) included = true;
    }
    return included;
  });
}

/** Every file in the checkout (whatever is built included), plus the entry points a build makes, so the check does not depend on a build having run. */
function projectFiles(): string[] {
  const found = globSync('**/*', { cwd: root, exclude: (name: string) => ['node_modules', '.git', 'dist'].includes(name) });
  const built = [
    'out/main/index.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
    'out/renderer/assets/index.js',
    'out/main/index.js.map',
  ];
  return [...new Set([...found.map((f) => f.split('\\').join('/')), ...built])];
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, debug: { isEnabled: boolean; add: () => void }) => Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    // The check is real: an unknown option is refused.
    await expect(validateConfiguration({ ...config, autoUpdate: true }, { isEnabled: false, add: () => undefined })).rejects.toThrow(
      /unknown property 'autoUpdate'/,
    );
  });

  it('names the app and builds AppImage + deb, a universal dmg and an NSIS installer', () => {
    expect(config.appId).toBe('app.motif.desktop');
    expect(config.productName).toBe('Motif');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['universal'] }]);
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder');
  });

  it('flips the Electron fuses at package time', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // The window is served from the app's own scheme, so file:// needs none of its old powers.
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('leaves auto-update off: nothing is published and no updater is a dependency', () => {
    expect(config.publish).toBeNull();
    expect(Object.keys(pkg.dependencies)).not.toContain('electron-updater');
    const updaterImports = globSync('src/**/*.{ts,tsx}', { cwd: root }).filter((file) =>
      /electron-updater|autoUpdater/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(updaterImports).toEqual([]);
  });

  it('ships the built app and nothing dev-only or test-only', () => {
    const shipped = shippedFiles(projectFiles());
    // The entry points the app needs are in.
    for (const entry of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html']) expect(shipped).toContain(entry);
    // Everything shipped was built; no source, test, emulator, benchmark, script, doc or source map.
    for (const file of shipped) {
      expect(file, file).toMatch(/^out\//);
      expect(file, file).not.toMatch(/\.map$|\.(test|spec)\.|(^|\/)(test|tests|emulators|bench|fixtures)\//);
    }
    for (const folder of ['src', 'test', 'bench', 'scripts', 'docs', 'resources', 'bin']) {
      expect(
        shipped.filter((file) => file.startsWith(`${folder}/`)),
        folder,
      ).toEqual([]);
    }
  });

  it('ships every package the main process loads, and no dev tool', () => {
    // Main is built with its dependencies left in node_modules, so each one it imports must be a production dependency.
    const mainSources = globSync('src/{main,core,server,shared}/**/*.ts', { cwd: root }).filter(
      (file) => !/\.test\.ts$|\/testing\//.test(file),
    );
    const imported = new Set<string>();
    for (const file of mainSources) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const match of text.matchAll(/^\s*import\s+(?!type\b)[^'"]*?from\s+'([^'.][^']*)'|import\('([^'.][^']*)'\)/gm)) {
        const specifier = match[1] ?? match[2] ?? '';
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!isBuiltin(specifier) && name !== 'electron') imported.add(name);
      }
    }
    expect(imported.size).toBeGreaterThan(3);
    for (const name of imported) expect(Object.keys(pkg.dependencies), `${name} is loaded by the main process`).toContain(name);
    for (const devTool of [
      'electron',
      'electron-builder',
      'vitest',
      'playwright-core',
      'typescript',
      'eslint',
      'openai',
      '@runware/sdk-js',
    ]) {
      expect(Object.keys(pkg.dependencies)).not.toContain(devTool);
    }
    // sharp is native: unpacked beside the archive.
    expect(config.asarUnpack.some((pattern) => matchesGlob('node_modules/sharp/lib/index.js', pattern))).toBe(true);
  });
});

describe('icons', () => {
  it('exist in every size, generated from resources/icon.svg', async () => {
    const svg = readFileSync(ICON_SOURCE);
    for (const size of ICON_SIZES) {
      const file = join(root, config.linux.icon, `${size}x${size}.png`);
      const meta = await sharp(file).metadata();
      expect([meta.width, meta.height, meta.format], file).toEqual([size, size, 'png']);
    }
    // The committed 64 px icon is the SVG's drawing, not a stale one: compare pixels with a fresh render.
    const committed = await sharp(join(root, config.linux.icon, '64x64.png'))
      .raw()
      .toBuffer();
    const fresh = await sharp(await renderIcon(svg, 64))
      .raw()
      .toBuffer();
    expect(committed.length).toBe(fresh.length);
    let difference = 0;
    for (let i = 0; i < fresh.length; i += 1) difference += Math.abs(committed[i]! - fresh[i]!);
    expect(difference / fresh.length).toBeLessThan(2);
  });

  it('has a macOS .icns and a Windows .ico with the sizes each platform uses', () => {
    const icns = readFileSync(join(root, config.mac.icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types = new Set<string>();
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4))
      types.add(icns.subarray(offset, offset + 4).toString('latin1'));
    // ic10 = 1024 px (512@2x), ic07 = 128 px, ic04 = 16 px.
    expect([...types]).toEqual(expect.arrayContaining(['ic10', 'ic07']));

    const ico = readFileSync(join(root, config.win.icon));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    // In an ICO directory entry, width 0 means 256.
    const widths = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + i * 16) || 256);
    expect(widths).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });
});
