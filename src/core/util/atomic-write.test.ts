import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempPath, writeFileAtomic } from './atomic-write.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motif-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates missing folders and writes the whole content', async () => {
    const path = join(dir, 'a', 'b', 'file.json');
    await writeFileAtomic(path, '{"ok":true}');
    expect(await readFile(path, 'utf8')).toBe('{"ok":true}');
  });

  it('ends with exactly one complete version when many writes race, and no temp files', async () => {
    const path = join(dir, 'state.json');
    const versions = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(10_000 + i) }));
    await Promise.all(versions.map((v) => writeFileAtomic(path, v, { sync: false })));
    expect(versions).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('applies the requested file mode', async () => {
    const path = join(dir, 'secret.bin');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]), { mode: 0o600 });
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
  });

  it('leaves the old content and no temp file when the write cannot land', async () => {
    const path = join(dir, 'taken');
    await mkdir(path); // a folder where the file should go: the rename fails
    await expect(writeFileAtomic(path, 'new')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('stages in the given temp folder (the library passes its swept tmp/), never beside the file', async () => {
    const tempDir = join(dir, 'tmp');
    await mkdir(tempDir);
    const path = join(dir, 'images', 'a.png');
    await mkdir(join(dir, 'images'));
    await writeFileAtomic(path, 'first', { tempDir });
    expect(await readFile(path, 'utf8')).toBe('first');
    // A temp folder that is gone fails the write before anything reaches the destination.
    await rm(tempDir, { recursive: true });
    await expect(writeFileAtomic(path, 'second', { tempDir })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(path, 'utf8')).toBe('first');
    expect(await readdir(join(dir, 'images'))).toEqual(['a.png']);
  });

  it('names temp files so the sweeps recognise them', () => {
    const temp = tempPath(dir, '/x/state.json');
    expect(temp.startsWith(join(dir, 'tmp-'))).toBe(true);
    expect(temp.endsWith('-state.json.tmp')).toBe(true);
  });
});
