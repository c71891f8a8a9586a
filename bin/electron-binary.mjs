// Finds the Electron executable the way `require('electron')` does, but without
// its side effect: requiring `electron` from Node downloads the binary when it is
// missing, which must never happen on machines that cannot (or from a launcher).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '..');

/**
 * The Electron executable, or undefined when there is none.
 * `ELECTRON_EXEC_PATH` names one directly; `ELECTRON_OVERRIDE_DIST_PATH` is honoured as Electron honours it.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | undefined}
 */
export function findElectronBinary(env = process.env) {
  if (env.ELECTRON_EXEC_PATH) return existsSync(env.ELECTRON_EXEC_PATH) ? env.ELECTRON_EXEC_PATH : undefined;
  const packageDir = join(repoRoot, 'node_modules/electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relativePath = readFileSync(pathFile, 'utf8').trim();
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relativePath)
    : join(packageDir, 'dist', relativePath);
  return existsSync(binary) ? binary : undefined;
}

/** The command that downloads the binary into node_modules/electron (Electron's own installer). */
export const INSTALL_ELECTRON_COMMAND = 'npx install-electron';
