import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryCliIo } from '../../test/support/memory-cli-io.ts';
import { runCli } from './run-cli.ts';
import { LAYOUT_IDS } from '../core/contract/offline-design.ts';
import { parseServeArgs } from './serve-command.ts';
import { PROVIDERS } from '../core/providers/provider-list.ts';

describe('runCli', () => {
  it('prints help for --help and each command', async () => {
    for (const argv of [['--help'], ['help', 'serve'], ['generate', '--help'], ['serve', '-h'], ['library', '--help']]) {
      const io = memoryCliIo();
      expect(await runCli(argv, io)).toBe(0);
      expect(io.out.join('')).toMatch(/Usage: motif/);
    }
  });

  it('lists every provider\'s key and endpoint variables under "motif help providers"', async () => {
    const io = memoryCliIo();
    expect(await runCli(['help', 'providers'], io)).toBe(0);
    const text = io.out.join('');
    for (const descriptor of PROVIDERS) {
      expect(text).toContain(`${descriptor.kind} — ${descriptor.label}`);
      if (descriptor.secret) expect(text).toContain(descriptor.secret.env);
      for (const variable of descriptor.envOverrides) expect(text).toContain(variable.name);
    }
  });

  it('exits 2 for no command or an unknown one', async () => {
    const io = memoryCliIo();
    expect(await runCli(['paint'], io)).toBe(2);
    expect(io.err.join('')).toContain('unknown command "paint"');
    expect(await runCli([], memoryCliIo())).toBe(2);
  });

  it('prints the version, where data lives and the bundled art and fonts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'motif-version-'));
    try {
      await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ libraryDir: '/moved/library' }));
      const io = { ...memoryCliIo(), env: { MOTIF_DATA_DIR: dataDir } };
      expect(await runCli(['--version'], io)).toBe(0);
      const text = io.out.join('');
      expect(text).toMatch(/^motif \d+\.\d+\.\d+\n/);
      expect(text.split('\n')).toContain(`data folder  ${dataDir}  (MOTIF_DATA_DIR sets another)`);
      expect(
        text
          .split('\n')
          .find((line) => line.startsWith('library'))
          ?.split(/\s+/),
      ).toEqual(['library', '/moved/library']);
      expect(text).toMatch(/bundled art and fonts: none in this build|bundled art and fonts:\n {2}\S/);
      // Read only: nothing was created in the data folder.
      expect(await readdir(dataDir)).toEqual(['settings.json']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('exits 2 on a bad generate flag without starting the engine', async () => {
    const io = memoryCliIo();
    expect(await runCli(['generate', 'x', '--size', 'huge'], io)).toBe(2);
    expect(io.err.join('')).toMatch(/error \[invalid_request\]: --size must look like 1024x1024/);
  });

  it('lists every offline layout under generate --help, and exits 2 naming --layout for an unknown one', async () => {
    const help = memoryCliIo();
    expect(await runCli(['generate', '--help'], help)).toBe(0);
    expect(help.out.join('')).toContain(`--layout <name>`);
    expect(help.out.join('')).toContain(LAYOUT_IDS.join(' | '));
    const io = memoryCliIo();
    expect(await runCli(['generate', 'x', '--layout', 'billboard'], io)).toBe(2);
    expect(io.err.join('')).toMatch(
      /error \[invalid_request\]: --layout: must be one of scene, invitation, poster, bunting, sticker, pattern, table-card/,
    );
  });
});

describe('parseServeArgs', () => {
  it('defaults to $PORT, then 8000, on loopback', () => {
    expect(parseServeArgs([], {})).toMatchObject({ port: 8000, host: '127.0.0.1', token: undefined });
    expect(parseServeArgs([], { PORT: '9123' })).toMatchObject({ port: 9123 });
    expect(parseServeArgs(['--port', '0'], { PORT: '9123' })).toMatchObject({ port: 0 });
    expect(parseServeArgs([], { MOTIF_SERVER_TOKEN: 'env-token-1' })).toMatchObject({ token: 'env-token-1' });
  });

  it('refuses bad ports and a public host without a token', () => {
    expect(() => parseServeArgs(['--port', '70000'], {})).toThrow(/--port/);
    expect(() => parseServeArgs([], { PORT: 'abc' })).toThrow(/PORT/);
    expect(() => parseServeArgs(['--host', '0.0.0.0'], {})).toThrow(/--token/);
    expect(parseServeArgs(['--host', '0.0.0.0', '--token', 'long-enough'], {})).toMatchObject({ host: '0.0.0.0' });
    expect(() => parseServeArgs(['--token', 'short'], {})).toThrow(/--token/);
  });
});
