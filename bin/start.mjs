#!/usr/bin/env node
// `npm start`: builds and opens the desktop app (electron-vite preview). When the
// Electron binary is missing it says so in one paragraph and exits 1, instead of
// letting electron-vite fail with a stack trace.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary, INSTALL_ELECTRON_COMMAND } from './electron-binary.mjs';

/** What `npm start` prints when there is no Electron binary to open the window with. */
const ELECTRON_MISSING_MESSAGE = [
  'Motif cannot open its window: the Electron binary is not installed in node_modules/electron',
  '(it is downloaded separately from the npm package, and was skipped or could not be fetched).',
  `Install it with \`${INSTALL_ELECTRON_COMMAND}\`, then run \`npm start\` again.`,
  'Everything else works without it: `npm run motif -- generate "gold balloons"` makes images,',
  'and `npm run motif -- serve` runs the local API.',
  '',
].join('\n');

const binary = findElectronBinary();
if (binary === undefined) {
  process.stderr.write(ELECTRON_MISSING_MESSAGE);
  process.exit(1);
}
const electronVite = join(import.meta.dirname, '../node_modules/electron-vite/bin/electron-vite.js');
const child = spawn(process.execPath, [electronVite, 'preview', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
