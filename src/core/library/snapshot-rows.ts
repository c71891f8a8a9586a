import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { HistoryEntry } from '../contract/history-entry.ts';
import { MotifError } from '../errors/motif-error.ts';
import type { StoredRows } from './library-catalog.ts';

/** Where one checksummed section lies in the snapshot file. */
export interface SnapshotSection {
  readonly offset: number;
  readonly bytes: number;
  /** sha256 of the section's bytes, hex. */
  readonly sha256: string;
}

/** The columns of a snapshot held in memory, one element per row (newest first). */
export interface SnapshotColumns {
  readonly createdAt: Float64Array;
  readonly styles: Uint16Array;
  readonly providers: Uint16Array;
  readonly favourites: Uint8Array;
  /** Where each id ends in `ids` (UTF-16 units). */
  readonly idEnds: Uint32Array;
  /** Every id, back to back. */
  readonly ids: string;
  readonly styleNames: readonly string[];
  readonly providerNames: readonly string[];
}

/** Image hashes are 64 hex characters (the entry schema says so), stored back to back. */
export const IMAGE_HASH_CHARS = 64;

/**
 * The entries of an open `index.snapshot`, read from the file when asked for
 * (a page, `get`, an export) and never kept: the catalog holds only what a
 * query needs. Each row is the entry's JSON with a CRC-32, checked on every
 * read; the file is held open, and a snapshot is only ever replaced by a
 * rename, never written in place, so what was checked at open stays put. A
 * row that fails its check calls `onDamaged` (the library re-reads its
 * journal) and throws `library_corrupt`.
 */
export class SnapshotRows implements StoredRows {
  readonly #file: FileHandle;
  readonly #columns: SnapshotColumns;
  readonly #rows: SnapshotSection;
  /** Byte end of each row inside the rows section. */
  readonly #ends: Float64Array;
  readonly #crcs: Uint32Array;
  readonly #hashSection: SnapshotSection;
  readonly #searchSection: SnapshotSection;
  #hashes: string | undefined;
  #search: string[] | undefined;
  #scratch = Buffer.allocUnsafe(4096);
  #closed = false;
  /** Told once when a row or the hash column turns out damaged. */
  onDamaged: (() => void) | undefined;

  constructor(
    file: FileHandle,
    sections: { readonly rows: SnapshotSection; readonly hashes: SnapshotSection; readonly search: SnapshotSection },
    columns: SnapshotColumns,
    ends: Float64Array,
    crcs: Uint32Array,
  ) {
    this.#file = file;
    this.#columns = columns;
    this.#rows = sections.rows;
    this.#hashSection = sections.hashes;
    this.#searchSection = sections.search;
    this.#ends = ends;
    this.#crcs = crcs;
  }

  get count(): number {
    return this.#ends.length;
  }

  id(row: number): string {
    const { ids, idEnds } = this.#columns;
    return ids.slice(row === 0 ? 0 : idEnds[row - 1], idEnds[row]);
  }

  createdAt(row: number): number {
    return this.#columns.createdAt[row]!;
  }

  style(row: number): string {
    return this.#columns.styleNames[this.#columns.styles[row]!]!;
  }

  provider(row: number): string {
    return this.#columns.providerNames[this.#columns.providers[row]!]!;
  }

  favourite(row: number): boolean {
    return this.#columns.favourites[row] === 1;
  }

  entry(row: number, id: string): HistoryEntry {
    const bytes = this.rowBytes(row, row + 1);
    let entry: HistoryEntry;
    try {
      entry = JSON.parse(bytes.toString('utf8')) as HistoryEntry;
    } catch (error) {
      throw this.#damaged(`entry ${id} does not read`, error);
    }
    return Object.freeze(trustedEntry(entry, id, () => this.#damaged(`entry ${id} is not an entry`)));
  }

  imageHash(row: number): string {
    this.#hashes ??= this.#readSection(this.#hashSection, 'the image hashes').toString('latin1');
    return this.#hashes.slice(row * IMAGE_HASH_CHARS, (row + 1) * IMAGE_HASH_CHARS);
  }

  search(row: number): string {
    return this.loadSearch()[row]!;
  }

  /**
   * The normalised prompts for searching, read once (a few megabytes; a
   * progressive open does it in the background): slices of one string, so
   * 100,000 prompts cost 100,000 small headers, not 100,000 copies.
   */
  loadSearch(): readonly string[] {
    if (this.#search === undefined) {
      const n = this.#ends.length;
      const bytes = this.#readSection(this.#searchSection, 'the prompts');
      const ends = new Uint32Array(bytes.buffer, bytes.byteOffset, n);
      const text = bytes.toString('utf8', n * 4);
      if (n > 0 && ends[n - 1] !== text.length) throw this.#damaged('the prompts do not add up');
      const prompts = new Array<string>(n);
      for (let row = 0, at = 0; row < n; at = ends[row]!, row++) prompts[row] = text.slice(at, ends[row]);
      this.#search = prompts;
    }
    return this.#search;
  }

  /**
   * Rows `[from, to)` as they are stored, each checked against its CRC-32: a
   * new snapshot copies the rows of entries nobody changed without parsing them.
   * The buffer is reused by the next read.
   */
  rowBytes(from: number, to: number): Buffer {
    const start = from === 0 ? 0 : this.#ends[from - 1]!;
    const bytes = this.#read(this.#rows.offset + start, this.#ends[to - 1]! - start);
    for (let row = from, at = 0; row < to; row++) {
      const end = this.#ends[row]! - start;
      if (crc32(bytes.subarray(at, end)) !== this.#crcs[row]) throw this.#damaged(`row ${row} does not match its checksum`);
      at = end;
    }
    return bytes;
  }

  /** The CRC-32 row `row` was written with. */
  rowCrc(row: number): number {
    return this.#crcs[row]!;
  }

  /** Length of row `row` in bytes. */
  rowLength(row: number): number {
    return this.#ends[row]! - (row === 0 ? 0 : this.#ends[row - 1]!);
  }

  /** Checks the whole rows section against its sha256, a few megabytes per turn of the event loop. */
  async verify(yieldTurn: () => Promise<unknown>): Promise<boolean> {
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(4 << 20);
    for (let at = 0; at < this.#rows.bytes;) {
      const { bytesRead } = await this.#file.read(chunk, 0, Math.min(chunk.length, this.#rows.bytes - at), this.#rows.offset + at);
      if (bytesRead === 0) return false;
      hash.update(chunk.subarray(0, bytesRead));
      at += bytesRead;
      await yieldTurn();
    }
    return hash.digest('hex') === this.#rows.sha256;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#file.close();
  }

  #read(position: number, length: number, into?: Buffer): Buffer {
    if (this.#closed) throw new MotifError('library_io', { message: 'The library is closed.' });
    if (into === undefined && this.#scratch.length < length) this.#scratch = Buffer.allocUnsafe(Math.max(length, this.#scratch.length * 2));
    const buffer = into ?? this.#scratch;
    let done = 0;
    while (done < length) {
      const read = readSync(this.#file.fd, buffer, done, length - done, position + done);
      if (read === 0) throw this.#damaged('the file is shorter than its header says');
      done += read;
    }
    return buffer.subarray(0, length);
  }

  #readSection(section: SnapshotSection, what: string): Buffer {
    // Its own buffer: the scratch one stays row-sized.
    const bytes = this.#read(section.offset, section.bytes, Buffer.allocUnsafeSlow(section.bytes));
    if (createHash('sha256').update(bytes).digest('hex') !== section.sha256) throw this.#damaged(`${what} do not match their checksum`);
    return bytes;
  }

  #damaged(what: string, cause?: unknown): MotifError {
    const notify = this.onDamaged;
    this.onDamaged = undefined;
    notify?.();
    return new MotifError('library_corrupt', {
      message: `The library's start-up cache (index.snapshot) is damaged: ${what}. The library is reading its index again; try again in a moment.`,
      cause,
    });
  }
}

/**
 * An entry read from a checksummed snapshot row, written by this version from
 * validated entries (the header's schema fingerprint says so): checked for
 * shape, not run through zod, which was most of the cost of opening a big library.
 */
function trustedEntry(entry: HistoryEntry, id: string, fail: () => Error): HistoryEntry {
  if (
    typeof entry !== 'object' ||
    entry === null ||
    entry.id !== id ||
    typeof entry.createdAt !== 'number' ||
    typeof entry.prompt !== 'string' ||
    typeof entry.imageHash !== 'string' ||
    typeof entry.favourite !== 'boolean' ||
    !Array.isArray(entry.attempts)
  )
    throw fail();
  return entry;
}
