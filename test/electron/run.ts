/**
 * `npm run test:electron`: builds the app and runs the Playwright `_electron`
 * specs in this folder against the real Electron binary, from an empty
 * profile. Not part of `npm test`: it needs the binary, which some machines
 * (CI here) cannot download. Without it this prints why and exits 1.
 *
 *   npm run test:electron                # build, then run the specs
 *   npm run test:electron -- --no-build  # reuse out/
 *   ELECTRON_EXEC_PATH=/path/to/electron npm run test:electron
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary } from './electron-binary.ts';

const root = join(import.meta.dirname, '../..');
const binary = findElectronBinary();
if (!binary) {
  console.error(
    [
      'test:electron needs the Electron binary, and node_modules/electron has none.',
      'Install it with `npx install-electron` (or `npm rebuild electron`) on a machine that can download it,',
      'or point ELECTRON_EXEC_PATH at an Electron 45 executable. The renderer is covered without it by `npm test` (test/e2e).',
    ].join('\n'),
  );
  process.exit(1);
}

const run = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) console.error(result.error.message);
  return result.status ?? 1;
};

if (!process.argv.includes('--no-build') && run('npm', ['run', 'build']) !== 0) process.exit(1);

const specs = readdirSync(import.meta.dirname)
  .filter((name) => name.endsWith('.spec.ts'))
  .map((name) => join(import.meta.dirname, name));
process.exit(run(process.execPath, ['--test', '--test-concurrency=1', ...specs], { ...process.env, MOTIF_ELECTRON_BINARY: binary }));
