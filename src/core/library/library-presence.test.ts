import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryPresence } from './library-presence.ts';

/** A PID no process has: above the kernel's largest (4,194,304 on 64-bit Linux). */
const DEAD_PID = 4_194_305;

describe('LibraryPresence', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motif-presence-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('takes over a write lock left empty by a process killed between creating it and writing its PID', async () => {
    // What the old `writeFile(…, { flag: 'wx' })` left when SIGKILL landed between the create and the write:
    // the library then refused every change ("has been writing to this library for too long") for ever.
    await writeFile(join(dir, 'write.lock'), '');
    const past = new Date(Date.now() - 60_000);
    await utimes(join(dir, 'write.lock'), past, past);
    const presence = await LibraryPresence.join(dir, 0);
    await expect(presence.exclusive(async () => 'written')).resolves.toBe('written');
    expect(await readdir(dir)).not.toContain('write.lock');
  });

  it('waits for a lock that is being written this very moment instead of taking it', async () => {
    const presence = await LibraryPresence.join(dir, 0);
    // A fresh, still empty lock: its holder is alive and about to write its PID, then it lets go.
    await writeFile(join(dir, 'write.lock'), '');
    const order: string[] = [];
    const released = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('holder done');
      await rm(join(dir, 'write.lock'));
    })();
    await presence.exclusive(async () => order.push('ours'));
    await released;
    expect(order).toEqual(['holder done', 'ours']);
  });

  it('writes its holder (PID) into the lock and its presence file', async () => {
    const presence = await LibraryPresence.join(dir, 0);
    const seen = await presence.exclusive(async () => {
      const names = await readdir(dir);
      return Promise.all(names.map(async (name) => [name, JSON.parse(await readFile(join(dir, name), 'utf8'))] as const));
    });
    expect(seen.map(([name]) => name).sort()).toEqual([expect.stringMatching(/^\d+-[0-9a-f]{8}\.json$/), 'write.lock']);
    for (const [, holder] of seen) expect(holder).toMatchObject({ pid: process.pid });
  });

  it('clears what a killed process left half-written, and counts no one there', async () => {
    await writeFile(join(dir, `${DEAD_PID}-0badf00d.json.tmp`), '{"pid":');
    await writeFile(join(dir, `write.lock.${DEAD_PID}-0badf00d.tmp`), '{"pid":');
    await writeFile(join(dir, `${DEAD_PID}-deadbeef.json`), JSON.stringify({ pid: DEAD_PID, host: 'x', since: 0 }));
    await writeFile(join(dir, `${DEAD_PID}-0000beef.json`), '{"pid":'); // torn by an older Motif's crash
    const past = new Date(Date.now() - 120_000);
    for (const name of await readdir(dir))
      if (name.includes('0000beef') || name.endsWith('.tmp')) await utimes(join(dir, name), past, past);
    // A fresh one may be a live process's write in progress: it stays.
    await writeFile(join(dir, `${DEAD_PID + 1}-feedface.json.tmp`), '{"pid":');
    const presence = await LibraryPresence.join(dir, 0);
    expect(await presence.alone()).toBe(false); // another host's file is trusted
    await rm(join(dir, `${DEAD_PID}-deadbeef.json`));
    expect(await presence.alone()).toBe(true);
    expect((await readdir(dir)).filter((name) => !name.startsWith(`${process.pid}-`))).toEqual([`${DEAD_PID + 1}-feedface.json.tmp`]);
  });
});
