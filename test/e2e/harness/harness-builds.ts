import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build, type InlineConfig } from 'vite';
import electronViteConfig from '../../../electron.vite.config.ts';

const root = join(import.meta.dirname, '../../..');
const cacheDir = join(root, 'node_modules/.cache/motif-e2e');

async function listSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A hash of everything the renderer build reads, so an unchanged renderer is built once for all test files. */
async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const files = [...(await listSources(join(root, 'src'))), join(root, 'electron.vite.config.ts'), join(root, 'package-lock.json')];
  for (const file of files) {
    hash.update(relative(root, file));
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function pruneOldBuilds(keep: string): Promise<void> {
  const entries = await readdir(cacheDir).catch(() => []);
  for (const entry of entries) {
    const path = join(cacheDir, entry);
    if (path === keep) continue;
    const info = await stat(path).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 60 * 60_000) await rm(path, { recursive: true, force: true });
  }
}

async function buildRendererOnce(): Promise<string> {
  const outDir = join(cacheDir, `renderer-${await sourceHash()}`);
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  const rendererConfig = (electronViteConfig as { renderer?: InlineConfig }).renderer ?? {};
  const staging = `${outDir}.${process.pid}.${Date.now()}`;
  await mkdir(cacheDir, { recursive: true });
  await build({
    ...rendererConfig,
    configFile: false,
    base: '/',
    logLevel: 'warn',
    build: { ...rendererConfig.build, outDir: staging, emptyOutDir: true, minify: false, sourcemap: true },
  });
  try {
    await rename(staging, outDir);
  } catch {
    // Another test process finished the same build first; theirs is identical.
    await rm(staging, { recursive: true, force: true });
  }
  await pruneOldBuilds(outDir);
  return outDir;
}

let renderer: Promise<string> | undefined;

/**
 * The production build of `src/renderer` (the same Vite config `npm run
 * build` uses), cached by source hash under `node_modules/.cache/motif-e2e`.
 * Serving the built app, not the dev server, tests it under the strict CSP.
 */
export function builtRenderer(): Promise<string> {
  renderer ??= buildRendererOnce().catch((error: unknown) => {
    renderer = undefined;
    throw error;
  });
  return renderer;
}

let pageBridge: Promise<string> | undefined;

/** `page-bridge.ts` bundled into one classic script for `page.addInitScript`. */
export function pageBridgeScript(): Promise<string> {
  pageBridge ??= (async () => {
    const output = await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        write: false,
        minify: false,
        emptyOutDir: false,
        lib: {
          entry: join(import.meta.dirname, 'page-bridge.ts'),
          formats: ['iife'],
          name: 'motifHarnessBridge',
          fileName: () => 'page-bridge.js',
        },
      },
    });
    const result = (Array.isArray(output) ? output[0] : output) as { output: Array<{ type: string; code?: string }> };
    const chunk = result.output.find((item) => item.type === 'chunk');
    if (chunk?.code === undefined) throw new Error('motif harness: the page bridge did not build');
    return chunk.code;
  })();
  return pageBridge;
}
