import type { z } from 'zod';
import { matchesAllTerms, normaliseSearchText, searchTerms } from '../contract/library-search.ts';
import type { HistoryEntry, LibraryPage, libraryQuerySchema } from '../contract/history-entry.ts';

/** A query after validation and defaults. */
export type ParsedLibraryQuery = z.output<typeof libraryQuerySchema>;

interface CatalogItem {
  entry: HistoryEntry;
  /** The prompt, normalised once so a search over 100,000 entries is a plain substring scan. */
  readonly search: string;
}

/** Sort order of the backing array: oldest first (createdAt asc, then id desc); read backwards it is newest first. */
function olderFirst(a: HistoryEntry, b: HistoryEntry): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The library's entries in memory: by id, and in one array kept sorted. New
 * entries are nearly always the newest, so the array is stored oldest first
 * and an insert is usually a push; pages are read from the end. Nothing is
 * re-sorted per query. Newest first means createdAt descending, then id ascending.
 */
export class LibraryCatalog {
  readonly #byId = new Map<string, CatalogItem>();
  #ordered: CatalogItem[] = [];
  /**
   * How many live entries use each image hash, so a delete knows when a file is
   * still needed. Built on first use: only deletes and purges need it, and
   * hashing 100,000 hashes would add a tenth to every open.
   */
  #hashRefs: Map<string, number> | undefined;

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): HistoryEntry | undefined {
    return this.#byId.get(id)?.entry;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** True when a live entry uses this image hash. */
  hashInUse(hash: string): boolean {
    if (this.#hashRefs === undefined) {
      this.#hashRefs = new Map();
      for (const item of this.#byId.values()) this.#ref(item.entry.imageHash, 1);
    }
    return this.#hashRefs.has(hash);
  }

  /** Replaces the whole content, sorting once (and only when the input is out of order). */
  load(entries: Iterable<HistoryEntry>): void {
    this.#byId.clear();
    this.#hashRefs = undefined;
    const items: CatalogItem[] = [];
    let sorted = true;
    for (const entry of entries) {
      const item = makeItem(entry);
      const previous = items.at(-1);
      if (previous !== undefined && olderFirst(previous.entry, entry) > 0) sorted = false;
      items.push(item);
      this.#byId.set(entry.id, item);
    }
    if (!sorted) items.sort((a, b) => olderFirst(a.entry, b.entry));
    this.#ordered = items;
  }

  /** Adds an entry, or replaces the one with the same id. */
  put(entry: HistoryEntry): void {
    const existing = this.#byId.get(entry.id);
    if (existing !== undefined) {
      if (existing.entry.createdAt === entry.createdAt && existing.entry.prompt === entry.prompt) {
        this.#ref(existing.entry.imageHash, -1);
        this.#ref(entry.imageHash, 1);
        existing.entry = Object.freeze(entry);
        return;
      }
      this.remove([entry.id]);
    }
    const item = makeItem(entry);
    const at = this.#insertionIndex(entry);
    if (at === this.#ordered.length) this.#ordered.push(item);
    else this.#ordered.splice(at, 0, item);
    this.#byId.set(entry.id, item);
    this.#ref(entry.imageHash, 1);
  }

  /** Removes entries by id; unknown ids are ignored. Returns the removed entries. */
  remove(ids: Iterable<string>): HistoryEntry[] {
    const removed: CatalogItem[] = [];
    for (const id of ids) {
      const item = this.#byId.get(id);
      if (item === undefined) continue;
      this.#byId.delete(id);
      this.#ref(item.entry.imageHash, -1);
      removed.push(item);
    }
    if (removed.length === 0) return [];
    if (removed.length <= 16) {
      for (const item of removed) {
        const at = this.#indexOf(item);
        if (at >= 0) this.#ordered.splice(at, 1);
      }
    } else {
      // Many at once: one O(n) filter beats many O(n) splices.
      const gone = new Set(removed);
      this.#ordered = this.#ordered.filter((item) => !gone.has(item));
    }
    return removed.map((item) => item.entry);
  }

  /** Every entry, oldest first (the order compaction writes them in, so the next open needs no sort). */
  *oldestFirst(): Iterable<HistoryEntry> {
    for (const item of this.#ordered) yield item.entry;
  }

  /** Every entry, newest first (the order of a snapshot, so the next open reads the first page first). */
  *newestFirst(): Iterable<HistoryEntry> {
    for (let i = this.#ordered.length - 1; i >= 0; i--) yield this.#ordered[i]!.entry;
  }

  /** How many entries sort at or after `entry` (it included), i.e. are as new or newer. */
  countAtOrAfter(entry: HistoryEntry): number {
    let lo = 0;
    let hi = this.#ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (olderFirst(this.#ordered[mid]!.entry, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return this.#ordered.length - lo;
  }

  /** One page of entries matching a validated query (and `include`, when given: the project and tag filters), newest first. */
  query(query: ParsedLibraryQuery, include?: (id: string) => boolean): LibraryPage {
    const { offset, limit } = query;
    const lo = query.since === undefined ? 0 : this.#lowerBound(query.since);
    const hi = query.until === undefined ? this.#ordered.length : this.#lowerBound(query.until);
    const terms = searchTerms(query.text);
    const filtered =
      terms.length > 0 ||
      query.style !== undefined ||
      query.provider !== undefined ||
      query.favourite !== undefined ||
      include !== undefined;
    const items: HistoryEntry[] = [];
    if (!filtered) {
      // Only a date range: the page is a slice of the sorted array.
      const total = Math.max(0, hi - lo);
      for (let i = hi - 1 - offset; i >= lo && items.length < limit; i--) items.push(this.#ordered[i]!.entry);
      return { items, total, offset };
    }
    let total = 0;
    for (let i = hi - 1; i >= lo; i--) {
      const item = this.#ordered[i]!;
      const entry = item.entry;
      if (query.style !== undefined && entry.style !== query.style) continue;
      if (query.provider !== undefined && entry.provider !== query.provider) continue;
      if (query.favourite !== undefined && entry.favourite !== query.favourite) continue;
      if (include !== undefined && !include(entry.id)) continue;
      if (!matchesAllTerms(item.search, terms)) continue;
      if (total >= offset && items.length < limit) items.push(entry);
      total++;
    }
    return { items, total, offset };
  }

  #ref(hash: string, delta: number): void {
    if (this.#hashRefs === undefined) return;
    const count = (this.#hashRefs.get(hash) ?? 0) + delta;
    if (count > 0) this.#hashRefs.set(hash, count);
    else this.#hashRefs.delete(hash);
  }

  /** First index whose createdAt is >= `time`. */
  #lowerBound(time: number): number {
    let lo = 0;
    let hi = this.#ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#ordered[mid]!.entry.createdAt < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #insertionIndex(entry: HistoryEntry): number {
    const last = this.#ordered.at(-1);
    if (last === undefined || olderFirst(last.entry, entry) <= 0) return this.#ordered.length;
    let lo = 0;
    let hi = this.#ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (olderFirst(this.#ordered[mid]!.entry, entry) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #indexOf(item: CatalogItem): number {
    let lo = this.#lowerBound(item.entry.createdAt);
    for (; lo < this.#ordered.length; lo++) {
      const candidate = this.#ordered[lo]!;
      if (candidate === item) return lo;
      if (candidate.entry.createdAt !== item.entry.createdAt) break;
    }
    return -1;
  }
}

function makeItem(entry: HistoryEntry): CatalogItem {
  // Frozen: pages hand out these very objects, and a caller's edit must fail loudly, not change the library.
  return { entry: Object.freeze(entry), search: normaliseSearchText(entry.prompt) };
}
