import { mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ErrorBody, type Harness } from './server-harness.ts';

/** A file outside the library that a planted symlink points at. */
const SECRET = 'not-an-image: the contents of a file outside the library\n';

describe('GET /images/:id never follows a symlink out of the library', () => {
  let harness: Harness;
  let outside: string;
  let entryId: string;
  let imagePath: string;

  beforeAll(async () => {
    harness = await startHarness();
    outside = await mkdtemp(join(tmpdir(), 'motif-outside-'));
    await writeFile(join(outside, 'hostname'), SECRET);
    const res = await fetch(`${harness.server.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'bunting', size: '64x64' }),
    });
    entryId = new URL(((await res.json()) as { data: { url: string }[] }).data[0]!.url).pathname.split('/').at(-1)!;
    imagePath = await harness.service.imagePath(entryId);
  });
  afterAll(async () => {
    await harness.close();
    await rm(outside, { recursive: true, force: true });
  });

  it('refuses an image file replaced by a symlink', async () => {
    const original = await readFile(imagePath);
    await unlink(imagePath);
    await symlink(join(outside, 'hostname'), imagePath);
    try {
      const res = await fetch(`${harness.server.url}/images/${entryId}`);
      const text = await res.text();
      expect(text).not.toContain('not-an-image');
      expect(res.status).toBe(500);
      expect((JSON.parse(text) as ErrorBody).error.code).toBe('library_corrupt');
    } finally {
      await unlink(imagePath);
      await writeFile(imagePath, original);
    }
    expect((await fetch(`${harness.server.url}/images/${entryId}`)).status).toBe(200);
  });

  it('never serves a thumbnail through a symlink', async () => {
    const thumbnail = await fetch(`${harness.server.url}/images/${entryId}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    const thumbPath = join(dirname(dirname(imagePath)), 'thumbs', `${(await harness.service.getEntry(entryId)).imageHash}.webp`);
    await unlink(thumbPath).catch(() => undefined);
    await symlink(join(outside, 'hostname'), thumbPath);
    const res = await fetch(`${harness.server.url}/images/${entryId}/thumbnail`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.toString('latin1')).not.toContain('not-an-image');
    expect(await readFile(join(outside, 'hostname'), 'utf8')).toBe(SECRET);
  });
});
