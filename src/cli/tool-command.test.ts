import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCliIo, type MemoryCliIo } from '../../test/support/memory-cli-io.ts';
import { runCli } from './run-cli.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'motif-cli-tools-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const io = (): MemoryCliIo => memoryCliIo(root);

interface JsonImage {
  readonly file: string;
  readonly entryId: string;
  readonly parentId?: string;
  readonly width: number;
  readonly height: number;
}

async function json(argv: string[]): Promise<{ code: number; result: { images: JsonImage[]; task?: string }; err: string }> {
  const cli = io();
  const code = await runCli(argv, cli);
  return { code, result: JSON.parse(cli.out.join('') || '{}') as { images: JsonImage[] }, err: cli.err.join('') };
}

describe('motif upscale, remove-bg and vary on the offline engine', { timeout: 60_000 }, () => {
  it('upscales and removes the background of a library design, writing files made from it', async () => {
    // A fixed seed: with a random one a balloon may legitimately float over a corner.
    const made = await json([
      'generate',
      'gold balloons',
      '--model',
      'offline',
      '--size',
      '256x256',
      '--seed',
      '1',
      '-o',
      'designs',
      '--json',
      '-q',
    ]);
    expect(made.code).toBe(0);
    const source = made.result.images[0]!;

    const upscaled = await json(['upscale', source.entryId, '--factor', '2', '-o', 'big', '--json', '-q']);
    expect(upscaled.code, upscaled.err).toBe(0);
    expect(upscaled.result.task).toBe('upscale');
    const big = upscaled.result.images[0]!;
    expect(big.parentId).toBe(source.entryId);
    expect(await sharp(big.file).metadata()).toMatchObject({ width: 512, height: 512 });
    expect(await readdir(join(root, 'big'))).toEqual([big.file.split('/').pop()]);

    const cut = await json(['remove-bg', source.entryId, '-o', 'cut', '--json', '-q']);
    expect(cut.code, cut.err).toBe(0);
    const original = await sharp(source.file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(original.data[original.info.channels - 1]).toBe(255);
    const { data, info } = await sharp(cut.result.images[0]!.file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(data[info.channels - 1]).toBe(0);
    let clear = 0;
    for (let i = info.channels - 1; i < data.length; i += info.channels) if (data[i] === 0) clear++;
    // The backdrop is gone but the decoration stays: most pixels clear, not all.
    expect(clear / (info.width * info.height)).toBeGreaterThan(0.4);
    expect(clear / (info.width * info.height)).toBeLessThan(0.98);
  });

  it('says why a tool cannot run, and refuses bad input with exit 2 naming the flag', async () => {
    const made = await json(['generate', 'pastel bunting', '--model', 'offline', '--size', '256x256', '-o', 'designs', '--json', '-q']);
    const vary = io();
    expect(await runCli(['vary', made.result.images[0]!.entryId, '-o', 'v'], vary)).toBe(1);
    expect(vary.err.join('')).toMatch(/error \[task_unavailable\]/);
    const bad = io();
    expect(await runCli(['upscale', 'x', '--factor', '5'], bad)).toBe(2);
    expect(bad.err.join('')).toContain('--factor');
    const help = io();
    expect(await runCli(['remove-bg', '--help'], help)).toBe(0);
    expect(help.out.join('')).toContain('Usage: motif remove-bg');
  });
});
