import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, finished, runCli, spawnCli, waitForOutput } from './cli-harness.ts';
import { pngSize } from './server-harness.ts';

interface JsonResult {
  readonly jobId: string;
  readonly provider: string;
  readonly images: {
    file: string;
    entryId: string;
    provider: string;
    model: string;
    seed: number | null;
    costUsd: number | null;
    width: number;
    height: number;
  }[];
}

describe('motif generate, offline (no keys, no network)', { timeout: 120_000 }, () => {
  let root: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'motif-cli-'));
    dataDir = join(root, 'data');
    env = cliEnv(dataDir);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the images with the right size and names, and prints provider, model, seed and cost', async () => {
    const out = join(root, 'out');
    const result = await runCli(
      ['generate', 'gold balloons and confetti', '--style', 'party', '--size', '320x200', '-n', '2', '-o', out, '--seed', '42'],
      { env, cwd: root },
    );
    expect(result.stderr).toContain('queued');
    expect(result.stderr).toMatch(/saved · 2 images/);
    expect(result.code, result.stderr).toBe(0);
    const files = (await readdir(out)).sort();
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file).toMatch(/^motif-party-\d+-[12]\.png$/);
      expect(pngSize(await readFile(join(out, file)))).toEqual({ width: 320, height: 200 });
    }
    expect(files[0]).toBe('motif-party-42-1.png');
    const [drew, ...rest] = result.stdout.trim().split('\n').reverse();
    // The last line says what the offline engine drew.
    expect(drew).toMatch(/^Drew: .+ \(scene\)/);
    const lines = rest.reverse();
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(/provider local · model \S+ · seed \d+ · cost (unknown|\$\d+\.\d+)/);
      expect(line).not.toMatch(/cost \$0(?!\.00)/);
    }
    expect(lines[0]).toContain('seed 42');
  });

  it('draws the dinosaurs and the exact headline asked for, says so, and writes the SVG with --format svg', async () => {
    const prompt = '"Happy 5th Birthday Emma" dinosaur party';
    // A library of its own, so the listing counts of the other tests stay theirs.
    const env = cliEnv(join(root, 'emma-data'));
    const png = await runCli(['generate', prompt, '--style', 'birthday', '--size', '256x256', '--seed', '1000', '-o', join(root, 'emma')], {
      env,
      cwd: root,
    });
    expect(png.code, png.stderr).toBe(0);
    expect(png.stdout).toContain('Drew: t-rex, sauropod (scene) · Text: "Happy 5th Birthday Emma"');
    const out = join(root, 'emma-svg');
    const svg = await runCli(
      ['generate', prompt, '--style', 'birthday', '--size', '256x256', '--seed', '1000', '--format', 'svg', '-o', out, '--json', '--quiet'],
      { env, cwd: root },
    );
    expect(svg.code, svg.stderr).toBe(0);
    const result = JSON.parse(svg.stdout) as { images: { file: string; format: string; drew: unknown }[] };
    expect(result.images[0]).toMatchObject({
      format: 'svg',
      drew: { subjects: ['t-rex', 'sauropod'], layout: 'scene', text: ['Happy 5th', 'Birthday Emma'], ignoredWords: [] },
    });
    expect(await readdir(out)).toEqual(['motif-birthday-1000-1.svg']);
    const markup = await readFile(join(out, 'motif-birthday-1000-1.svg'), 'utf8');
    expect(markup).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="256" height="256"/);
    expect(markup).toContain('data-subject="t-rex"');
    expect(markup).toContain('data-text="headline"');
    expect(markup).not.toMatch(/<text|<image/);
  });

  it('lays out the product --layout names, over what the prompt would choose, and says which', async () => {
    const out = join(root, 'layout');
    const result = await runCli(
      [
        'generate',
        '"Table 5" dinosaur party',
        '--style',
        'birthday',
        '--size',
        '256x256',
        '--seed',
        '5',
        '--layout',
        'Table card',
        '--format',
        'svg',
        '-o',
        out,
      ],
      { env: cliEnv(join(root, 'layout-data')), cwd: root },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Drew: t-rex, sauropod (table card) · Text: "Table 5"');
    expect(await readFile(join(out, 'motif-birthday-5-1.svg'), 'utf8')).toContain('data-layout="table-card"');
    const refused = await runCli(['generate', 'dinosaurs', '--layout', 'billboard', '-o', join(root, 'never')], {
      env: cliEnv(join(root, 'never-data')),
      cwd: root,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /--layout: must be one of scene, invitation, poster, bunting, sticker, pattern, table-card, not "billboard"/,
    );
  });

  it('refuses --format svg with a model that cannot draw vectors', async () => {
    const result = await runCli(
      ['generate', 'dinosaurs', '--format', 'svg', '--model', 'runware/runware:100@1', '-o', join(root, 'never')],
      { env: cliEnv(join(root, 'never-data')), cwd: root },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--format.*offline engine only/);
  });

  it('prints one JSON object with --json, and the library finds the images again in a new process', async () => {
    const out = join(root, 'json-out');
    const generated = await runCli(
      [
        'generate',
        'holiday snowflakes',
        '--style',
        'holiday',
        '--size',
        '128x96',
        '-n',
        '2',
        '--format',
        'jpeg',
        '-o',
        out,
        '--json',
        '--quiet',
      ],
      { env, cwd: root },
    );
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stderr).toBe('');
    const result = JSON.parse(generated.stdout) as JsonResult;
    expect(result.provider).toBe('local');
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      expect(image).toMatchObject({ provider: 'local', width: 128, height: 96 });
      expect(image.file).toMatch(/motif-holiday-\d+-[12]\.jpg$/);
      const bytes = await readFile(image.file);
      expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xff, 0xd8, 0xff]);
    }

    // A "restart": a fresh process reads the library from disk.
    const listed = await runCli(['library', '--json', '--search', 'snowflakes'], { env, cwd: root });
    expect(listed.code, listed.stderr).toBe(0);
    const page = JSON.parse(listed.stdout) as { total: number; items: { id: string; path: string; prompt: string }[] };
    expect(page.total).toBe(2);
    expect(page.items.map((item) => item.id).sort()).toEqual(result.images.map((image) => image.entryId).sort());
    for (const item of page.items) expect((await readFile(item.path)).length).toBeGreaterThan(0);

    const human = await runCli(['library', '--limit', '10'], { env, cwd: root });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('holiday snowflakes');
    expect(human.stdout).toContain('gold balloons and confetti');
    expect(human.stdout).toMatch(/4 of 4 in /);
  });

  it.each([
    [['generate'], 'prompt'],
    [['generate', 'x', '--size', 'huge'], '--size'],
    [['generate', 'x', '--size', '10x10'], '--size'],
    [['generate', 'x', '-n', '9'], '-n'],
    [['generate', 'x', '--seed', 'abc'], '--seed'],
    [['generate', 'x', '--style', 'goth'], '--style'],
    [['generate', 'x', '--format', 'gif'], '--format'],
    [['generate', 'x', '--colour', 'red'], '--colour'],
    [['library', '--limit', '0'], '--limit'],
  ])('exits 2 for %j and names %s', async (args, field) => {
    const result = await runCli(args, { env, cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error [invalid_request]: ${field}`);
    expect(result.stdout).toBe('');
  });

  it('runs through bin/motif.mjs', async () => {
    const result = await runCli(['--help'], { env, cwd: root, entry: BIN });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: motif <command>');
  });
});

describe('motif generate, cancelled', { timeout: 120_000 }, () => {
  it('Ctrl+C cancels the job cleanly: exit 130, no files written', async () => {
    const root = await mkdtemp(join(tmpdir(), 'motif-cli-cancel-'));
    try {
      const out = join(root, 'out');
      const child = spawnCli(['generate', 'a huge wall of confetti', '--size', '4096x4096', '-n', '8', '-o', out, '--no-cache'], {
        env: cliEnv(join(root, 'data')),
        cwd: root,
      });
      const done = finished(child);
      await waitForOutput(child, 'stderr', /queued|sending/);
      child.kill('SIGINT');
      const result = await done;
      expect(result.stderr).toContain('cancelling');
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('error [cancelled]');
      expect(await readdir(out).catch(() => [])).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
