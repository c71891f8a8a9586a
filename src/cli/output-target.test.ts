import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryCliIo, type MemoryCliIo } from '../../test/support/memory-cli-io.ts';
import { runCli } from './run-cli.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'motif-target-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const io = (): MemoryCliIo => memoryCliIo(root);

describe('motif generate checks its output target before generating', () => {
  it('refuses an existing file as -o with exit 2 and makes nothing', async () => {
    const file = join(root, 'taken.png');
    await writeFile(file, 'not a folder');
    const cli = io();
    expect(await runCli(['generate', 'balloons', '-o', file], cli)).toBe(2);
    expect(cli.err.join('')).toMatch(/error \[invalid_request\]: -o: .*taken\.png is a file, not a folder/);
    // The engine never started: no library, no settings, nothing paid for.
    expect(await readdir(root)).toEqual(['taken.png']);
  });

  it('refuses a folder under a file', async () => {
    await writeFile(join(root, 'taken'), 'x');
    const cli = io();
    expect(await runCli(['generate', 'balloons', '-o', join(root, 'taken', 'inner')], cli)).toBe(2);
    expect(cli.err.join('')).toMatch(/-o: .*taken is a file, not a folder/);
  });

  it('creates nothing while checking: a missing folder is made only when an image is written', async () => {
    const { checkOutputDir } = await import('./output-files.ts');
    await checkOutputDir(join(root, 'new', 'deeper'));
    expect(await readdir(root)).toEqual([]);
  });
});
