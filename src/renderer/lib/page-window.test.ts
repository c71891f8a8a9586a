import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../shared/motif-bridge.ts';
import { evictFarPages, insertNewest, itemAt, pagesForRange, pagesToFetch, replaceEntry, withPage, type PageMap } from './page-window.ts';

const entry = (id: string, favourite = false): HistoryEntry => ({
  id,
  jobId: 'j',
  imageHash: 'a'.repeat(64),
  format: 'png',
  width: 8,
  height: 8,
  bytes: 1,
  prompt: id,
  style: 'party',
  provider: 'local',
  model: 'm',
  latencyMs: 1,
  createdAt: 1,
  favourite,
  fallback: false,
  warnings: [],
  attempts: [],
});
const page = (n: number, size = 3): HistoryEntry[] => Array.from({ length: size }, (_, i) => entry(`p${n}-${i}`));

describe('pagesToFetch', () => {
  it('asks for the pages on screen first, then a margin each way', () => {
    expect(pagesToFetch(130, 170, 10_000, 60, 60)).toEqual([2, 1, 3]);
    expect(pagesToFetch(100, 130, 10_000, 60, 60)).toEqual([1, 2, 0, 3]);
  });

  it('stops at the first design and at the last', () => {
    expect(pagesToFetch(0, 40, 10_000, 60, 60)).toEqual([0, 1]);
    expect(pagesToFetch(9_960, 10_000, 10_000, 60, 60)).toEqual([166, 165]);
    expect(pagesToFetch(0, 30, 30, 60, 60)).toEqual([0]);
  });
});

describe('pagesForRange', () => {
  it('lists the pages covering a range', () => {
    expect(pagesForRange(0, 60, 60)).toEqual([0]);
    expect(pagesForRange(50, 130, 60)).toEqual([0, 1, 2]);
    expect(pagesForRange(10, 10, 60)).toEqual([]);
  });
});

describe('evictFarPages', () => {
  it('keeps the pages nearest the centre and drops far ones', () => {
    const pages: PageMap = new Map([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [n, page(n)]));
    const kept = evictFarPages(pages, 6, 4);
    expect([...kept.keys()]).toEqual([4, 5, 6, 7]);
  });

  it('returns the same map when under the bound', () => {
    const pages: PageMap = new Map([[0, page(0)]]);
    expect(evictFarPages(pages, 0, 4)).toBe(pages);
  });

  it('stays bounded however far the designer scrolls', () => {
    let pages: PageMap = new Map();
    for (let n = 0; n < 200; n += 1) pages = withPage(pages, n, page(n), n, 8);
    expect(pages.size).toBe(8);
    expect([...pages.keys()]).toEqual([192, 193, 194, 195, 196, 197, 198, 199]);
  });
});

describe('itemAt and replaceEntry', () => {
  it('finds items by absolute index, undefined when not loaded', () => {
    const pages: PageMap = new Map([[1, page(1)]]);
    expect(itemAt(pages, 4, 3)?.id).toBe('p1-1');
    expect(itemAt(pages, 0, 3)).toBeUndefined();
  });

  it('replaces a loaded entry and leaves the map alone otherwise', () => {
    const pages: PageMap = new Map([[0, page(0)]]);
    const next = replaceEntry(pages, entry('p0-2', true));
    expect(next.get(0)?.[2]?.favourite).toBe(true);
    expect(replaceEntry(pages, entry('missing'))).toBe(pages);
  });
});

describe('insertNewest', () => {
  const ids = (pages: PageMap) => [...pages].map(([page, items]) => [page, items.map((item) => item.id)]);

  it("puts the entry at the top and carries each page's last entry to the next", () => {
    const pages: PageMap = new Map([
      [0, [entry('a'), entry('b')]],
      [1, [entry('c'), entry('d')]],
    ]);
    expect(ids(insertNewest(pages, entry('new'), 2))).toEqual([
      [0, ['new', 'a']],
      [1, ['b', 'c']],
    ]);
  });

  it('drops pages after a gap, which would be off by one, and ignores an entry already shown', () => {
    const pages: PageMap = new Map([
      [0, [entry('a')]],
      [2, [entry('x')]],
    ]);
    expect(ids(insertNewest(pages, entry('new'), 2))).toEqual([[0, ['new', 'a']]]);
    expect(insertNewest(pages, entry('a'), 2)).toBe(pages);
  });
});
