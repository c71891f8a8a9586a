import { describe, expect, it } from 'vitest';
import { LibraryCatalog, type ParsedLibraryQuery } from './library-catalog.ts';
import type { HistoryEntry } from '../contract/history-entry.ts';

function entry(id: string, createdAt: number, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    jobId: 'j',
    imageHash: id
      .padEnd(64, '0')
      .replace(/[^a-f0-9]/g, 'a')
      .slice(0, 64),
    format: 'png',
    width: 1,
    height: 1,
    bytes: 1,
    prompt: `prompt ${id}`,
    style: 'party',
    provider: 'local',
    model: 'm',
    latencyMs: 1,
    createdAt,
    favourite: false,
    fallback: false,
    warnings: [],
    attempts: [],
    ...overrides,
  };
}

const query = (q: Partial<ParsedLibraryQuery> = {}): ParsedLibraryQuery => ({ offset: 0, limit: 60, ...q });

describe('LibraryCatalog', () => {
  it('sorts an out-of-order load newest first, ties by id', () => {
    const catalog = new LibraryCatalog();
    catalog.load([entry('c', 30), entry('a', 10), entry('b2', 20), entry('b1', 20)]);
    expect(catalog.query(query()).items.map((e) => e.id)).toEqual(['c', 'b1', 'b2', 'a']);
    expect([...catalog.oldestFirst()].map((e) => e.id)).toEqual(['a', 'b2', 'b1', 'c']);
  });

  it('inserts in order, replaces by id and removes one or many', () => {
    const catalog = new LibraryCatalog();
    for (let i = 0; i < 40; i++) catalog.put(entry(`e${String(i).padStart(2, '0')}`, i * 10));
    catalog.put(entry('mid', 205));
    catalog.put(entry('e05', 395)); // moved: new createdAt
    catalog.put({ ...entry('e10', 100), favourite: true }); // same position, new content
    expect(catalog.size).toBe(41);
    expect(catalog.query(query({ limit: 3 })).items.map((e) => e.id)).toEqual(['e05', 'e39', 'e38']);
    expect(catalog.query(query({ since: 200, until: 211 })).items.map((e) => e.id)).toEqual(['e21', 'mid', 'e20']);
    expect(catalog.get('e10')!.favourite).toBe(true);
    expect(catalog.remove(['mid', 'nope']).map((e) => e.id)).toEqual(['mid']);
    const many = Array.from({ length: 20 }, (_, i) => `e${String(i + 20).padStart(2, '0')}`);
    expect(catalog.remove(many)).toHaveLength(20);
    expect(catalog.size).toBe(20);
    expect(catalog.query(query({ limit: 500 })).items.map((e) => e.createdAt)).toEqual([
      395,
      ...Array.from({ length: 20 }, (_, i) => (19 - i) * 10).filter((t) => t !== 50),
    ]);
  });

  it('counts image hash references', () => {
    const catalog = new LibraryCatalog();
    const hash = 'f'.repeat(64);
    catalog.put(entry('a', 1, { imageHash: hash }));
    catalog.put(entry('b', 2, { imageHash: hash }));
    catalog.remove(['a']);
    expect(catalog.hashInUse(hash)).toBe(true);
    catalog.remove(['b']);
    expect(catalog.hashInUse(hash)).toBe(false);
  });

  it('pages filtered results with a total', () => {
    const catalog = new LibraryCatalog();
    catalog.load(
      Array.from({ length: 100 }, (_, i) =>
        entry(`e${i}`, i, { style: i % 2 === 0 ? 'party' : 'minimal', prompt: i % 10 === 0 ? 'Round Tens' : 'other' }),
      ),
    );
    const page = catalog.query(query({ style: 'party', offset: 10, limit: 5 }));
    expect(page.total).toBe(50);
    expect(page.items.map((e) => e.id)).toEqual(['e78', 'e76', 'e74', 'e72', 'e70']);
    expect(catalog.query(query({ text: 'round TENS', limit: 3 }))).toMatchObject({
      total: 10,
      items: [{ id: 'e90' }, { id: 'e80' }, { id: 'e70' }],
    });
  });
});
