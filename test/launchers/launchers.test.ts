import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { nodeVersionProblem, SUPPORTED_NODE_RANGE } from '../../bin/node-support.mjs';

const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };

describe('Node version check', () => {
  it('accepts exactly the versions that strip types by default', () => {
    for (const version of ['20.20.2', '22.12.0', '22.17.1', '23.5.0'])
      expect(nodeVersionProblem(version, 'motif'), version).toMatch(/needs Node\.js 22\.18 or newer/);
    for (const version of ['22.18.0', '22.20.1', '23.6.0', '24.0.0', '26.1.0'])
      expect(nodeVersionProblem(version, 'motif'), version).toBeUndefined();
  });

  it('names the command, the running version and how to get a newer Node', () => {
    const problem = nodeVersionProblem('20.20.2', 'npm run emulator') ?? '';
    expect(problem).toContain('npm run emulator needs Node.js 22.18');
    expect(problem).toContain('this is Node 20.20.2');
    expect(problem).toContain('npm install --prefix ~/.cache/node24 node@24');
  });

  it('package.json engines says what the launcher requires', () => {
    expect(pkg.engines.node).toBe(SUPPORTED_NODE_RANGE);
    for (const version of ['20.20.2', '22.12.0', '22.17.9', '22.18.0', '23.5.9', '23.6.0', '24.21.0', '25.0.0']) {
      expect(semver.satisfies(version, pkg.engines.node), version).toBe(nodeVersionProblem(version, 'x') === undefined);
    }
  });

  it('npm run motif, npm run emulator and npm start go through the launchers that check first', () => {
    expect(pkg.scripts.motif).toBe('node bin/motif.mjs');
    expect(pkg.scripts.emulator).toBe('node bin/emulator.mjs');
    expect(pkg.scripts.start).toBe('node bin/start.mjs');
  });
});

describe('npm start without the Electron binary', () => {
  it('explains itself in one paragraph and exits 1, without a stack trace', () => {
    const result = spawnSync(process.execPath, [join(root, 'bin/start.mjs')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ELECTRON_EXEC_PATH: join(root, 'no-such-electron') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the Electron binary is not installed');
    expect(result.stderr).toContain('Install it with `npx install-electron`');
    expect(result.stderr).toMatch(/`npm run motif -- generate [^`]*` makes images,\s+and `npm run motif -- serve` runs the local API/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/Error:/);
    // One paragraph: no blank line inside it.
    expect(result.stderr.trim()).not.toContain('\n\n');
  });
});
