import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobSnapshot, JobState } from '../contract/service-types.ts';
import { JobStore } from './job-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motif-jobs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ID = '5b0c1f7e-8a43-4c2e-9d5e-0f6a7b8c9d01';

function job(overrides: Partial<JobSnapshot> = {}): JobSnapshot {
  return {
    id: ID,
    request: { prompt: 'bunting', style: 'party', size: '512x512', count: 2, format: 'png', model: 'default' },
    state: 'queued',
    seed: 7,
    createdAt: 1_000,
    updatedAt: 1_000,
    entryIds: [],
    expected: 2,
    attempts: [],
    fallback: false,
    ...overrides,
  };
}

const onDisk = async (id = ID): Promise<JobSnapshot | undefined> => {
  try {
    return JSON.parse(await readFile(join(dir, `${id}.json`), 'utf8')) as JobSnapshot;
  } catch {
    return undefined;
  }
};

describe('JobStore', () => {
  it('keeps an unfinished job on disk and lists it as interrupted on the next start', async () => {
    const store = new JobStore(dir);
    await store.save(job({ state: 'waiting', provider: 'runware', entryIds: ['e1'] }));
    expect((await onDisk())?.state).toBe('waiting');
    const [interrupted, ...rest] = await new JobStore(dir).loadInterrupted();
    expect(rest).toHaveLength(0);
    expect(interrupted).toMatchObject({ id: ID, state: 'interrupted', provider: 'runware', entryIds: ['e1'] });
    expect(interrupted!.notice).toMatch(/Interrupted when Motif last closed/);
  });

  it.each<JobState>(['saved', 'failed', 'cancelled'])('removes the file once the job is %s', async (state) => {
    const store = new JobStore(dir);
    await store.save(job({ state: 'sending' }));
    await store.save(job({ state }));
    expect(await onDisk()).toBeUndefined();
    expect(await new JobStore(dir).loadInterrupted()).toEqual([]);
  });

  it('never lets an earlier snapshot overwrite a later one, even when saves are not awaited', async () => {
    const store = new JobStore(dir);
    const states: JobState[] = ['queued', 'sending', 'waiting', 'receiving'];
    const writes = [];
    for (let i = 0; i < 200; i += 1)
      writes.push(store.save(job({ state: states[i % 4]!, updatedAt: i, entryIds: Array.from({ length: i % 3 }, (_, k) => `e${k}`) })));
    await Promise.all(writes);
    expect((await onDisk())?.updatedAt).toBe(199);
  });

  it('ends with no file when the final save follows unawaited progress saves', async () => {
    const store = new JobStore(dir);
    for (let i = 0; i < 20; i += 1) void store.save(job({ state: 'receiving', updatedAt: i }));
    void store.save(job({ state: 'saved', updatedAt: 20 }));
    await store.flush();
    expect(await onDisk()).toBeUndefined();
  });

  it('removes a discarded job for good, even while a progress save is still being written', async () => {
    const store = new JobStore(dir);
    void store.save(job({ state: 'sending' }));
    await store.remove(ID);
    await store.flush();
    expect(await onDisk()).toBeUndefined();
    expect(await new JobStore(dir).loadInterrupted()).toEqual([]);
  });

  it('writes atomically: no temp file is left behind, and stray temp files from a crash are cleaned at start', async () => {
    const store = new JobStore(dir);
    await store.save(job());
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await writeFile(join(dir, `${ID}.json.abc123.tmp`), '{"id":"5b0c1f7e-8a43-4c2e-9d5e-0f6a');
    const listed = await new JobStore(dir).loadInterrupted();
    expect(listed.map((j) => j.id)).toEqual([ID]);
    expect(await readdir(dir)).toEqual([`${ID}.json`]);
  });

  it('skips torn, corrupt, foreign and mislabelled files without failing the start', async () => {
    const good = '0d6f3c0a-1111-4222-8333-944455566677';
    await writeFile(join(dir, `${good}.json`), JSON.stringify(job({ id: good, state: 'sending' })));
    await writeFile(join(dir, 'a0000000-0000-4000-8000-000000000001.json'), '{"id":"a0000000-0000-4000-8000-0000000'); // torn
    await writeFile(
      join(dir, 'a0000000-0000-4000-8000-000000000002.json'),
      JSON.stringify({ id: 'a0000000-0000-4000-8000-000000000002', state: 'sending' }),
    ); // wrong shape
    await writeFile(join(dir, 'a0000000-0000-4000-8000-000000000003.json'), JSON.stringify(job({ id: 'somebody-else' }))); // could never be discarded
    await writeFile(join(dir, 'notes.txt'), 'hello');
    const store = new JobStore(dir, () => Date.UTC(2026, 11, 3));
    const listed = await store.loadInterrupted();
    expect(listed.map((j) => j.id)).toEqual([good]);
    // Never deleted, never silent: the three unreadable files are kept aside and reported.
    expect(store.notices).toHaveLength(1);
    expect(store.notices[0]!.message).toMatch(/^3 interrupted job file/);
    expect((await readdir(dir)).filter((n) => n.includes('.json.unreadable-'))).toHaveLength(3);
    expect(await readdir(dir)).toContain('notes.txt');
  });

  it('a folder named like a temp file or a job file does not stop the start, and is kept', async () => {
    await mkdir(join(dir, 'x.tmp'));
    await writeFile(join(dir, 'x.tmp', 'mine.txt'), 'keep me');
    await mkdir(join(dir, 'a0000000-0000-4000-8000-000000000009.json'));
    const store = new JobStore(dir);
    await store.save(job());
    expect((await store.loadInterrupted()).map((j) => j.id)).toEqual([ID]);
    expect(await readFile(join(dir, 'x.tmp', 'mine.txt'), 'utf8')).toBe('keep me');
  });

  it('lists interrupted jobs newest first', async () => {
    const store = new JobStore(dir);
    const ids = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c'];
    await store.save(job({ id: ids[0]!, createdAt: 200 }));
    await store.save(job({ id: ids[1]!, createdAt: 300 }));
    await store.save(job({ id: ids[2]!, createdAt: 100 }));
    expect((await new JobStore(dir).loadInterrupted()).map((j) => j.createdAt)).toEqual([300, 200, 100]);
  });

  it('starts empty when the folder does not exist yet', async () => {
    expect(await new JobStore(join(dir, 'missing')).loadInterrupted()).toEqual([]);
  });

  it('refuses an id that could escape the folder, and keeps working for other jobs', async () => {
    const store = new JobStore(dir);
    await expect(store.save(job({ id: '../../etc/passwd' }))).rejects.toThrow(/bad job id/);
    await store.remove('../outside');
    await store.save(job());
    expect((await onDisk())?.id).toBe(ID);
  });
});
