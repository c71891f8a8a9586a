import type { z } from 'zod';
import { matchesAllTerms, normaliseSearchText, searchTerms } from '../contract/library-search.ts';
import type { HistoryEntry, LibraryPage, libraryQuerySchema } from '../contract/history-entry.ts';

/** A query after validation and defaults. */
export type ParsedLibraryQuery = z.output<typeof libraryQuerySchema>;

/** Where entries not yet in memory are read from: the rows of an `index.snapshot` (see `snapshot-rows.ts`). */
export interface EntrySource {
  /** The entry in row `row`, read and checked each time (nothing is cached, so memory stays flat while paging). */
  entry(row: number, id: string): HistoryEntry;
  /** The image hash of row `row`, without reading its entry. */
  imageHash(row: number): string;
  /** The normalised prompt of row `row`. */
  search(row: number): string;
  /** For each row, how many of `terms` (in order) its prompt holds: it matches when that is `terms.length`. */
  rowsMatching(terms: readonly string[]): Uint16Array;
}

/**
 * One entry as the catalog keeps it: the fields a query filters and sorts on,
 * and the entry itself, or the row of the snapshot it is read from when asked
 * for. A library opened from a snapshot holds 100,000 of these, not 100,000
 * entries; a page reads its 60.
 */
export class CatalogItem {
  readonly id: string;
  readonly createdAt: number;
  readonly style: string;
  readonly provider: string;
  readonly favourite: boolean;
  /** The prompt, normalised once so a search is a plain substring scan; undefined while the entry is in its source (which searches). */
  readonly search: string | undefined;
  readonly #entry: HistoryEntry | undefined;
  readonly #source: EntrySource | undefined;
  readonly #row: number;

  private constructor(
    id: string,
    createdAt: number,
    style: string,
    provider: string,
    favourite: boolean,
    search: string | undefined,
    entry: HistoryEntry | undefined,
    source: EntrySource | undefined,
    row: number,
  ) {
    this.id = id;
    this.createdAt = createdAt;
    this.style = style;
    this.provider = provider;
    this.favourite = favourite;
    this.search = search;
    this.#entry = entry;
    this.#source = source;
    this.#row = row;
  }

  /** An entry held in memory. Frozen: pages hand out these very objects, and a caller's edit must fail loudly, not change the library. */
  static of(entry: HistoryEntry): CatalogItem {
    const { id, createdAt, style, provider, favourite } = entry;
    return new CatalogItem(
      id,
      createdAt,
      style,
      provider,
      favourite,
      normaliseSearchText(entry.prompt),
      Object.freeze(entry),
      undefined,
      -1,
    );
  }

  /** An entry left in row `row` of `source` until it is asked for; the other arguments are its columns, read with the source. */
  static stored(
    id: string,
    createdAt: number,
    style: string,
    provider: string,
    favourite: boolean,
    source: EntrySource,
    row: number,
  ): CatalogItem {
    return new CatalogItem(id, createdAt, style, provider, favourite, undefined, undefined, source, row);
  }

  get entry(): HistoryEntry {
    return this.#entry ?? this.#source!.entry(this.#row, this.id);
  }

  /** The normalised prompt, from wherever the entry is. */
  get searchText(): string {
    return this.search ?? this.#source!.search(this.#row);
  }

  /** True when the prompt holds every term; `inSource` answers for entries still in their source (see `EntrySource.rowsMatching`). */
  matches(terms: readonly string[], inSource: (source: EntrySource) => Uint16Array): boolean {
    if (this.search !== undefined) return matchesAllTerms(this.search, terms);
    return inSource(this.#source!)[this.#row] === terms.length;
  }

  get imageHash(): string {
    return this.#entry?.imageHash ?? this.#source!.imageHash(this.#row);
  }

  /** Where the entry is read from while it is not in memory. */
  get storedAt(): { readonly source: EntrySource; readonly row: number } | undefined {
    return this.#source === undefined ? undefined : { source: this.#source, row: this.#row };
  }
}

/** Sort order of the backing array: oldest first (createdAt asc, then id desc); read backwards it is newest first. */
function olderFirst(a: Pick<CatalogItem, 'createdAt' | 'id'>, b: Pick<CatalogItem, 'createdAt' | 'id'>): number {
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
      for (const item of this.#ordered) this.#ref(item.imageHash, 1);
    }
    return this.#hashRefs.has(hash);
  }

  /** Replaces the whole content, sorting once (and only when the input is out of order). */
  load(entries: Iterable<HistoryEntry>): void {
    const items: CatalogItem[] = [];
    for (const entry of entries) items.push(CatalogItem.of(entry));
    this.loadItems(items);
  }

  /** `load` for items made already (a snapshot's); they are kept in this array. */
  loadItems(items: CatalogItem[]): void {
    this.#byId.clear();
    this.#hashRefs = undefined;
    let sorted = true;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (i > 0 && olderFirst(items[i - 1]!, item) > 0) sorted = false;
      this.#byId.set(item.id, item);
    }
    if (!sorted) items.sort(olderFirst);
    this.#ordered = items;
  }

  /** Adds an entry, or replaces the one with the same id. */
  put(entry: HistoryEntry): void {
    const item = CatalogItem.of(entry);
    const existing = this.#byId.get(entry.id);
    if (existing !== undefined) {
      const at = existing.createdAt === entry.createdAt ? this.#indexOf(existing) : -1;
      if (at >= 0) {
        // Same place in the order (a favourite, say): swap the item in place.
        if (this.#hashRefs !== undefined) this.#ref(existing.imageHash, -1);
        this.#ordered[at] = item;
        this.#byId.set(entry.id, item);
        this.#ref(entry.imageHash, 1);
        return;
      }
      this.remove([entry.id]);
    }
    const at = this.#insertionIndex(item);
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
      if (this.#hashRefs !== undefined) this.#ref(item.imageHash, -1);
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

  /** Every item, newest first (the order of a snapshot, so the next open reads the first page first). */
  *newestFirst(): Iterable<CatalogItem> {
    for (let i = this.#ordered.length - 1; i >= 0; i--) yield this.#ordered[i]!;
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
    // A source answers a search for all its rows at once, the first time one of them is asked.
    const bySource = new Map<EntrySource, Uint16Array>();
    const inSource = (source: EntrySource): Uint16Array => {
      let matches = bySource.get(source);
      if (matches === undefined) bySource.set(source, (matches = source.rowsMatching(terms)));
      return matches;
    };
    let total = 0;
    for (let i = hi - 1; i >= lo; i--) {
      const item = this.#ordered[i]!;
      if (query.style !== undefined && item.style !== query.style) continue;
      if (query.provider !== undefined && item.provider !== query.provider) continue;
      if (query.favourite !== undefined && item.favourite !== query.favourite) continue;
      if (include !== undefined && !include(item.id)) continue;
      if (terms.length > 0 && !item.matches(terms, inSource)) continue;
      if (total >= offset && items.length < limit) items.push(item.entry);
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
      if (this.#ordered[mid]!.createdAt < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #insertionIndex(item: CatalogItem): number {
    const last = this.#ordered.at(-1);
    if (last === undefined || olderFirst(last, item) <= 0) return this.#ordered.length;
    let lo = 0;
    let hi = this.#ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (olderFirst(this.#ordered[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #indexOf(item: CatalogItem): number {
    let lo = this.#lowerBound(item.createdAt);
    for (; lo < this.#ordered.length; lo++) {
      const candidate = this.#ordered[lo]!;
      if (candidate === item) return lo;
      if (candidate.createdAt !== item.createdAt) break;
    }
    return -1;
  }
}
