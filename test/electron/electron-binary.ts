import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

/**
 * The Electron executable, found the way `require('electron')` finds it but
 * without its side effect: requiring `electron` from Node downloads the binary
 * when it is missing, which must never happen on machines that cannot.
 * Undefined when there is none.
 */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ELECTRON_EXEC_PATH) return existsSync(env.ELECTRON_EXEC_PATH) ? env.ELECTRON_EXEC_PATH : undefined;
  const packageDir = join(root, 'node_modules/electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relativePath = readFileSync(pathFile, 'utf8').trim();
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relativePath) : join(packageDir, 'dist', relativePath);
  return existsSync(binary) ? binary : undefined;
}
