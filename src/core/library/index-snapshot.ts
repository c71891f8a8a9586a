import { createHash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { z } from 'zod';
import { storedEntrySchema, type HistoryEntry } from '../contract/history-entry.ts';
import { tempPath } from '../util/atomic-write.ts';

/**
 * `index.snapshot`: the replayed index, written newest first, so the next open
 * reads the gallery's first page from the top of one file and the rest without
 * validating 100,000 lines again. It is a disposable cache: `index.jsonl` stays
 * the only record (its format and its crash safety are unchanged). A snapshot
 * names the journal it was taken from (inode, byte length, and hashes of its
 * first bytes and of the bytes before that length); open uses it only while
 * the journal still starts with exactly that prefix, then replays just the
 * lines appended since. Anything else (missing, from another schema, another
 * journal, torn, a line that does not parse) and it is ignored: the library is
 * replayed from the journal as before and a fresh snapshot is written.
 *
 * Layout, one JSON value per line: a header; the unreadable journal lines it
 * carries (base64); every live id, newest first; one entry per line, newest
 * first; an end line with the entry count.
 */

const FORMAT = 'motif-index-snapshot';
const VERSION = 1;
/** Bytes hashed at the start of the journal and before the snapshot's end of it. */
const MARK_BYTES = 4096;
/** Entries validated in full and served while the rest loads: more than the largest page (500). */
const SNAPSHOT_HEAD_ENTRIES = 600;
/** Lines parsed between turns of the event loop while the rest loads, so the app answers meanwhile. */
const LINES_PER_TURN = 5000;
const WRITE_CHUNK_CHARS = 1 << 20;
const READ_CHUNK = 2 << 20;

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
  readonly newestFirst: readonly HistoryEntry[];
  /** Unreadable lines in that prefix, kept verbatim (compaction writes them back). */
  readonly unreadable: readonly Uint8Array[];
}

/** A snapshot whose head is read; `rest()` reads the remaining entries. */
export interface LoadedSnapshot {
  readonly mark: JournalMark;
  readonly unreadable: readonly Uint8Array[];
  /** Every live id, newest first: the exact count before the rest is read. */
  readonly ids: readonly string[];
  /** The newest entries (up to `SNAPSHOT_HEAD_ENTRIES`), newest first, each validated. */
  readonly head: readonly HistoryEntry[];
  /** The other entries, newest first, parsed a few thousand per turn of the event loop; rejects when one is unreadable. */
  rest(): Promise<HistoryEntry[]>;
}

const markSchema = z.object({
  ino: z.number(),
  bytes: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  head: z.string(),
  seam: z.string(),
});
const headerSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  schema: z.string(),
  mark: markSchema,
  entries: z.number().int().nonnegative(),
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

/** Writes the snapshot through a temp file and a rename: readers see the old one or the whole new one. */
export async function writeIndexSnapshot(path: string, tmpDir: string, state: SnapshotState): Promise<void> {
  const temp = tempPath(tmpDir, path);
  const out = await open(temp, 'wx');
  try {
    const header = { format: FORMAT, version: VERSION, schema: schemaFingerprint(), mark: state.mark, entries: state.newestFirst.length };
    let chunk = `${JSON.stringify(header)}\n${JSON.stringify(state.unreadable.map((line) => Buffer.from(line).toString('base64')))}\n`;
    chunk += `${JSON.stringify(state.newestFirst.map((entry) => entry.id))}\n`;
    for (let i = 0; i < state.newestFirst.length; i++) {
      chunk += `${JSON.stringify(state.newestFirst[i])}\n`;
      if (chunk.length >= WRITE_CHUNK_CHARS) {
        await out.writeFile(chunk);
        chunk = '';
        // Serialising 100,000 entries is a few hundred milliseconds of work: leave room for the app.
        await nextTurn();
      }
    }
    await out.writeFile(`${chunk}${JSON.stringify({ end: state.newestFirst.length })}\n`);
    await out.close();
    await rename(temp, path);
  } catch (error) {
    await out.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Reads the snapshot's header, ids and newest entries, or undefined when there
 * is no usable one for the journal open in `journal` (missing, another
 * format or schema, another journal, or a line that does not read).
 */
export async function readIndexSnapshot(path: string, journal: FileHandle): Promise<LoadedSnapshot | undefined> {
  const file = await open(path, 'r').catch(() => undefined);
  if (file === undefined) return undefined;
  // The head is read from the first megabytes; the rest of the file only when `rest()` asks for it.
  const lines = new LineReader(file);
  let keepOpen = false;
  try {
    const header = headerSchema.safeParse(JSON.parse((await lines.next()) ?? ''));
    if (!header.success || header.data.schema !== schemaFingerprint()) return undefined;
    const { mark, entries } = header.data;
    const { size } = await journal.stat();
    if (size < mark.bytes) return undefined;
    const now = await markJournal(journal, mark.bytes, mark.records);
    if (now.ino !== mark.ino || now.head !== mark.head || now.seam !== mark.seam) return undefined;
    const unreadable = stringArray(JSON.parse((await lines.next()) ?? '')).map((text) => Buffer.from(text, 'base64'));
    const ids = stringArray(JSON.parse((await lines.next()) ?? ''));
    if (ids.length !== entries) return undefined;
    const head: HistoryEntry[] = [];
    for (let i = 0; i < Math.min(entries, SNAPSHOT_HEAD_ENTRIES); i++) {
      const entry = shareEmptyWarnings(storedEntrySchema.parse(JSON.parse((await lines.next()) ?? '')));
      if (entry.id !== ids[i]) return undefined;
      head.push(entry);
    }
    const rest = async (): Promise<HistoryEntry[]> => {
      try {
        const more: HistoryEntry[] = [];
        for (let i = head.length; i < entries; i++) {
          more.push(trustedEntry(lines.nextBuffered() ?? (await lines.next()), ids[i]));
          if (i % LINES_PER_TURN === 0) await nextTurn();
        }
        if (JSON.parse((await lines.next()) ?? '')?.end !== entries) throw new Error('the snapshot has no end line');
        return more;
      } finally {
        lines.release();
        await file.close();
      }
    };
    keepOpen = true;
    return { mark, unreadable, ids, head, rest };
  } catch {
    return undefined;
  } finally {
    if (!keepOpen) await file.close();
  }
}

function stringArray(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error('not a list of strings');
  return value;
}

/**
 * An entry line past the head. Written by this version from validated entries
 * (the header's schema fingerprint says so), so it is checked for shape, not
 * run through zod: that check was most of the cost of opening a big library.
 */
function trustedEntry(line: string | undefined, id: string | undefined): HistoryEntry {
  const entry = JSON.parse(line ?? '') as HistoryEntry;
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
    throw new Error(`snapshot entry ${String(id)} is not an entry`);
  return shareEmptyWarnings(entry);
}

const NO_WARNINGS: HistoryEntry['warnings'] = Object.freeze([]) as unknown as HistoryEntry['warnings'];

/** Most entries have no warnings: one shared empty list instead of 100,000 is a few megabytes less. */
function shareEmptyWarnings(entry: HistoryEntry): HistoryEntry {
  if (Array.isArray(entry.warnings) && entry.warnings.length === 0) entry.warnings = NO_WARNINGS;
  return entry;
}

/** Reads a file line by line through one reused buffer of a few megabytes. */
class LineReader {
  readonly #file: FileHandle;
  #buffer = Buffer.allocUnsafe(READ_CHUNK);
  /** Unread bytes are `#buffer[#at, #end)`. */
  #at = 0;
  #end = 0;
  #position = 0;
  #eof = false;

  constructor(file: FileHandle) {
    this.#file = file;
  }

  /** Lets go of the buffer once reading is done. */
  release(): void {
    this.#buffer = Buffer.alloc(0);
    this.#at = 0;
    this.#end = 0;
    this.#eof = true;
  }

  /** The next line if it is already read, else undefined (then call `next()`). */
  nextBuffered(): string | undefined {
    const nl = this.#buffer.indexOf(0x0a, this.#at);
    if (nl === -1 || nl >= this.#end) return undefined;
    const line = this.#buffer.toString('utf8', this.#at, nl);
    this.#at = nl + 1;
    return line;
  }

  /** The next line, reading more of the file as needed; undefined at the end. */
  async next(): Promise<string | undefined> {
    for (;;) {
      const line = this.nextBuffered();
      if (line !== undefined) return line;
      if (this.#eof) {
        if (this.#at >= this.#end) return undefined;
        const last = this.#buffer.toString('utf8', this.#at, this.#end);
        this.#at = this.#end;
        return last;
      }
      // Keep the partial line at the front (a longer line than the buffer grows it), then fill the rest.
      const pending = this.#end - this.#at;
      if (pending * 2 > this.#buffer.length) {
        const bigger = Buffer.allocUnsafe(this.#buffer.length * 2);
        this.#buffer.copy(bigger, 0, this.#at, this.#end);
        this.#buffer = bigger;
      } else this.#buffer.copyWithin(0, this.#at, this.#end);
      this.#at = 0;
      this.#end = pending;
      const { bytesRead } = await this.#file.read(this.#buffer, pending, this.#buffer.length - pending, this.#position);
      this.#position += bytesRead;
      this.#end += bytesRead;
      if (bytesRead === 0) this.#eof = true;
    }
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
