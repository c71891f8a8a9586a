import { open, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { indexRecordCodec, type IndexRecord } from './index-record.ts';
import type { LineCodec } from './json-line-codec.ts';
import { tempPath } from '../util/atomic-write.ts';
import { isCode, syncDir } from './durable-fs.ts';
import { markJournal, type JournalMark } from './index-snapshot.ts';
import { MotifError } from '../errors/motif-error.ts';

const NEWLINE = 0x0a;
const READ_CHUNK = 4 * 1024 * 1024;
/**
 * Unreadable lines are held in memory so compaction can write them back; a
 * wrecked file must not exhaust memory, so past this the library stops
 * compacting instead (see `IndexReplay.unreadableComplete`).
 */
const MAX_UNREADABLE_BYTES = 16 * 1024 * 1024;
/** Compaction writes in chunks of about this many characters. */
const WRITE_CHUNK_CHARS = 1024 * 1024;

/** What reading the log found. */
export interface IndexReplay {
  /** Valid records read. */
  readonly records: number;
  /** Lines this version cannot read: torn, not JSON, or a record of a shape it does not know. */
  readonly corruptLines: number;
  /** The raw bytes of those lines (no newline), in order, so compaction keeps them byte for byte. */
  readonly unreadable: readonly Uint8Array[];
  /** False when there were more unreadable bytes than are held in memory: then the log must not be rewritten. */
  readonly unreadableComplete: boolean;
  /** True when reading started at the offset `resumeFrom` gave (the lines before it were not read). */
  readonly resumed: boolean;
}

/** Where to start reading instead of the beginning: a line boundary, and the valid records before it. */
export interface ResumePoint {
  readonly bytes: number;
  readonly records: number;
}

/**
 * `index.jsonl` (and `projects.jsonl`, with its own codec): one JSON record
 * per line, appended and fsynced, never edited in place. A torn or corrupt
 * line costs only itself: reading skips it, and the log makes sure it ends
 * with a newline before appending so a torn tail can never glue onto the next record.
 */
export class IndexLog<R = IndexRecord> {
  readonly path: string;
  readonly #codec: LineCodec<R>;
  #handle: FileHandle;
  #bytes: number;
  #records: number;
  /** Whether the file is known to end with a newline; false after a failed append until checked. */
  #tailClean: boolean;
  /** True when the file could only be opened for reading: every write is refused with a clear error. */
  readOnly = false;

  private constructor(path: string, codec: LineCodec<R>, handle: FileHandle, bytes: number, records: number, tailClean: boolean) {
    this.path = path;
    this.#codec = codec;
    this.#handle = handle;
    this.#bytes = bytes;
    this.#records = records;
    this.#tailClean = tailClean;
  }

  /**
   * Opens (creating if needed) and replays the log, calling `onRecord` for each
   * valid record in order. `resumeFrom` may name a point to start from instead
   * (the end of what a snapshot covers); it is used only when it falls on a line boundary.
   */
  static async open(
    path: string,
    onRecord: (record: IndexRecord) => void,
    resumeFrom?: (handle: FileHandle) => Promise<ResumePoint | undefined>,
  ): Promise<{ log: IndexLog; replay: IndexReplay }> {
    return IndexLog.openWith(path, indexRecordCodec, onRecord, resumeFrom);
  }

  /** `open` for a log of other records, read and written with `codec`. */
  static async openWith<T>(
    path: string,
    codec: LineCodec<T>,
    onRecord: (record: T) => void,
    resumeFrom?: (handle: FileHandle) => Promise<ResumePoint | undefined>,
  ): Promise<{ log: IndexLog<T>; replay: IndexReplay }> {
    let handle: FileHandle;
    let readOnly = false;
    try {
      handle = await open(path, 'a+');
    } catch (error) {
      // A folder that cannot be written (read-only drive, permissions): still readable, so the library can be browsed.
      if (!isCode(error, 'EROFS', 'EACCES', 'EPERM')) throw error;
      handle = await open(path, 'r');
      readOnly = true;
    }
    try {
      const start = await resumeFrom?.(handle);
      const resume = start !== undefined && (await endsLine(handle, start.bytes)) ? start : undefined;
      const replay = await readRecords(handle, codec, onRecord, resume);
      const log = new IndexLog(path, codec, handle, replay.bytes, replay.records, replay.endsWithNewline);
      log.readOnly = readOnly;
      return {
        log,
        replay: {
          records: replay.records,
          corruptLines: replay.corruptLines,
          unreadable: replay.unreadable,
          unreadableComplete: replay.unreadableComplete,
          resumed: replay.resumed,
        },
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Size of the file in bytes. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Valid records in the file (live and superseded). */
  get records(): number {
    return this.#records;
  }

  /** The log's identity at its current length, for a snapshot that covers all of it; undefined after a failed append. */
  async mark(): Promise<JournalMark | undefined> {
    return this.#tailClean ? markJournal(this.#handle, this.#bytes, this.#records) : undefined;
  }

  /**
   * Reads the lines another process appended since this log last read or
   * wrote, calling `onRecord` for each valid record in order; returns their
   * count and the unreadable ones. A last line without its newline may still
   * be being written, so it waits for the next call.
   */
  async readNew(onRecord: (record: R) => void): Promise<{ records: number; unreadable: Buffer[] }> {
    const { size } = await this.#handle.stat();
    const found = { records: 0, unreadable: [] as Buffer[] };
    if (size <= this.#bytes) return found;
    const data = Buffer.alloc(size - this.#bytes);
    const { bytesRead } = await this.#handle.read(data, 0, data.length, this.#bytes);
    const end = data.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (end === -1) return found;
    for (let start = 0, nl = data.indexOf(NEWLINE); nl !== -1 && nl <= end; start = nl + 1, nl = data.indexOf(NEWLINE, start)) {
      const text = data.toString('utf8', start, nl);
      if (text.trim().length === 0) continue;
      const record = this.#codec.decode(text);
      if (record === undefined) found.unreadable.push(Buffer.from(data.subarray(start, nl)));
      else {
        found.records++;
        onRecord(record);
      }
    }
    this.#bytes += end + 1;
    this.#records += found.records;
    this.#tailClean = true;
    return found;
  }

  /** A quick look (two `stat`s) for whether another process appended to or replaced the file since this log last read it. */
  async mayHaveChanged(): Promise<boolean> {
    const [mine, current] = await Promise.all([this.#handle.stat(), stat(this.path).catch(() => undefined)]);
    return mine.size !== this.#bytes || current === undefined || current.ino !== mine.ino || current.dev !== mine.dev;
  }

  /** True when the file at the log's path is no longer the one this log has open (another process rewrote it). */
  async replacedOnDisk(): Promise<boolean> {
    const [mine, current] = await Promise.all([this.#handle.stat(), stat(this.path).catch(() => undefined)]);
    return current === undefined || current.ino !== mine.ino || current.dev !== mine.dev;
  }

  /** Appends records as one write and waits until they are on disk. */
  async append(records: readonly R[]): Promise<void> {
    if (records.length === 0) return;
    this.#assertWritable();
    let text = records.map((record) => this.#codec.encode(record)).join('');
    if (!this.#tailClean && !(await this.#endsWithNewline())) text = `\n${text}`;
    const data = Buffer.from(text, 'utf8');
    this.#tailClean = false;
    const before = this.#bytes;
    let size: number;
    try {
      // Opened with O_APPEND: each write lands at the end whatever the position.
      await this.#handle.appendFile(data);
      await this.#handle.datasync();
      ({ size } = await this.#handle.stat());
    } catch (error) {
      this.#bytes = (await this.#handle.stat().catch(() => undefined))?.size ?? this.#bytes;
      throw error;
    }
    this.#tailClean = true;
    // Another process appended around this write: `readNew` reads from before it, this log's own lines included (replaying them again changes nothing).
    if (size !== before + data.byteLength) return;
    this.#bytes = size;
    this.#records += records.length;
  }

  /**
   * Replaces the log with `keptLines` (unreadable lines, written back verbatim)
   * followed by `records`: written to a temp file in `tmpDir` (same volume),
   * fsynced, renamed over the index, directory fsynced. A crash at any point
   * leaves either the old log or the new one, plus at most a temp file.
   */
  async rewrite(records: Iterable<R>, tmpDir: string, keptLines: readonly Uint8Array[] = []): Promise<void> {
    this.#assertWritable();
    const temp = tempPath(tmpDir, basename(this.path));
    let count = 0;
    let bytes = 0;
    const out = await open(temp, 'wx');
    try {
      if (keptLines.length > 0) {
        const data = joinLines(keptLines);
        await out.writeFile(data);
        bytes += data.byteLength;
      }
      let chunk = '';
      for (const record of records) {
        chunk += this.#codec.encode(record);
        count++;
        if (chunk.length >= WRITE_CHUNK_CHARS) {
          bytes += await writeAll(out, chunk);
          chunk = '';
        }
      }
      bytes += await writeAll(out, chunk);
      await out.sync();
    } catch (error) {
      await out.close();
      await rm(temp, { force: true });
      throw error;
    }
    await out.close();
    await this.#handle.close();
    try {
      await rename(temp, this.path);
      await syncDir(dirname(this.path));
      this.#bytes = bytes;
      this.#records = count;
      this.#tailClean = true;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    } finally {
      // Reopen whichever file now sits at the path, so the log stays usable either way.
      this.#handle = await open(this.path, 'a+');
    }
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }

  #assertWritable(): void {
    if (this.readOnly)
      throw new MotifError('library_io', {
        message: 'The library folder is read-only: images can be browsed but nothing can be saved or changed.',
      });
  }

  async #endsWithNewline(): Promise<boolean> {
    const { size } = await this.#handle.stat();
    this.#bytes = size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await this.#handle.read(last, 0, 1, size - 1);
    return last[0] === NEWLINE;
  }
}

/** Lines as bytes, each followed by a newline. */
export function joinLines(lines: readonly Uint8Array[]): Buffer {
  return Buffer.concat(lines.flatMap((line) => [line, NEWLINE_BYTE]));
}

const NEWLINE_BYTE = Buffer.from([NEWLINE]);

async function writeAll(handle: FileHandle, text: string): Promise<number> {
  if (text.length === 0) return 0;
  const data = Buffer.from(text, 'utf8');
  await handle.writeFile(data);
  return data.byteLength;
}

/** True when `bytes` is the start of the file or just after a newline. */
async function endsLine(handle: FileHandle, bytes: number): Promise<boolean> {
  if (bytes === 0) return true;
  const last = Buffer.alloc(1);
  const { bytesRead } = await handle.read(last, 0, 1, bytes - 1);
  return bytesRead === 1 && last[0] === NEWLINE;
}

interface RawReplay {
  resumed: boolean;
  records: number;
  corruptLines: number;
  unreadable: Buffer[];
  unreadableComplete: boolean;
  bytes: number;
  endsWithNewline: boolean;
}

/** Reads the file in chunks, splitting on newline bytes (never inside a UTF-8 sequence). */
async function readRecords<R>(
  handle: FileHandle,
  codec: LineCodec<R>,
  onRecord: (record: R) => void,
  start?: ResumePoint,
): Promise<RawReplay> {
  const result: RawReplay = {
    resumed: start !== undefined,
    records: start?.records ?? 0,
    corruptLines: 0,
    unreadable: [],
    unreadableComplete: true,
    bytes: 0,
    endsWithNewline: true,
  };
  let unreadableBytes = 0;
  const consume = (line: Buffer): void => {
    if (line.length === 0) return;
    const text = line.toString('utf8');
    // Blank lines (say, from a hand edit) are harmless, not corruption.
    if (text.trim().length === 0) return;
    const record = codec.decode(text);
    if (record !== undefined) {
      result.records++;
      onRecord(record);
      return;
    }
    result.corruptLines++;
    if (unreadableBytes + line.length <= MAX_UNREADABLE_BYTES) {
      // Copied: `line` may be a view of the reused read buffer.
      result.unreadable.push(Buffer.from(line));
      unreadableBytes += line.length;
    } else {
      result.unreadableComplete = false;
    }
  };
  let carry: Buffer = Buffer.alloc(0);
  let position = start?.bytes ?? 0;
  const buffer = Buffer.allocUnsafe(READ_CHUNK);
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const data = carry.length === 0 ? buffer.subarray(0, bytesRead) : Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
    let start = 0;
    for (let nl = data.indexOf(NEWLINE, start); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
      consume(data.subarray(start, nl));
      start = nl + 1;
    }
    // Copy the remainder: `buffer` is reused by the next read.
    carry = Buffer.from(data.subarray(start));
  }
  result.bytes = position;
  if (carry.length > 0) {
    // A last line with no newline: a torn write, unless it happens to be complete.
    result.endsWithNewline = false;
    consume(carry);
  }
  return result;
}
