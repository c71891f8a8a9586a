import type { z } from 'zod';
import { matchesAllTerms, normaliseSearchText, searchTerms } from '../contract/library-search.ts';
import type { HistoryEntry, LibraryPage, libraryQuerySchema } from '../contract/history-entry.ts';

/** A query after validation and defaults. */
export type ParsedLibraryQuery = z.output<typeof libraryQuerySchema>;

/**
 * Entries kept out of memory: the rows of an `index.snapshot` (see
 * `snapshot-rows.ts`), newest first. The columns a query needs are in memory;
 * each entry is read when asked for.
 */
export interface StoredRows {
  readonly count: number;
  id(row: number): string;
  createdAt(row: number): number;
  style(row: number): string;
  provider(row: number): string;
  favourite(row: number): boolean;
  /** The entry in row `row`, read and checked each time (nothing is cached, so memory stays flat while paging). */
  entry(row: number, id: string): HistoryEntry;
  /** The image hash of row `row`, without reading its entry. */
  imageHash(row: number): string;
  /** The normalised prompt of row `row`. */
  search(row: number): string;
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
  readonly #source: StoredRows | undefined;
  readonly #row: number;

  private constructor(
    id: string,
    createdAt: number,
    style: string,
    provider: string,
    favourite: boolean,
    search: string | undefined,
    entry: HistoryEntry | undefined,
    source: StoredRows | undefined,
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
    source: StoredRows,
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

  get imageHash(): string {
    return this.#entry?.imageHash ?? this.#source!.imageHash(this.#row);
  }

  /** Where the entry is read from while it is not in memory. */
  get storedAt(): { readonly source: StoredRows; readonly row: number } | undefined {
    return this.#source === undefined ? undefined : { source: this.#source, row: this.#row };
  }
}

/**
 * One place in the catalog's order: an item in memory, or (a number) a row of
 * the stored rows, which costs no object at all. A library opened from a
 * snapshot starts as 100,000 numbers; what changes after open becomes items.
 */
type Slot = CatalogItem | number;

/**
 * The library's entries in memory: in one array kept sorted, and by id. New
 * entries are nearly always the newest, so the array is stored oldest first
 * and an insert is usually a push; pages are read from the end. Nothing is
 * re-sorted per query. Newest first means createdAt descending, then id ascending.
 */
export class LibraryCatalog {
  #stored: StoredRows | undefined;
  #ordered: Slot[] = [];
  /** By id; built on first use (a page needs none, so a snapshot's first page does not wait for 100,000 inserts). */
  #byIdMap: Map<string, Slot> | undefined;
  /**
   * How many live entries use each image hash, so a delete knows when a file is
   * still needed. Built on first use: only deletes and purges need it, and
   * hashing 100,000 hashes would add a tenth to every open.
   */
  #hashRefs: Map<string, number> | undefined;

  get size(): number {
    return this.#ordered.length;
  }

  get(id: string): HistoryEntry | undefined {
    const slot = this.#byId.get(id);
    return slot === undefined ? undefined : this.#entry(slot);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Builds the index by id now (a progressive open does it in the background) instead of at the first lookup. */
  index(): void {
    void this.#byId;
  }

  /** True when a live entry uses this image hash. */
  hashInUse(hash: string): boolean {
    if (this.#hashRefs === undefined) {
      this.#hashRefs = new Map();
      for (const slot of this.#ordered) this.#ref(this.#imageHash(slot), 1);
    }
    return this.#hashRefs.has(hash);
  }

  /** Replaces the whole content, sorting once (and only when the input is out of order). */
  load(entries: Iterable<HistoryEntry>): void {
    const items: CatalogItem[] = [];
    for (const entry of entries) items.push(CatalogItem.of(entry));
    let sorted = true;
    for (let i = 1; i < items.length && sorted; i++) if (olderFirst(items[i - 1]!, items[i]!) > 0) sorted = false;
    if (!sorted) items.sort(olderFirst);
    this.#replace(items, undefined);
  }

  /** Replaces the whole content with stored rows (newest first, as a snapshot keeps them), holding none of their entries. */
  loadStored(stored: StoredRows): void {
    const n = stored.count;
    const ordered = new Array<Slot>(n);
    for (let i = 0; i < n; i++) ordered[i] = n - 1 - i;
    this.#replace(ordered, stored);
    for (let i = 1; i < n; i++)
      if (this.#compare(ordered[i - 1]!, ordered[i]!) > 0) {
        ordered.sort((a, b) => this.#compare(a, b));
        break;
      }
  }

  #replace(ordered: Slot[], stored: StoredRows | undefined): void {
    this.#ordered = ordered;
    this.#stored = stored;
    this.#byIdMap = undefined;
    this.#hashRefs = undefined;
  }

  /** Adds an entry, or replaces the one with the same id. */
  put(entry: HistoryEntry): void {
    const item = CatalogItem.of(entry);
    const existing = this.#byId.get(entry.id);
    if (existing !== undefined) {
      const at = this.#createdAt(existing) === entry.createdAt ? this.#indexOf(existing) : -1;
      if (at >= 0) {
        // Same place in the order (a favourite, say): swap the item in place.
        if (this.#hashRefs !== undefined) this.#ref(this.#imageHash(existing), -1);
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
    const removed: Slot[] = [];
    for (const id of ids) {
      const slot = this.#byId.get(id);
      if (slot === undefined) continue;
      this.#byId.delete(id);
      if (this.#hashRefs !== undefined) this.#ref(this.#imageHash(slot), -1);
      removed.push(slot);
    }
    if (removed.length === 0) return [];
    if (removed.length <= 16) {
      for (const slot of removed) {
        const at = this.#indexOf(slot);
        if (at >= 0) this.#ordered.splice(at, 1);
      }
    } else {
      // Many at once: one O(n) filter beats many O(n) splices.
      const gone = new Set(removed);
      this.#ordered = this.#ordered.filter((slot) => !gone.has(slot));
    }
    return removed.map((slot) => this.#entry(slot));
  }

  /** Every entry, oldest first (the order compaction writes them in, so the next open needs no sort). */
  *oldestFirst(): Iterable<HistoryEntry> {
    for (const slot of this.#ordered) yield this.#entry(slot);
  }

  /** Every item, newest first (the order of a snapshot, so the next open reads the first page first); stored rows as items that read from them. */
  *newestFirst(): Iterable<CatalogItem> {
    for (let i = this.#ordered.length - 1; i >= 0; i--) {
      const slot = this.#ordered[i]!;
      if (typeof slot !== 'number') yield slot;
      else {
        const stored = this.#stored!;
        yield CatalogItem.stored(
          stored.id(slot),
          stored.createdAt(slot),
          stored.style(slot),
          stored.provider(slot),
          stored.favourite(slot),
          stored,
          slot,
        );
      }
    }
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
      for (let i = hi - 1 - offset; i >= lo && items.length < limit; i--) items.push(this.#entry(this.#ordered[i]!));
      return { items, total, offset };
    }
    const stored = this.#stored;
    let total = 0;
    for (let i = hi - 1; i >= lo; i--) {
      const slot = this.#ordered[i]!;
      if (typeof slot === 'number') {
        const rows = stored!;
        if (query.style !== undefined && rows.style(slot) !== query.style) continue;
        if (query.provider !== undefined && rows.provider(slot) !== query.provider) continue;
        if (query.favourite !== undefined && rows.favourite(slot) !== query.favourite) continue;
        if (terms.length > 0 && !matchesAllTerms(rows.search(slot), terms)) continue;
        if (include !== undefined && !include(rows.id(slot))) continue;
      } else {
        if (query.style !== undefined && slot.style !== query.style) continue;
        if (query.provider !== undefined && slot.provider !== query.provider) continue;
        if (query.favourite !== undefined && slot.favourite !== query.favourite) continue;
        if (terms.length > 0 && !matchesAllTerms(slot.searchText, terms)) continue;
        if (include !== undefined && !include(slot.id)) continue;
      }
      if (total >= offset && items.length < limit) items.push(this.#entry(slot));
      total++;
    }
    return { items, total, offset };
  }

  get #byId(): Map<string, Slot> {
    if (this.#byIdMap === undefined) {
      const map = new Map<string, Slot>();
      for (const slot of this.#ordered) map.set(this.#id(slot), slot);
      this.#byIdMap = map;
    }
    return this.#byIdMap;
  }

  #id(slot: Slot): string {
    return typeof slot === 'number' ? this.#stored!.id(slot) : slot.id;
  }

  #createdAt(slot: Slot): number {
    return typeof slot === 'number' ? this.#stored!.createdAt(slot) : slot.createdAt;
  }

  #entry(slot: Slot): HistoryEntry {
    return typeof slot === 'number' ? this.#stored!.entry(slot, this.#stored!.id(slot)) : slot.entry;
  }

  #imageHash(slot: Slot): string {
    return typeof slot === 'number' ? this.#stored!.imageHash(slot) : slot.imageHash;
  }

  /** The catalog's order: oldest first (createdAt asc, then id desc); read backwards it is newest first. */
  #compare(a: Slot, b: Slot): number {
    const at = this.#createdAt(a);
    const bt = this.#createdAt(b);
    if (at !== bt) return at - bt;
    const aid = this.#id(a);
    const bid = this.#id(b);
    return aid < bid ? 1 : aid > bid ? -1 : 0;
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
      if (this.#createdAt(this.#ordered[mid]!) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #insertionIndex(item: CatalogItem): number {
    const last = this.#ordered.at(-1);
    if (last === undefined || this.#compare(last, item) <= 0) return this.#ordered.length;
    let lo = 0;
    let hi = this.#ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(this.#ordered[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #indexOf(slot: Slot): number {
    const time = this.#createdAt(slot);
    for (let at = this.#lowerBound(time); at < this.#ordered.length; at++) {
      const candidate = this.#ordered[at]!;
      if (candidate === slot) return at;
      if (this.#createdAt(candidate) !== time) break;
    }
    return -1;
  }
}

/** The order of in-memory items (see `LibraryCatalog.#compare`). */
function olderFirst(a: CatalogItem, b: CatalogItem): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
