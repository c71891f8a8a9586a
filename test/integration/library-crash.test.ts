import { spawn } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/core/library/library.ts';
import { sha256Hex } from '../../src/core/library/durable-fs.ts';
import { entryInput, makePng, tempDir } from './fixtures/library-fixtures.ts';

const WRITER = join(import.meta.dirname, 'fixtures', 'library-crash-writer.ts');

/** What the child said it finished before it died. */
interface Reported {
  readonly added: Map<string, string>;
  readonly favourited: Set<string>;
  /** Deletes started; those not in `deleted` may or may not have happened. */
  readonly deleting: Set<string>;
  readonly deleted: Set<string>;
}

/** Runs the writer until it has reported `killAfter` adds, then SIGKILLs it. */
async function runAndKill(dir: string, round: number, killAfter: number, reported: Reported): Promise<void> {
  const child = spawn(process.execPath, [WRITER, dir, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let adds = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [kind, id, hash] = line.split(' ');
    if (kind === 'added') {
      reported.added.set(id!, hash!);
      if (++adds === killAfter) child.kill('SIGKILL');
    } else if (kind === 'fav') reported.favourited.add(id!);
    else if (kind === 'deleting') reported.deleting.add(id!);
    else if (kind === 'del') reported.deleted.add(id!);
  }
  const signal = await exited;
  expect(signal, `writer died on its own: ${stderr}`).toBe('SIGKILL');
  expect(adds).toBeGreaterThanOrEqual(killAfter);
}

/** Checks every invariant the library promises after a crash. */
async function checkLibrary(dir: string, reported: Reported): Promise<void> {
  const library = await Library.open(dir, { snapshotMinEntries: 1 });
  try {
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    const all = library.list({ limit: 500 });
    const count = library.stats().entries;
    expect(all.total).toBe(count);
    // Every entry present is whole: its image file is there and has the recorded hash.
    for (const entry of all.items) {
      expect(entry.id).toMatch(/^r\d+-\d+$/);
      const { bytes } = await library.readImage(entry.id);
      expect(sha256Hex(bytes)).toBe(entry.imageHash);
      expect(bytes.byteLength).toBe(entry.bytes);
    }
    // Every add the child reported survived, unless a delete of it had started.
    for (const [id, hash] of reported.added) {
      if (reported.deleting.has(id)) continue;
      expect(library.get(id)?.imageHash, `reported entry ${id}`).toBe(hash);
    }
    for (const id of reported.deleted) expect(library.get(id), `deleted entry ${id}`).toBeUndefined();
    for (const id of reported.favourited) {
      const entry = library.get(id);
      if (entry !== undefined) expect(entry.favourite, `favourite ${id}`).toBe(true);
    }
    // Still writable, and the write survives a reopen.
    const probe = `probe-${count}-${library.stats().indexBytes}`;
    await library.add({ bytes: await makePng(count + 7_000_000), entry: entryInput({ id: probe }) });
    await library.close();
    const again = await Library.open(dir, { snapshotMinEntries: 1 });
    expect(again.get(probe)).toBeDefined();
    expect(again.stats().entries).toBe(count + 1);
    await again.delete([probe]);
    await again.close();
  } finally {
    await library.close();
  }
}

describe('library crash safety', () => {
  let dir: string;
  const reported: Reported = { added: new Map(), favourited: new Set(), deleting: new Set(), deleted: new Set() };

  beforeAll(async () => {
    dir = await tempDir('motif-library-crash-');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [0, 1],
    [1, 7],
    [2, 3],
    [3, 16],
    [4, 11],
  ])(
    'round %i: SIGKILL after %i reported adds loses nothing reported and leaves no partial entry',
    async (round, killAfter) => {
      await runAndKill(dir, round, killAfter, reported);
      await checkLibrary(dir, reported);
    },
    60_000,
  );

  it('ends with a readable, consistent index', async () => {
    const library = await Library.open(dir);
    try {
      const lines = (await readFile(join(dir, 'index.jsonl'), 'utf8')).split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(0);
      expect(library.stats().entries).toBeGreaterThan(0);
      expect(reported.added.size).toBeGreaterThanOrEqual(1 + 7 + 3 + 16 + 11);
    } finally {
      await library.close();
    }
  });
});
