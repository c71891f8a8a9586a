import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryCliIo, type MemoryCliIo } from '../../test/support/memory-cli-io.ts';
import { runCli } from './run-cli.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'motif-named-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const io = (): MemoryCliIo => memoryCliIo(root);

describe('motif generate --model <a provider’s model>', () => {
  it('fails clearly instead of drawing offline art, and says how to accept a fallback', async () => {
    const cli = io();
    expect(await runCli(['generate', 'balloons', '--model', 'dall-e-3', '--size', '256x256', '-o', 'out', '-q'], cli)).toBe(1);
    expect(cli.err.join('')).toMatch(/error \[no_provider_available\]: Model "dall-e-3" is served only by openai.*--fallback/);
    // Nothing was made: not even the output folder.
    await expect(readdir(join(root, 'out'))).rejects.toThrow(/ENOENT/);
  });

  it('with --fallback another provider may serve, and the output says a fallback did', async () => {
    const cli = io();
    expect(
      await runCli(['generate', 'balloons', '--model', 'dall-e-3', '--fallback', '--size', '256x256', '-o', 'out', '--json'], cli),
    ).toBe(0);
    const result = JSON.parse(cli.out.join('')) as { provider: string; fallback: boolean; images: unknown[] };
    expect(result).toMatchObject({ provider: 'local', fallback: true });
    expect(result.images).toHaveLength(1);
    expect(cli.err.join('')).toContain('motif: served by a fallback provider (the offline engine)');
  });
});
