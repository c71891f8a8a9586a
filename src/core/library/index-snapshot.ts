import { createHash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { storedEntrySchema } from '../contract/history-entry.ts';
import { tempPath } from '../util/atomic-write.ts';
import type { CatalogItem } from './library-catalog.ts';
import { IMAGE_HASH_CHARS, SnapshotRows, type SnapshotSection } from './snapshot-rows.ts';

/**
 * `index.snapshot`: the replayed index in columns, so the next open reads the
 * few fields a query needs (ids, dates, normalised prompts, style, provider,
 * favourite) in one read of a few megabytes instead of parsing and validating
 * 100,000 lines; each entry stays in the file as a row of JSON, read when a
 * page or `get` asks for it (`snapshot-rows.ts`). It is a disposable cache:
 * `index.jsonl` stays the only record (its format and its crash safety are
 * unchanged). A snapshot names the journal it was taken from (inode, byte
 * length, hashes of its first bytes and of the bytes before that length);
 * open uses it only while the journal still starts with exactly that prefix,
 * then replays just the lines appended since.
 *
 * Layout: a magic line; the rows (entries' JSON, newest first, each with a
 * CRC-32 in the columns); the columns; the image hashes; a JSON header with
 * each section's place and sha256; the header's length (4 bytes). The columns
 * are checked at open, the rows in the background (`SnapshotRows.verify`) and
 * row by row when read, the hashes when first needed. A snapshot that fails a
 * check is `damaged`: the library replays the journal and writes a new one.
 */

const MAGIC = Buffer.from('motif-index-snapshot\n');
const FORMAT = 'motif-index-snapshot';
const VERSION = 2;
/** Rows are written in chunks of about this size, a turn of the event loop apart, so the app answers meanwhile. */
const WRITE_CHUNK_BYTES = 1 << 20;
/** Longest run of rows copied from the previous snapshot in one read. */
const COPY_RUN_ROWS = 2048;

/** Where a snapshot leaves off in the journal, and how to tell it is still that journal. */
export interface JournalMark {
  readonly ino: number;
  /** The journal's length when the snapshot was taken; open replays from here. */
  readonly bytes: number;
  /** Valid records in that prefix (live and superseded), for the compaction arithmetic. */
  readonly records: number;
  /** sha256 of the first bytes of the journal. */
  readonly head: string;
  /** sha256 of the bytes just before `bytes`. */
  readonly seam: string;
}

/** What a snapshot holds: the state after replaying the journal up to `mark`. */
export interface SnapshotState {
  readonly mark: JournalMark;
  /** Live entries, newest first (the catalog's order read backwards). */
  readonly newestFirst: readonly CatalogItem[];
  /** Unreadable lines in that prefix, kept verbatim (compaction writes them back). */
  readonly unreadable: readonly Uint8Array[];
}

/** A snapshot whose columns are read: every entry's columns in memory, its row left in the file. */
export interface LoadedSnapshot {
  readonly mark: JournalMark;
  readonly unreadable: readonly Uint8Array[];
  /** Every live entry, newest first; holds the file open (the library closes it). */
  readonly rows: SnapshotRows;
}

/**
 * Why a snapshot was not used. `missing`, `outdated` (another version wrote
 * it) and `other-journal` are routine for a cache; `damaged` (a checksum or
 * the layout does not hold) is worth telling the user about.
 */
export type SnapshotUnusable = 'missing' | 'outdated' | 'other-journal' | 'damaged';

export type SnapshotRead = { readonly snapshot: LoadedSnapshot } | { readonly snapshot?: undefined; readonly unusable: SnapshotUnusable };

const COLUMNS = ['createdAt', 'rowEnds', 'rowCrcs', 'idEnds', 'styles', 'providers', 'favourites', 'ids', 'unreadable'] as const;
type Column = (typeof COLUMNS)[number];

const markSchema = z.object({
  ino: z.number(),
  bytes: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  head: z.string(),
  seam: z.string(),
});
const sectionSchema = z.object({ offset: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), sha256: z.string() });
const headerSchema = z.object({
  format: z.literal(FORMAT),
  version: z.number(),
  schema: z.string(),
  mark: markSchema,
  entries: z.number().int().nonnegative(),
  styles: z.array(z.string()),
  providers: z.array(z.string()),
  rows: sectionSchema,
  hashes: sectionSchema,
  search: sectionSchema,
  columns: sectionSchema.extend({
    parts: z.record(z.enum(COLUMNS), z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
  }),
});

/** Reads the journal's identity at `bytes`, from an open handle on it. */
export async function markJournal(handle: FileHandle, bytes: number, records: number): Promise<JournalMark> {
  const { ino } = await handle.stat();
  return {
    ino,
    bytes,
    records,
    head: await hashRange(handle, 0, Math.min(bytes, MARK_BYTES)),
    seam: await hashRange(handle, Math.max(0, bytes - MARK_BYTES), bytes),
  };
}

/** Bytes hashed at the start of the journal and before the snapshot's end of it. */
const MARK_BYTES = 4096;

/**
 * Writes the snapshot through a temp file and a rename: readers see the old
 * one or the whole new one, and an open snapshot's file is never changed.
 * Rows of entries read from a snapshot are copied as they are, not re-encoded.
 */
export async function writeIndexSnapshot(path: string, tmpDir: string, state: SnapshotState): Promise<void> {
  const temp = tempPath(tmpDir, path);
  const out = await open(temp, 'wx');
  try {
    const items = state.newestFirst;
    const n = items.length;
    const columns = new ColumnWriter(n);
    const rowsHash = createHash('sha256');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let rowsBytes = 0;
    const flush = async (): Promise<void> => {
      const data = Buffer.concat(pending, pendingBytes);
      rowsHash.update(data);
      await out.writeFile(data);
      rowsBytes += data.length;
      pending = [];
      pendingBytes = 0;
      // Writing 100,000 entries takes a while: leave room for the app.
      await nextTurn();
    };
    await out.writeFile(MAGIC);
    for (let i = 0; i < n;) {
      const stored = items[i]!.storedAt;
      let run = 1;
      if (stored?.source instanceof SnapshotRows) {
        // Consecutive rows of one open snapshot go across in one read.
        while (i + run < n && run < COPY_RUN_ROWS) {
          const next = items[i + run]!.storedAt;
          if (next?.source !== stored.source || next.row !== stored.row + run) break;
          run++;
        }
        const bytes = Buffer.from(stored.source.rowBytes(stored.row, stored.row + run));
        for (let k = 0; k < run; k++)
          columns.row(i + k, items[i + k]!, stored.source.rowLength(stored.row + k), stored.source.rowCrc(stored.row + k));
        pending.push(bytes);
        pendingBytes += bytes.length;
      } else {
        const bytes = Buffer.from(JSON.stringify(items[i]!.entry));
        columns.row(i, items[i]!, bytes.length, crc32(bytes));
        pending.push(bytes);
        pendingBytes += bytes.length;
      }
      i += run;
      if (pendingBytes >= WRITE_CHUNK_BYTES) await flush();
    }
    await flush();
    const rows: SnapshotSection = { offset: MAGIC.length, bytes: rowsBytes, sha256: rowsHash.digest('hex') };
    const { data: columnData, parts, styles, providers } = columns.finish(state.unreadable);
    const columnsAt = pad8(rows.offset + rows.bytes);
    await out.writeFile(Buffer.alloc(columnsAt - (rows.offset + rows.bytes)));
    await out.writeFile(columnData);
    const hashData = Buffer.from(columns.hashes.join(''), 'latin1');
    await out.writeFile(hashData);
    const searchData = columns.searchSection();
    await out.writeFile(searchData);
    const header = {
      format: FORMAT,
      version: VERSION,
      schema: schemaFingerprint(),
      mark: state.mark,
      entries: n,
      styles,
      providers,
      rows,
      columns: { offset: columnsAt, bytes: columnData.length, sha256: sha256(columnData), parts },
      hashes: { offset: columnsAt + columnData.length, bytes: hashData.length, sha256: sha256(hashData) },
      search: { offset: columnsAt + columnData.length + hashData.length, bytes: searchData.length, sha256: sha256(searchData) },
    } satisfies z.input<typeof headerSchema>;
    const headerData = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(headerData.length);
    await out.writeFile(Buffer.concat([headerData, length]));
    await out.close();
    await rename(temp, path);
  } catch (error) {
    await out.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Reads the snapshot's header and columns, checked, for the journal open in
 * `journal`; or says why there is no usable one. The file stays open for
 * the rows (`LoadedSnapshot.rows`) when it is used.
 */
export async function readIndexSnapshot(path: string, journal: FileHandle): Promise<SnapshotRead> {
  const file = await open(path, 'r').catch(() => undefined);
  if (file === undefined) return { unusable: 'missing' };
  let keepOpen = false;
  try {
    const { size } = await file.stat();
    const start = await readAt(file, 0, Math.min(size, MAGIC.length));
    // Version 1 was JSON lines: a cache from before, not damage.
    if (start[0] === 0x7b) return { unusable: 'outdated' };
    if (size < MAGIC.length + 4 || !start.equals(MAGIC)) return { unusable: 'damaged' };
    const headerLength = (await readAt(file, size - 4, 4)).readUInt32LE(0);
    if (headerLength > size - MAGIC.length - 4) return { unusable: 'damaged' };
    const parsed = headerSchema.safeParse(parseJson(await readAt(file, size - 4 - headerLength, headerLength)));
    if (!parsed.success) return { unusable: 'damaged' };
    const header = parsed.data;
    if (header.version !== VERSION || header.schema !== schemaFingerprint()) return { unusable: 'outdated' };
    const { mark } = header;
    if ((await journal.stat()).size < mark.bytes) return { unusable: 'other-journal' };
    const now = await markJournal(journal, mark.bytes, mark.records);
    if (now.ino !== mark.ino || now.head !== mark.head || now.seam !== mark.seam) return { unusable: 'other-journal' };
    const n = header.entries;
    const sections = [header.rows, header.columns, header.hashes, header.search];
    if (
      sections.some((s) => s.offset + s.bytes > size - 4 - headerLength) ||
      header.hashes.bytes !== n * IMAGE_HASH_CHARS ||
      header.search.bytes < n * 4
    )
      return { unusable: 'damaged' };
    // Its own buffer, so the typed arrays below start aligned.
    const data = Buffer.allocUnsafeSlow(header.columns.bytes);
    await readInto(file, data, header.columns.offset);
    if (sha256(data) !== header.columns.sha256) return { unusable: 'damaged' };
    const columns = readColumns(data, header.columns.parts, n);
    if (columns === undefined || !addsUp(columns, header.styles, header.providers)) return { unusable: 'damaged' };
    const rows = new SnapshotRows(
      file,
      { rows: header.rows, hashes: header.hashes, search: header.search },
      { ...columns, styleNames: header.styles, providerNames: header.providers },
      columns.rowEnds,
      columns.rowCrcs,
    );
    keepOpen = true;
    return { snapshot: { mark, unreadable: columns.unreadable, rows } };
  } catch {
    return { unusable: 'damaged' };
  } finally {
    if (!keepOpen) await file.close();
  }
}

interface Columns {
  readonly n: number;
  readonly createdAt: Float64Array;
  readonly rowEnds: Float64Array;
  readonly rowCrcs: Uint32Array;
  readonly idEnds: Uint32Array;
  readonly styles: Uint16Array;
  readonly providers: Uint16Array;
  readonly favourites: Uint8Array;
  readonly ids: string;
  readonly unreadable: Buffer[];
}

function readColumns(data: Buffer, parts: Partial<Record<Column, [number, number]>>, n: number): Columns | undefined {
  const part = (name: Column, width: number): Buffer => {
    const [offset, bytes] = parts[name] ?? [0, -1];
    if (offset + bytes > data.length || (width > 0 && (bytes !== n * width || offset % 8 !== 0)))
      throw new Error(`column ${name} is out of place`);
    return data.subarray(offset, offset + bytes);
  };
  const view = <T>(name: Column, Type: { BYTES_PER_ELEMENT: number; new (buffer: ArrayBuffer, offset: number, length: number): T }): T => {
    const bytes = part(name, Type.BYTES_PER_ELEMENT);
    return new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset, n);
  };
  const unreadable = parseJson(part('unreadable', 0));
  if (!Array.isArray(unreadable) || !unreadable.every((line) => typeof line === 'string')) return undefined;
  return {
    n,
    createdAt: view('createdAt', Float64Array),
    // Views: the rows keep this buffer (a few megabytes) for as long as the library is open.
    rowEnds: view('rowEnds', Float64Array),
    rowCrcs: view('rowCrcs', Uint32Array),
    idEnds: view('idEnds', Uint32Array),
    styles: view('styles', Uint16Array),
    providers: view('providers', Uint16Array),
    favourites: view('favourites', Uint8Array),
    ids: part('ids', 0).toString('utf8'),
    unreadable: unreadable.map((line: string) => Buffer.from(line, 'base64')),
  };
}

/** True when every id is non-empty and every style and provider names one of the header's (a bug, not damage, would break that). */
function addsUp(c: Columns, styles: readonly string[], providers: readonly string[]): boolean {
  const { n } = c;
  if (n > 0 && c.idEnds[n - 1] !== c.ids.length) return false;
  for (let i = 0, idAt = 0; i < n; idAt = c.idEnds[i]!, i++)
    if (c.idEnds[i]! <= idAt || c.styles[i]! >= styles.length || c.providers[i]! >= providers.length) return false;
  return true;
}

/** Collects the columns while the rows are written. */
class ColumnWriter {
  readonly #n: number;
  readonly createdAt: Float64Array;
  readonly rowEnds: Float64Array;
  readonly rowCrcs: Uint32Array;
  readonly idEnds: Uint32Array;
  readonly searchEnds: Uint32Array;
  readonly styles: Uint16Array;
  readonly providers: Uint16Array;
  readonly favourites: Uint8Array;
  readonly ids: string[] = [];
  readonly search: string[] = [];
  readonly hashes: string[] = [];
  readonly #styleNames = new Map<string, number>();
  readonly #providerNames = new Map<string, number>();
  #rowEnd = 0;
  #idEnd = 0;
  #searchEnd = 0;

  constructor(n: number) {
    this.#n = n;
    this.createdAt = new Float64Array(n);
    this.rowEnds = new Float64Array(n);
    this.rowCrcs = new Uint32Array(n);
    this.idEnds = new Uint32Array(n);
    this.searchEnds = new Uint32Array(n);
    this.styles = new Uint16Array(n);
    this.providers = new Uint16Array(n);
    this.favourites = new Uint8Array(n);
  }

  row(i: number, item: CatalogItem, rowBytes: number, crc: number): void {
    this.createdAt[i] = item.createdAt;
    this.#rowEnd += rowBytes;
    this.rowEnds[i] = this.#rowEnd;
    this.rowCrcs[i] = crc;
    this.#idEnd += item.id.length;
    this.idEnds[i] = this.#idEnd;
    this.ids.push(item.id);
    const search = item.searchText;
    this.#searchEnd += search.length;
    this.searchEnds[i] = this.#searchEnd;
    this.search.push(search);
    this.styles[i] = nameIndex(this.#styleNames, item.style);
    this.providers[i] = nameIndex(this.#providerNames, item.provider);
    this.favourites[i] = item.favourite ? 1 : 0;
    this.hashes.push(item.imageHash);
  }

  finish(unreadable: readonly Uint8Array[]): {
    data: Buffer;
    parts: Record<Column, [number, number]>;
    styles: string[];
    providers: string[];
  } {
    const arrays: Record<Column, Uint8Array> = {
      createdAt: bytesOf(this.createdAt),
      rowEnds: bytesOf(this.rowEnds),
      rowCrcs: bytesOf(this.rowCrcs),
      idEnds: bytesOf(this.idEnds),
      styles: bytesOf(this.styles),
      providers: bytesOf(this.providers),
      favourites: this.favourites,
      ids: Buffer.from(this.ids.join('')),
      unreadable: Buffer.from(JSON.stringify(unreadable.map((line) => Buffer.from(line).toString('base64')))),
    };
    const parts = {} as Record<Column, [number, number]>;
    const chunks: Uint8Array[] = [];
    let at = 0;
    for (const name of COLUMNS) {
      const bytes = arrays[name];
      parts[name] = [at, bytes.length];
      chunks.push(bytes);
      const padded = pad8(at + bytes.length);
      if (padded > at + bytes.length) chunks.push(Buffer.alloc(padded - at - bytes.length));
      at = padded;
    }
    if (this.ids.length !== this.#n) throw new Error('a snapshot row is missing');
    return { data: Buffer.concat(chunks, at), parts, styles: [...this.#styleNames.keys()], providers: [...this.#providerNames.keys()] };
  }

  /** The normalised prompts: their UTF-16 ends (4 bytes each), then their text (UTF-8), read on the first search. */
  searchSection(): Buffer {
    return Buffer.concat([bytesOf(this.searchEnds), Buffer.from(this.search.join(''))]);
  }
}

function nameIndex(names: Map<string, number>, name: string): number {
  let index = names.get(name);
  if (index === undefined) names.set(name, (index = names.size));
  return index;
}

function bytesOf(array: Float64Array | Uint32Array | Uint16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  await readInto(file, buffer, position);
  return buffer;
}

async function readInto(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
  for (let done = 0; done < buffer.length;) {
    const { bytesRead } = await file.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) throw new Error('the snapshot is shorter than its header says');
    done += bytesRead;
  }
}

let fingerprint: string | undefined;

/** Changes whenever the entry schema does, so a snapshot from another version is never trusted. */
function schemaFingerprint(): string {
  fingerprint ??= createHash('sha256')
    .update(JSON.stringify(z.toJSONSchema(storedEntrySchema, { unrepresentable: 'any' })))
    .digest('hex')
    .slice(0, 16);
  return fingerprint;
}

async function hashRange(handle: FileHandle, start: number, end: number): Promise<string> {
  const buffer = Buffer.alloc(Math.max(0, end - start));
  if (buffer.length > 0) await handle.read(buffer, 0, buffer.length, start);
  return createHash('sha256').update(buffer).digest('hex');
}
