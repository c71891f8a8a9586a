import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { HistoryEntry } from '../contract/history-entry.ts';
import { MotifError } from '../errors/motif-error.ts';
import type { EntrySource } from './library-catalog.ts';

/** Where one checksummed section lies in the snapshot file. */
export interface SnapshotSection {
  readonly offset: number;
  readonly bytes: number;
  /** sha256 of the section's bytes, hex. */
  readonly sha256: string;
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
export class SnapshotRows implements EntrySource {
  readonly #file: FileHandle;
  readonly #rows: SnapshotSection;
  /** Byte end of each row inside the rows section. */
  readonly #ends: Float64Array;
  readonly #crcs: Uint32Array;
  readonly #hashSection: SnapshotSection;
  readonly #searchSection: SnapshotSection;
  #hashes: string | undefined;
  #search: { readonly text: string; readonly ends: Uint32Array } | undefined;
  #scratch = Buffer.allocUnsafe(4096);
  #closed = false;
  /** Told once when a row or the hash column turns out damaged. */
  onDamaged: (() => void) | undefined;

  constructor(
    file: FileHandle,
    sections: { readonly rows: SnapshotSection; readonly hashes: SnapshotSection; readonly search: SnapshotSection },
    ends: Float64Array,
    crcs: Uint32Array,
  ) {
    this.#file = file;
    this.#rows = sections.rows;
    this.#hashSection = sections.hashes;
    this.#searchSection = sections.search;
    this.#ends = ends;
    this.#crcs = crcs;
  }

  get rowCount(): number {
    return this.#ends.length;
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
    const { text, ends } = this.loadSearch();
    return text.slice(row === 0 ? 0 : ends[row - 1], ends[row]);
  }

  /**
   * Which rows' prompts hold every term: `matches[row] === terms.length`.
   * Each term is looked for in the one string of all prompts, so a search
   * costs a few jumps per hit, not a scan of 100,000 strings.
   */
  rowsMatching(terms: readonly string[]): Uint16Array {
    const { text, ends } = this.loadSearch();
    const matches = new Uint16Array(ends.length);
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      for (let at = text.indexOf(term); at !== -1;) {
        const row = rowAt(ends, at);
        // A hit that runs into the next prompt is no hit; look again from its next character.
        if (at + term.length > ends[row]!) {
          at = text.indexOf(term, at + 1);
          continue;
        }
        // Counts only for rows that held every earlier term; then on to the next row.
        if (matches[row] === t) matches[row] = t + 1;
        at = text.indexOf(term, ends[row]);
      }
    }
    return matches;
  }

  /** Reads the prompts for searching (a few megabytes, once); a progressive open does it in the background. */
  loadSearch(): { readonly text: string; readonly ends: Uint32Array } {
    if (this.#search === undefined) {
      const n = this.#ends.length;
      const bytes = this.#readSection(this.#searchSection, 'the prompts');
      // Copied out of the scratch buffer into memory of their own (and aligned).
      const ends = new Uint32Array(n);
      new Uint8Array(ends.buffer).set(bytes.subarray(0, n * 4));
      const text = bytes.toString('utf8', n * 4);
      if (n > 0 && ends[n - 1] !== text.length) throw this.#damaged('the prompts do not add up');
      this.#search = { text, ends };
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

/** The row whose text holds character `at`: the first whose end lies past it. */
function rowAt(ends: Uint32Array, at: number): number {
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
