import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCliIo } from '../../test/support/memory-cli-io.ts';
import { readEmbeddedSettings } from '../core/library/metadata/index.ts';
import { runCli } from './run-cli.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'motif-cli-strip-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs a command with `--json` and returns the first file it wrote. */
async function firstFile(argv: string[]): Promise<{ file: string; entryId: string }> {
  const io = memoryCliIo(root);
  expect(await runCli([...argv, '--json', '--quiet'], io), io.err.join('')).toBe(0);
  return (JSON.parse(io.out.join('')) as { images: { file: string; entryId: string }[] }).images[0]!;
}

describe('files the command line writes carry their settings unless --strip-metadata', { timeout: 60_000 }, () => {
  it('motif generate writes the prompt, style and seed into the PNG; --strip-metadata leaves them out', async () => {
    const made = await firstFile(['generate', 'gold balloons', '--model', 'offline', '--seed', '7', '--size', '256x256', '-o', 'with']);
    expect(await readEmbeddedSettings(new Uint8Array(await readFile(made.file)), 'png')).toMatchObject({
      prompt: 'gold balloons',
      style: 'party',
      seed: 7,
      provider: 'local',
    });
    const stripped = await firstFile([
      'generate',
      'gold balloons',
      '--model',
      'offline',
      '--seed',
      '8',
      '--size',
      '256x256',
      '-o',
      'without',
      '--strip-metadata',
    ]);
    const bytes = await readFile(stripped.file);
    expect(await readEmbeddedSettings(new Uint8Array(bytes), 'png')).toBeUndefined();
    expect(bytes.includes('gold balloons')).toBe(false);
  });

  it('the tool commands take --strip-metadata too', async () => {
    const made = await firstFile(['generate', 'bunting', '--model', 'offline', '--seed', '3', '--size', '256x256', '-o', 'src']);
    const upscaled = await firstFile(['upscale', made.entryId, '-o', 'up', '--strip-metadata']);
    expect(await readEmbeddedSettings(new Uint8Array(await readFile(upscaled.file)), 'png')).toBeUndefined();
    const kept = await firstFile(['upscale', made.entryId, '-o', 'up-kept', '--no-cache']);
    expect((await readEmbeddedSettings(new Uint8Array(await readFile(kept.file)), 'png'))?.prompt).toBe('bunting');
  });
});
