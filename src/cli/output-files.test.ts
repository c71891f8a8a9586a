import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../core/contract/history-entry.ts';
import { outputFileName, writeOutputFile } from './output-files.ts';
import { formatCost } from './format-cost.ts';

const entry = (over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id: '3f2a9c1e-0000-4000-8000-000000000000',
  jobId: 'j',
  imageHash: 'a'.repeat(64),
  format: 'png',
  width: 64,
  height: 64,
  bytes: 3,
  prompt: 'p',
  style: 'party',
  provider: 'local',
  model: 'procedural',
  seed: 42,
  latencyMs: 1,
  createdAt: 0,
  favourite: false,
  fallback: false,
  warnings: [],
  attempts: [],
  ...over,
});

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('output files', () => {
  it('names files motif-<style>-<seed>-<n>.<ext>', () => {
    expect(outputFileName(entry(), 0)).toBe('motif-party-42-1.png');
    expect(outputFileName(entry({ format: 'jpeg', style: 'baby-shower', seed: 43 }), 1)).toBe('motif-baby-shower-43-2.jpg');
    expect(outputFileName(entry({ seed: undefined }), 0)).toBe('motif-party-3f2a9c1e-000-1.png');
    expect(outputFileName(entry(), 0, 2)).toBe('motif-party-42-1-2.png');
  });

  it('never overwrites a file and leaves no temp files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'motif-out-'));
    await writeFile(join(dir, 'motif-party-42-1.png'), 'old');
    const written = await writeOutputFile(dir, entry(), 0, new Uint8Array([1, 2, 3]));
    expect(written).toBe(join(dir, 'motif-party-42-1-1.png'));
    expect(await readFile(join(dir, 'motif-party-42-1.png'), 'utf8')).toBe('old');
    expect([...(await readFile(written))]).toEqual([1, 2, 3]);
    expect((await readdir(dir)).sort()).toEqual(['motif-party-42-1-1.png', 'motif-party-42-1.png']);
  });

  it('creates the output folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'motif-out-'));
    const written = await writeOutputFile(join(dir, 'a', 'b'), entry(), 0, new Uint8Array([9]));
    expect(written).toBe(join(dir, 'a', 'b', 'motif-party-42-1.png'));
  });
});

describe('formatCost', () => {
  it('never shows an unknown price as $0', () => {
    expect(formatCost(undefined)).toBe('unknown');
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.004)).toBe('$0.0040');
    expect(formatCost(0.04)).toBe('$0.04');
  });
});
