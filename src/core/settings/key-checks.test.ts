import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataNotice } from '../contract/data-notice.ts';
import { KeyChecks } from './key-checks.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function open(identity: { value: string }, notices: DataNotice[] = []): Promise<{ checks: KeyChecks; path: string }> {
  dir ??= await mkdtemp(join(tmpdir(), 'motif-key-checks-'));
  const path = join(dir, 'key-checks.json');
  return { checks: await KeyChecks.open({ path, identity: () => identity.value, now: () => 1000 }, notices), path };
}

describe('KeyChecks', () => {
  it('keeps a rejected key rejected across a reopen, and forgets the verdict once the key changes', async () => {
    const identity = { value: 'key-a' };
    const first = await open(identity);
    await first.checks.record('runware', 'rejected', 'Runware rejected the API key.');
    const again = await open(identity);
    expect(again.checks.get('runware')).toEqual({ verdict: 'rejected', at: 1000, message: 'Runware rejected the API key.' });
    expect(again.checks.isRejected('runware')).toBe(true);
    identity.value = 'key-b';
    expect(again.checks.get('runware')).toBeUndefined();
    expect(again.checks.isRejected('runware')).toBe(false);
  });

  it('never writes the key, only its identity hash', async () => {
    const { checks, path } = await open({ value: '0123abcd' });
    await checks.record('openai', 'valid');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ openai: { verdict: 'valid', at: 1000, identity: '0123abcd' } });
  });

  it('"could not check" never overrides what a check of the same key found, and is not kept', async () => {
    const identity = { value: 'key-a' };
    const { checks } = await open(identity);
    await checks.record('fal', 'rejected');
    await checks.record('fal', 'unverified', 'fal.ai could not be reached');
    expect(checks.get('fal')?.verdict).toBe('rejected');
    await checks.record('other', 'unverified');
    expect(checks.get('other')?.verdict).toBe('unverified');
    expect((await open(identity)).checks.get('other')).toBeUndefined();
  });

  it('sets an unreadable file aside and says so', async () => {
    dir = await mkdtemp(join(tmpdir(), 'motif-key-checks-'));
    await writeFile(join(dir, 'key-checks.json'), '{not json');
    const notices: DataNotice[] = [];
    const { checks } = await open({ value: 'k' }, notices);
    expect(checks.get('runware')).toBeUndefined();
    expect(notices[0]?.message).toMatch(/could not be read; it was kept as/);
  });
});
