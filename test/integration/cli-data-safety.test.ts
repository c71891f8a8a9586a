import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/core/library/library.ts';
import { entryInput, makePng } from './fixtures/library-fixtures.ts';
import { cliEnv, runCli, spawnCli, waitForOutput } from './cli-harness.ts';

/** Issue 15 (H1, M2, M3, L2, L3, L7) end to end through the real `motif` command. */
describe('motif keeps data safe headless', { timeout: 60_000 }, () => {
  let dataDir: string;
  const libraryDir = (): string => join(dataDir, 'library');
  const motif = (args: readonly string[], extra: NodeJS.ProcessEnv = {}): ReturnType<typeof runCli> =>
    runCli(args, { env: cliEnv(dataDir, extra) });

  async function seedLibrary(count: number): Promise<void> {
    const library = await Library.open(libraryDir());
    for (let i = 0; i < count; i++)
      await library.add({ bytes: await makePng(i), entry: entryInput({ id: `e${i}`, prompt: `entry ${i}`, createdAt: 1_000_000 + i }) });
    await library.close();
  }

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'motif-cli-safety-'));
  });

  afterEach(async () => {
    // Undo the immutable flag the read-only test sets (root ignores chmod), then clean up.
    try {
      execFileSync('chattr', ['-R', '-i', dataDir], { stdio: 'ignore' });
    } catch {
      // Not set, or not needed.
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('library --check reports an unreadable line and its image; --repair brings the image back', async () => {
    await seedLibrary(3);
    const index = join(libraryDir(), 'index.jsonl');
    const lines = (await readFile(index, 'utf8')).split('\n').filter(Boolean);
    lines[1] = lines[1]!.slice(0, 70);
    await writeFile(index, `${lines.join('\n')}\n`);

    const check = await motif(['library', '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/2 entries/);
    expect(check.stdout).toMatch(/1 index line\(s\) this version cannot read/);
    expect(check.stdout).toMatch(/1 image file\(s\) no entry accounts for/);
    expect(check.stdout).toMatch(/motif library --repair/);

    const repair = await motif(['library', '--repair', '--json']);
    expect(repair.code).toBe(0);
    expect(JSON.parse(repair.stdout)).toMatchObject({
      entries: 3,
      unreadableLines: 0,
      unaccountedImages: 0,
      missingVectors: 0,
      repaired: { recovered: 1, setAside: 1, vectorsLost: 0 },
    });
    const list = JSON.parse((await motif(['library', '--json'])).stdout) as { items: { id: string; prompt: string }[] };
    expect(list.items.map((e) => e.prompt).sort()).toEqual(['entry 0', 'entry 1', 'entry 2']);
  });

  it('a corrupt settings.json is kept aside and the warning is printed, and the command still works', async () => {
    await seedLibrary(1);
    await writeFile(join(dataDir, 'settings.json'), '{"schemaVersion": 2, "budget": {"dailyCapUsd": 5}, "theme": "sep');
    const result = await motif(['library']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /warning \[settings\.json\]: settings\.json could not be read \(not valid JSON\); it was kept as settings\.json\.unreadable-/,
    );
    expect(result.stdout).toMatch(/1 of 1/);
    expect((await readdir(dataDir)).filter((n) => n.startsWith('settings.json.unreadable-'))).toHaveLength(1);
  });

  it('jobs/x.tmp/ and settings.json as folders do not stop motif library', async () => {
    await seedLibrary(2);
    await mkdir(join(dataDir, 'jobs', 'x.tmp'), { recursive: true });
    await mkdir(join(dataDir, 'settings.json'));
    const result = await motif(['library']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 of 2/);
    expect(result.stderr).toMatch(/it is a folder|could not be read/);
  });

  it('a read-only data folder still lets the library be browsed', async () => {
    await seedLibrary(2);
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ schemaVersion: 2, theme: 'dark' }));
    await mkdir(join(dataDir, 'jobs'));
    // Tests run as root here, where chmod does not stop writes; the immutable flag does.
    execFileSync('chattr', ['-R', '+i', dataDir]);
    const result = await motif(['library', '--json']);
    expect(result.stderr).toMatch(/read-only/);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { total: number }).total).toBe(2);
  });

  it('refuses a libraryDir that is someone else’s folder, leaving its tmp/ alone', async () => {
    const victim = join(dataDir, 'victim');
    await mkdir(join(victim, 'tmp', 'project'), { recursive: true });
    await writeFile(join(victim, 'tmp', 'project', 'notes.txt'), 'my notes');
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ schemaVersion: 2, libraryDir: victim }));
    const result = await motif(['library']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error \[library_not_motif\]/);
    expect(await readFile(join(victim, 'tmp', 'project', 'notes.txt'), 'utf8')).toBe('my notes');
  });

  it('reports a libraryDir on a missing drive instead of creating it', async () => {
    const gone = join(dataDir, 'media', 'usb', 'Motif');
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ schemaVersion: 2, libraryDir: gone }));
    const result = await motif(['library']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error \[library_missing\]/);
    await expect(readdir(join(dataDir, 'media'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('motif jobs lists interrupted jobs, resumes one, and discards the rest; motif serve logs them at start', async () => {
    await mkdir(join(dataDir, 'jobs'));
    const job = (id: string, prompt: string, createdAt: number): string =>
      JSON.stringify({
        id,
        request: { prompt, style: 'party', size: '256x256', count: 1, format: 'png', model: 'offline' },
        state: 'sending',
        seed: 7,
        createdAt,
        updatedAt: createdAt,
        entryIds: [],
        expected: 1,
        attempts: [],
        fallback: false,
      });
    const a = '0d6f3c0a-1111-4222-8333-944455566601';
    const b = '0d6f3c0a-1111-4222-8333-944455566602';
    await writeFile(join(dataDir, 'jobs', `${a}.json`), job(a, 'balloons', 2_000));
    await writeFile(join(dataDir, 'jobs', `${b}.json`), job(b, 'bunting', 1_000));

    const serve = spawnCli(['serve', '--port', '0'], { env: cliEnv(dataDir) });
    try {
      const [logged] = await waitForOutput(serve, 'stderr', /2 job\(s\) were interrupted[^\n]*\n/);
      expect(logged).toContain(a);
      expect(logged).toContain('motif jobs');
    } finally {
      serve.kill('SIGTERM');
      await new Promise((resolve) => serve.once('close', resolve));
    }

    const listed = await motif(['jobs']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${a}[^\\n]*offline[^\\n]*0 of 1 saved\\n    "balloons"`));
    expect(listed.stdout).toMatch(/2 interrupted job\(s\)/);

    const resumed = await motif(['jobs', 'resume', a]);
    expect(resumed.stdout).toMatch(new RegExp(`Job ${a} saved: 1 of 1 image\\(s\\) in the library`));
    expect(resumed.code).toBe(0);
    const library = JSON.parse((await motif(['library', '--json'])).stdout) as { items: { prompt: string }[] };
    expect(library.items.map((e) => e.prompt)).toEqual(['balloons']);

    expect((await motif(['jobs', 'discard', 'all'])).stdout).toMatch(/Discarded 1 interrupted job/);
    expect((await motif(['jobs'])).stdout).toBe('No interrupted jobs.\n');
    expect((await motif(['jobs', 'resume', b])).stderr).toMatch(/error \[not_found\]/);
  }, 180_000);
});
