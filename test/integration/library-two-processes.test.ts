import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/core/library/library.ts';
import { sha256Hex } from '../../src/core/library/durable-fs.ts';
import { tempDir } from './fixtures/library-fixtures.ts';

const APPENDER = join(import.meta.dirname, 'fixtures', 'library-appender.ts');
const PER_PROCESS = 15;

interface Run {
  readonly child: ChildProcess;
  readonly added: Map<string, string>;
  changed: number;
  sees: number | undefined;
  readonly opened: Promise<void>;
  readonly done: Promise<void>;
  readonly exited: Promise<number | null>;
}

function start(dir: string, prefix: string): Run {
  const child = spawn(process.execPath, [APPENDER, dir, prefix, String(PER_PROCESS)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let markDone: () => void = () => undefined;
  let markOpened: () => void = () => undefined;
  const run: Run = {
    child,
    added: new Map(),
    changed: 0,
    sees: undefined,
    opened: new Promise((resolve) => (markOpened = resolve)),
    done: new Promise((resolve) => (markDone = resolve)),
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  void run.exited.then((code) => {
    if (code !== 0) throw new Error(`appender ${prefix} failed: ${stderr}`);
  });
  void (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      const [kind, a, b] = line.split(' ');
      if (kind === 'added') run.added.set(a!, b!);
      else if (kind === 'changed') run.changed += Number(a);
      else if (kind === 'done') markDone();
      else if (kind === 'opened') markOpened();
      else if (kind === 'sees') run.sees = Number(a);
    }
  })();
  return run;
}

describe('two Motif processes on one library', () => {
  let dir: string;
  let runs: Run[];

  beforeAll(async () => {
    dir = join(await tempDir('motif-two-processes-'), 'lib');
    // Both add, favourite and unfavourite at once; each wants to compact (4 superseded records are enough).
    runs = [start(dir, 'app'), start(dir, 'cli')];
    // Both open before either adds (under load one could otherwise finish before the other starts, and see it all at open).
    await Promise.all(runs.map((run) => run.opened));
    for (const run of runs) run.child.stdin!.write('add\n');
    await Promise.all(runs.map((run) => run.done));
    for (const run of runs) run.child.stdin!.end('go\n');
    expect(await Promise.all(runs.map((run) => run.exited))).toEqual([0, 0]);
  }, 120_000);

  afterAll(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('loses no entry and tears none: every reported add is in the index, whole', async () => {
    const library = await Library.open(dir);
    try {
      expect(library.stats()).toMatchObject({ entries: 2 * PER_PROCESS, corruptLines: 0 });
      for (const run of runs)
        for (const [id, hash] of run.added) {
          const entry = library.get(id);
          expect(entry?.imageHash, id).toBe(hash);
          expect(entry?.favourite).toBe(false);
          expect(sha256Hex((await library.readImage(id)).bytes)).toBe(hash);
        }
      const lines = (await readFile(join(dir, 'index.jsonl'), 'utf8')).split('\n').filter(Boolean);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      await library.close();
    }
  });

  it("each process sees the other's entries, and was told the library changed", () => {
    for (const run of runs) {
      expect(run.added.size).toBe(PER_PROCESS);
      expect(run.sees).toBe(2 * PER_PROCESS);
      expect(run.changed).toBeGreaterThan(0);
    }
  });

  it('leaves no presence or write lock behind', async () => {
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(dir, 'locks'))).toEqual([]);
  });
});
