import type { HistoryEntry } from '../../shared/motif-bridge.ts';

/**
 * The gallery keeps only a bounded window of library pages in memory: pages
 * near what is on screen stay, far ones are evicted and fetched again if the
 * designer scrolls back.
 */
export type PageMap = ReadonlyMap<number, readonly HistoryEntry[]>;

/** Page indexes covering items `[startIndex, endIndex)`. */
export function pagesForRange(startIndex: number, endIndex: number, pageSize: number): number[] {
  if (endIndex <= startIndex || pageSize <= 0) return [];
  const first = Math.floor(Math.max(0, startIndex) / pageSize);
  const last = Math.floor((endIndex - 1) / pageSize);
  const pages: number[] = [];
  for (let page = first; page <= last; page += 1) pages.push(page);
  return pages;
}

/**
 * Pages to fetch for items `[startIndex, endIndex)` on screen: those pages
 * first, then the pages within `marginItems` before and after (never past
 * `total`), so a steady scroll meets designs already loaded instead of
 * placeholders that re-lay and repaint their rows when the page lands.
 */
export function pagesToFetch(startIndex: number, endIndex: number, total: number, pageSize: number, marginItems: number): number[] {
  const visible = pagesForRange(startIndex, endIndex, pageSize);
  const around = pagesForRange(Math.max(0, startIndex - marginItems), Math.min(total, endIndex + marginItems), pageSize);
  return [...visible, ...around.filter((page) => !visible.includes(page))];
}

/**
 * Keeps at most `maxPages`, preferring those nearest `centerPage`. Returns the
 * same map when nothing is evicted, so callers can skip a state update.
 */
export function evictFarPages(pages: PageMap, centerPage: number, maxPages: number): PageMap {
  if (pages.size <= maxPages) return pages;
  const keep = [...pages.keys()]
    .sort((a, b) => Math.abs(a - centerPage) - Math.abs(b - centerPage) || a - b)
    .slice(0, Math.max(0, maxPages));
  const kept = new Map<number, readonly HistoryEntry[]>();
  for (const page of keep.sort((a, b) => a - b)) kept.set(page, pages.get(page) ?? []);
  return kept;
}

/** The item at an absolute index, or undefined when its page is not loaded. */
export function itemAt(pages: PageMap, index: number, pageSize: number): HistoryEntry | undefined {
  return pages.get(Math.floor(index / pageSize))?.[index % pageSize];
}

/** Adds a fetched page and evicts far ones in one step. */
export function withPage(pages: PageMap, page: number, items: readonly HistoryEntry[], centerPage: number, maxPages: number): PageMap {
  const next = new Map(pages);
  next.set(page, items);
  return evictFarPages(next, centerPage, maxPages);
}

/** Replaces one entry wherever it is loaded (e.g. after favouriting). */
export function replaceEntry(pages: PageMap, entry: HistoryEntry): PageMap {
  let changed = false;
  const next = new Map<number, readonly HistoryEntry[]>();
  for (const [page, items] of pages) {
    const index = items.findIndex((item) => item.id === entry.id);
    if (index === -1) {
      next.set(page, items);
    } else {
      changed = true;
      next.set(
        page,
        items.map((item, i) => (i === index ? entry : item)),
      );
    }
  }
  return changed ? next : pages;
}

/**
 * Puts a new entry at the very top (newest first) and moves every loaded entry
 * down one place, carrying each page's last entry to the next page. Pages after
 * a gap in the loaded window cannot be carried into, so they are dropped (the
 * grid fetches them again when they come into view). Returns the same map when
 * the entry is already loaded.
 */
export function insertNewest(pages: PageMap, entry: HistoryEntry, pageSize: number): PageMap {
  for (const items of pages.values()) if (items.some((item) => item.id === entry.id)) return pages;
  const next = new Map<number, readonly HistoryEntry[]>();
  let carry: HistoryEntry | undefined = entry;
  for (let page = 0; pages.has(page); page += 1) {
    const items: HistoryEntry[] = carry ? [carry, ...pages.get(page)!] : [...pages.get(page)!];
    carry = items.length > pageSize ? items.pop() : undefined;
    next.set(page, items);
  }
  return next;
}
