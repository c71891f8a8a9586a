import { zodErrorToMotifError } from '../errors/zod-error.ts';
import { randomUUID } from 'node:crypto';
import { appendFile, copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MotifError } from '../errors/motif-error.ts';
import { isStyleId } from '../contract/styles.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import {
  historyEntrySchema,
  libraryQuerySchema,
  type HistoryEntry,
  type LibraryCheck,
  type LibraryPage,
  type LibraryQuery,
  type LibraryRepair,
} from '../contract/history-entry.ts';
import { LibraryCatalog, type ParsedLibraryQuery } from './library-catalog.ts';
import { LibraryPaths } from './library-paths.ts';
import { IndexLog, joinLines } from './index-log.ts';
import { replayIndexRecord, type IndexRecord } from './index-record.ts';
import { readIndexSnapshot, writeIndexSnapshot, type LoadedSnapshot, type SnapshotState, type SnapshotUnusable } from './index-snapshot.ts';
import type { SnapshotRows } from './snapshot-rows.ts';
import type { DataNotice } from '../contract/data-notice.ts';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { LibraryTrash, newUndoToken, SWEPT_RETENTION_MS, undoTokenTime, type TrashManifest } from './library-trash.ts';
import { listContentImages, recoverEntry, sidecarText } from './recover-entry.ts';
import { exportToTarget, type ExportItem, type LibraryExportTarget, type PrepareExport } from './library-export.ts';
import { tempPath, writeFileAtomic, writeSynced } from '../util/atomic-write.ts';
import { isCode, sha256Hex, syncDir } from './durable-fs.ts';
import { sniffImageFormat } from '../contract/image-format.ts';
import { mediaTypeOf } from './image-format.ts';
import { makeThumbnail, THUMBNAIL_MEDIA_TYPE } from './make-thumbnail.ts';
import { isForeignFile, readOwnFile } from './read-own-file.ts';
import { SerialQueue } from './serial-queue.ts';
import { LibraryPresence } from './library-presence.ts';
import { invalidParam } from './invalid-param.ts';
import { LibraryProjects } from './library-projects.ts';
import { assertLibraryFolder } from './library-folder.ts';
import { purgeExpiredTrash, sweepOrphanFiles, type HousekeepingScope } from './library-housekeeping.ts';
import { inspectVectorTwin, isSvgDocument, listVectorTwins } from './vector-twin.ts';

/** How long a delete can be undone by default: ten minutes. */
export const DEFAULT_UNDO_WINDOW_MS = 10 * 60 * 1000;
/** Compaction runs once superseded records exceed this many and also outnumber live entries. */
const DEFAULT_COMPACT_MIN_DEAD_RECORDS = 1000;
/** Below this many entries the whole index reads in a blink, so no snapshot is kept. */
const DEFAULT_SNAPSHOT_MIN_ENTRIES = 2000;
/** A snapshot is refreshed at open once this many records were appended after it. */
const SNAPSHOT_STALE_RECORDS = 2000;

/** How a library behaves; every field has a sensible default. */
export interface LibraryOptions {
  /**
   * Create the folder when it is missing. True by default (the app's own
   * location); false for a folder the user chose, so an unplugged drive is
   * reported (`library_missing`) instead of silently recreated empty.
   */
  readonly create?: boolean;
  /** Source of `createdAt`, delete times and the undo window; inject one in tests. */
  readonly clock?: Clock;
  /** How long `undoDelete()` works after a delete; trash older than this is purged. */
  readonly undoWindowMs?: number;
  /** Compaction waits until at least this many records are superseded (and they outnumber live entries). */
  readonly compactMinDeadRecords?: number;
  /** Makes ids for entries added without one; random UUIDs by default. */
  readonly newId?: () => string;
  /**
   * Resolve `open()` as soon as every entry is in the catalog (from the
   * snapshot's columns), while the snapshot's rows are still being checked in
   * the background (`ready()` says when; changes wait their turn). Every query
   * answers at once meanwhile: each row is also checked when it is read.
   * False by default: `open()` resolves with the check done.
   */
  readonly progressive?: boolean;
  /** Keep an `index.snapshot` from this many entries up (see `index-snapshot.ts`). */
  readonly snapshotMinEntries?: number;
  /** Told when another Motif process changed the library and this one read its changes in. */
  readonly onExternalChange?: (change: LibraryExternalChange) => void;
  /** Told of each notice (see `Library.notices`) when it is found: at open, or later by a progressive open's background check. */
  readonly onNotice?: (notice: DataNotice) => void;
}

/** What another process changed, as this one found when it caught up. */
export interface LibraryExternalChange {
  /** Index lines read in (entries added, favourited, deleted or restored). */
  readonly records: number;
  /** True when the other process rewrote the whole index, so everything was read again. */
  readonly reloaded: boolean;
}

/**
 * What `add()` takes: the image bytes and the entry minus what the library
 * works out itself (hash, size, favourite; id and createdAt when omitted). The
 * bytes must not change until `add()` resolves. `format` is corrected to what
 * the bytes really are.
 */
export interface LibraryAddInput {
  readonly bytes: Uint8Array;
  /** The image's SVG twin, when its provider drew one; saved as `vectors/<imageHash>.svg` with the image. */
  readonly svg?: string | undefined;
  readonly entry: Omit<HistoryEntry, 'id' | 'imageHash' | 'bytes' | 'favourite' | 'createdAt' | 'vector' | 'tags' | 'projectIds'> & {
    id?: string;
    createdAt?: number;
  };
}

/** Counters for diagnostics and the benchmark. */
export interface LibraryStats {
  readonly entries: number;
  /** Lines of the index this version cannot read (torn, corrupt, or from a newer version); kept in the index until a repair. */
  readonly corruptLines: number;
  readonly indexBytes: number;
  /** Records in the index superseded by later ones; compaction drops them. */
  readonly deadRecords: number;
  /** How the open used `index.snapshot` (see `SnapshotUse`). */
  readonly snapshot: SnapshotUse;
}

/**
 * How an open used `index.snapshot`: `used`; `none` (there was none, as in a
 * small or new library); or why it was passed over and rebuilt: `outdated`
 * (another version wrote it), `other-journal` (the index was replaced since),
 * `damaged` (a checksum failed: also a notice, see `Library.notices`).
 */
export type SnapshotUse = 'used' | 'none' | Exclude<SnapshotUnusable, 'missing'>;

/** Told when the snapshot fails a check; the index itself is intact, so nothing is lost. */
const DAMAGED_SNAPSHOT_NOTICE: DataNotice = {
  file: 'library/index.snapshot',
  message:
    "The library's start-up cache (index.snapshot) was damaged, so the library was read from its index (index.jsonl) and the cache rebuilt. No image or entry was lost.",
};

/**
 * The offline gallery's store: content-addressed image files, thumbnails, an
 * append-only index replayed into memory at open, and an undoable trash. An
 * entry is in the index only once its files are on disk, so a crash leaves at
 * most a temp file, never half an entry. See `library-paths.ts` for the layout.
 */
export class Library {
  readonly dir: string;
  readonly #paths: LibraryPaths;
  readonly #clock: Clock;
  readonly #undoWindowMs: number;
  readonly #compactMinDead: number;
  readonly #newId: () => string;
  readonly #catalog = new LibraryCatalog();
  readonly #trash: LibraryTrash;
  readonly #queue = new SerialQueue();
  #log: IndexLog | undefined;
  #projects: LibraryProjects | undefined;
  #corruptLines = 0;
  /** The unreadable lines, written back verbatim by every compaction until a repair sets them aside. */
  #unreadable: readonly Uint8Array[] = [];
  /** False when there were too many unreadable bytes to hold: then the index is never rewritten. */
  #unreadableComplete = true;
  #rebuiltFromFiles = 0;
  #closed = false;
  readonly #snapshotMinEntries: number;
  /** The open snapshot the catalog reads entries from, if the library was opened from one. */
  #rows: SnapshotRows | undefined;
  /** What was found wrong with the library's own files at open (a damaged snapshot), for the app's banner and the CLI. */
  readonly #notices: DataNotice[] = [];
  /** How the last open or reload used `index.snapshot`. */
  #snapshotUse: SnapshotUse = 'none';
  #ready: Promise<void> = Promise.resolve();
  readonly #onExternalChange: ((change: LibraryExternalChange) => void) | undefined;
  readonly #onNotice: ((notice: DataNotice) => void) | undefined;
  #presence: LibraryPresence | undefined;
  /** Housekeeping after open, which a progressive open does not wait for; close() does. */
  #afterOpen: Promise<void> = Promise.resolve();
  /** The snapshot being written, if any; close() waits for it. */
  #snapshotWrite: Promise<void> = Promise.resolve();

  private constructor(paths: LibraryPaths, options: LibraryOptions) {
    this.dir = paths.dir;
    this.#paths = paths;
    this.#clock = options.clock ?? systemClock;
    this.#undoWindowMs = options.undoWindowMs ?? DEFAULT_UNDO_WINDOW_MS;
    this.#compactMinDead = options.compactMinDeadRecords ?? DEFAULT_COMPACT_MIN_DEAD_RECORDS;
    this.#newId = options.newId ?? randomUUID;
    this.#snapshotMinEntries = options.snapshotMinEntries ?? DEFAULT_SNAPSHOT_MIN_ENTRIES;
    this.#onExternalChange = options.onExternalChange;
    this.#onNotice = options.onNotice;
    this.#trash = new LibraryTrash(paths);
  }

  /** Opens (creating if needed) the library in `dir`. Reads the index only, never an image file. */
  static async open(dir: string, options: LibraryOptions = {}): Promise<Library> {
    const library = new Library(new LibraryPaths(resolve(dir)), options);
    const paths = library.#paths;
    // Before anything is created or cleaned: never adopt (and empty the tmp/ of) someone else's folder.
    await assertLibraryFolder(paths.dir, { create: options.create ?? true });
    // With a snapshot, only the records appended after it are read at open; they are replayed over it.
    let snapshot: LoadedSnapshot | undefined;
    let unusable: SnapshotUnusable | undefined;
    try {
      for (const folder of [paths.dir, paths.images, paths.thumbs, paths.vectors, paths.trash, paths.tmp, paths.locks])
        await mkdir(folder, { recursive: true }).catch(ignoreReadOnly);
      library.#presence = await LibraryPresence.join(paths.locks, library.#clock.now());
      // Temp files are leftovers of writes a crash interrupted; nothing refers to them, unless another process is mid-write.
      if (await library.#presence.alone())
        for (const name of await readdir(paths.tmp).catch(() => []))
          await rm(resolve(paths.tmp, name), { recursive: true, force: true }).catch(ignoreReadOnly);
      const indexLost = ((await stat(paths.index).catch(() => undefined))?.size ?? 0) === 0;
      const state = new Map<string, HistoryEntry>();
      const tail: IndexRecord[] = [];
      const { log, replay } = await IndexLog.open(
        paths.index,
        (record) => (snapshot === undefined ? replayIndexRecord(state, record) : tail.push(record)),
        indexLost
          ? undefined
          : async (handle) => {
              const read = await readIndexSnapshot(paths.snapshot, handle);
              snapshot = read.snapshot;
              unusable = read.snapshot === undefined ? read.unusable : undefined;
              return snapshot?.mark;
            },
      );
      library.#log = log;
      if (snapshot !== undefined && !replay.resumed) {
        // The snapshot did not end on a line boundary of this journal: every record was read, so replay them all.
        await snapshot.rows.close();
        snapshot = undefined;
        unusable = 'other-journal';
        for (const record of tail) replayIndexRecord(state, record);
      }
      if (unusable === 'damaged') library.#notice(DAMAGED_SNAPSHOT_NOTICE);
      library.#snapshotUse = snapshot !== undefined ? 'used' : unusable === undefined || unusable === 'missing' ? 'none' : unusable;
      library.#corruptLines = (snapshot?.unreadable.length ?? 0) + replay.corruptLines;
      library.#unreadable = [...(snapshot?.unreadable ?? []), ...replay.unreadable];
      library.#unreadableComplete = replay.unreadableComplete;
      if (indexLost) await library.#rebuildIndex(state);
      library.#projects = await LibraryProjects.open({
        paths,
        clock: library.#clock,
        queue: library.#queue,
        isLive: (id) => library.#catalog.has(id),
        exclusive: (task) => library.#exclusive(task),
        onExternalChange: (records) => library.#onExternalChange?.({ records, reloaded: false }),
        newId: library.#newId,
      });
      if (snapshot === undefined) library.#catalog.load(state.values());
      else {
        const rows = library.#useSnapshot(snapshot, tail);
        const checked = library.#queue.run(() => library.#checkSnapshot(rows));
        library.#ready = checked;
        if (options.progressive !== true) await checked;
        else checked.catch(() => undefined);
      }
    } catch (error) {
      await library.#rows?.close();
      await library.#log?.close();
      throw ioError(error, 'open the library');
    }
    if (library.readOnly) return library;
    // Housekeeping must never stop the gallery from opening; in progressive mode it runs after the load, unawaited.
    // Only the count is kept: the snapshot object holds its file open and its head in memory.
    const snapshotRecords = snapshot?.mark.records;
    snapshot = undefined;
    const housekeeping = (async () => {
      await library.purgeTrash().catch(() => undefined);
      await library.#queue.run(() => library.#maybeCompact());
      await library.#queue.run(async () => {
        const sinceSnapshot = snapshotRecords === undefined ? Infinity : library.#log!.records - snapshotRecords;
        if (sinceSnapshot >= SNAPSHOT_STALE_RECORDS) await library.#saveSnapshot();
      });
      await library.#snapshotWrite;
    })();
    library.#afterOpen = housekeeping.catch(() => undefined);
    if (options.progressive !== true) await housekeeping;
    return library;
  }

  /** Resolves once the snapshot the library opened from is checked (at once unless opened `progressive`). Rejects when re-reading the index after a failed check failed. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** True when the folder could only be opened for reading (a read-only drive): browsing works, changes fail with `library_io`. */
  get readOnly(): boolean {
    return this.#log?.readOnly ?? false;
  }

  /**
   * What was wrong with the library's own files at open and what was done
   * about it (a damaged `index.snapshot` is rebuilt from `index.jsonl`; nothing
   * is lost). A check that fails after a progressive open adds to this list.
   */
  get notices(): readonly DataNotice[] {
    return this.#notices;
  }

  /** Projects and tags: how the designer organises this library's images. */
  get projects(): LibraryProjects {
    return this.#projects!;
  }

  /** The entry with this id (with its tags and projects), or undefined. Entries are frozen snapshots: changes go through the methods. */
  get(id: string): HistoryEntry | undefined {
    const entry = this.#catalog.get(id);
    return entry === undefined ? undefined : this.#organised(entry);
  }

  /** One page of entries, newest first. Runs in memory; reads the page's entries from the snapshot when they are kept there. */
  list(query: LibraryQuery): LibraryPage {
    const parsed = parseQuery(query);
    const page = this.#catalog.query(parsed, this.projects.filter(parsed));
    return { ...page, items: page.items.map((entry) => this.#organised(entry)) };
  }

  /** `list`, for callers that take a promise (every query answers at once, even while the snapshot is being checked). */
  async listPage(query: LibraryQuery): Promise<LibraryPage> {
    return this.list(query);
  }

  /** Stores an image and its entry. Resolves once both are durable. */
  async add(input: LibraryAddInput): Promise<HistoryEntry> {
    this.#assertOpen();
    const bytes: unknown = input?.bytes;
    if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) throw invalidParam('bytes', 'image bytes are missing');
    if (typeof input.entry !== 'object' || input.entry === null) throw invalidParam('entry', 'the entry is missing');
    const format = sniffImageFormat(bytes);
    if (format === undefined) throw invalidParam('bytes', 'the bytes are not a PNG, JPEG or WebP image');
    if (input.svg !== undefined && (typeof input.svg !== 'string' || !isSvgDocument(input.svg)))
      throw invalidParam('svg', 'the vector twin is not an SVG document');
    const vector = input.svg === undefined ? undefined : new TextEncoder().encode(input.svg);
    const parsed = historyEntrySchema.safeParse({
      ...input.entry,
      // The bytes decide: a provider that answers JPEG to a PNG request still gets its image kept, correctly labelled.
      format,
      id: input.entry.id ?? this.#newId(),
      createdAt: input.entry.createdAt ?? this.#clock.now(),
      imageHash: sha256Hex(bytes),
      bytes: bytes.byteLength,
      favourite: false,
      ...(vector === undefined ? {} : { vector: { format: 'svg', bytes: vector.byteLength } }),
    });
    if (!parsed.success) throw zodErrorToMotifError(parsed.error, { root: 'entry', subject: 'Library entry' });
    // Stored entries may carry a style from a newer version; a new one must name a style this version knows.
    if (!isStyleId(parsed.data.style)) throw invalidParam('style', `unknown style ${parsed.data.style}`);
    const entry = parsed.data;
    if (this.#catalog.has(entry.id)) throw invalidParam('id', `an entry with id ${entry.id} already exists`);
    const imagePath = this.#paths.image(entry.imageHash, format);
    const thumbPath = this.#paths.thumb(entry.imageHash);
    // The slow parts run before taking the queue, so concurrent adds overlap.
    // A thumbnail failure must not lose the image: readThumbnail() retries later.
    const thumb = await makeThumbnail(bytes).catch(() => undefined);
    const staged: string[] = [];
    try {
      const imageTemp = await this.#stage(imagePath, bytes, staged);
      const thumbTemp = thumb === undefined ? undefined : await this.#stage(thumbPath, thumb, staged);
      const vectorPath = this.#paths.vector(entry.imageHash);
      const vectorTemp = vector === undefined ? undefined : await this.#stage(vectorPath, vector, staged);
      return await this.#queue.run(async () => {
        this.#assertOpen();
        if (this.#catalog.has(entry.id)) throw invalidParam('id', `an entry with id ${entry.id} already exists`);
        await this.#publish(imagePath, imageTemp, bytes);
        if (thumb !== undefined) await this.#publish(thumbPath, thumbTemp, thumb);
        if (vector !== undefined) await this.#publish(vectorPath, vectorTemp, vector);
        await Promise.all([
          syncDir(this.#paths.images),
          syncDir(this.#paths.thumbs),
          ...(vector === undefined ? [] : [syncDir(this.#paths.vectors)]),
        ]);
        // A recovery aid, not the record: a lost index is rebuilt from these. Not fsynced, so it costs little.
        await writeFileAtomic(this.#paths.sidecar(entry.imageHash), sidecarText(entry), { tempDir: this.#paths.tmp, sync: false }).catch(
          () => undefined,
        );
        await this.#append([{ op: 'put', entry }]);
        this.#catalog.put(entry);
        await this.#maybeCompact();
        return entry;
      });
    } catch (error) {
      throw ioError(error, 'save the image');
    } finally {
      for (const temp of staged) await rm(temp, { force: true });
    }
  }

  /** Marks or unmarks an entry as a favourite; returns the updated entry. */
  async setFavourite(id: string, favourite: boolean): Promise<HistoryEntry> {
    if (typeof favourite !== 'boolean') throw invalidParam('favourite', 'favourite must be true or false');
    return this.#mutate('save the favourite', async () => {
      const entry = this.#require(id);
      if (entry.favourite === favourite) return this.#organised(entry);
      // Made from the entry as it is after another process's changes are read in; not_found if one deleted it.
      let updated = { ...entry, favourite };
      await this.#append([{ op: 'fav', id, favourite, at: this.#clock.now() }], () => (updated = { ...this.#require(id), favourite }));
      this.#catalog.put(updated);
      await this.#maybeCompact();
      return this.#organised(updated);
    });
  }

  /**
   * Makes a caption a provider wrote the entry's prompt, so an imported image
   * is found by what it shows; `caption` records who wrote it and what it cost.
   */
  async setCaption(id: string, text: string, caption: NonNullable<HistoryEntry['caption']>): Promise<HistoryEntry> {
    if (typeof text !== 'string' || text.trim().length === 0) throw invalidParam('caption', 'the caption is empty');
    return this.#mutate('save the caption', async () => {
      const updated = { ...this.#require(id), prompt: text.trim(), caption };
      await this.#append([{ op: 'put', entry: updated }]);
      this.#catalog.put(updated);
      // The sidecar lets a lost index be rebuilt with the caption; it is a convenience copy, so a failure is not fatal.
      await writeFileAtomic(this.#paths.sidecar(updated.imageHash), sidecarText(updated), { tempDir: this.#paths.tmp, sync: false }).catch(
        () => undefined,
      );
      await this.#maybeCompact();
      return this.#organised(updated);
    });
  }

  /** Deletes entries; their files wait in `trash/<token>/` for the undo window. All ids must exist. */
  async delete(ids: readonly string[]): Promise<{ undoToken: string; deleted: number }> {
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string'))
      throw invalidParam('ids', 'give at least one entry id');
    const result = await this.#mutate('delete entries', async () => {
      const entries = [...new Set(ids)].map((id) => this.#require(id));
      const now = this.#clock.now();
      const manifest: TrashManifest = { version: 1, token: newUndoToken(now), deletedAt: now, entries };
      // Manifest first, then the `del` record (the commit point), then the files.
      await this.#trash.prepare(manifest);
      try {
        await this.#append([{ op: 'del', ids: entries.map((e) => e.id), at: now, token: manifest.token }], () => {
          for (const entry of entries) this.#require(entry.id);
        });
      } catch (error) {
        await this.#trash.discard(manifest.token);
        throw error;
      }
      this.#catalog.remove(manifest.entries.map((e) => e.id));
      // Best effort after the commit: a file left behind stays in images/, where an undo finds it too.
      await this.#trash.stash(manifest.token, entries, (hash) => this.#catalog.hashInUse(hash)).catch(() => undefined);
      await this.#maybeCompact();
      return { undoToken: manifest.token, deleted: entries.length };
    });
    await this.purgeTrash().catch(() => undefined);
    return result;
  }

  /** Brings back what a delete removed, while the undo window lasts. */
  async undoDelete(undoToken: string): Promise<{ restored: number }> {
    if (typeof undoToken !== 'string') throw invalidParam('undoToken', 'undoToken must be a string');
    return this.#mutate('undo the delete', async () => {
      const deletedAt = undoTokenTime(undoToken);
      if (deletedAt === undefined) throw new MotifError('not_found', { param: 'undoToken', message: 'Unknown undo token.' });
      const manifest = await this.#trash.read(undoToken);
      // Files a sweep set aside can be brought back for as long as they are kept.
      const window = manifest?.reason === 'sweep' ? SWEPT_RETENTION_MS : this.#undoWindowMs;
      if (this.#clock.now() - deletedAt >= window)
        throw new MotifError('not_found', { param: 'undoToken', message: 'The undo window for this delete has passed.' });
      if (manifest === undefined) throw new MotifError('not_found', { param: 'undoToken', message: 'Nothing to undo for this token.' });
      const entries = manifest.entries.filter((e) => !this.#catalog.has(e.id));
      await this.#trash.unstash(undoToken, entries);
      await Promise.all([syncDir(this.#paths.images), syncDir(this.#paths.thumbs)]);
      if (entries.length > 0) await this.#append([{ op: 'restore', entries, at: this.#clock.now(), token: undoToken }]);
      for (const entry of entries) this.#catalog.put(entry);
      await this.#trash.discard(undoToken);
      await this.#maybeCompact();
      return { restored: entries.length };
    });
  }

  /**
   * Empties trash folders at least `olderThanMs` old (default: the undo window).
   * Also removes image files of purged entries left in `images/` by a delete a
   * crash interrupted, unless a live entry or a newer trash folder still needs them.
   */
  async purgeTrash(olderThanMs: number = this.#undoWindowMs): Promise<void> {
    await this.#mutate('empty the trash', async () => {
      // Another process's view may differ: what looks unused here may be its newest image.
      if (!(await this.#alone())) return;
      await this.#catchUp();
      await purgeExpiredTrash(this.#housekeeping(), this.#clock.now(), olderThanMs);
    });
  }

  /**
   * Reads in what another Motif process appended to the index and `projects.jsonl` since this one
   * last looked (or everything, if it rewrote the index), and says so through
   * `onExternalChange`. Cheap when nothing changed: a `stat` of each.
   */
  async refresh(): Promise<LibraryExternalChange | undefined> {
    if (this.#closed || this.#log === undefined) return undefined;
    const [index, organised] = await Promise.all([this.#log.mayHaveChanged(), this.projects.mayHaveChanged()]);
    if (!index && !organised) return undefined;
    return this.#mutate('read the index', async () => {
      const change = index ? await this.#catchUp() : undefined;
      // Projects and tags another process changed (`projects.catchUp` announces them itself).
      const records = organised ? await this.projects.catchUp() : 0;
      return change ?? (records > 0 ? { records, reloaded: false } : undefined);
    });
  }

  /**
   * Copies images with JSON sidecars to a folder or zip, under readable names.
   * `prepare` decides what each file carries (its settings written in, or
   * metadata stripped); by default the stored bytes go out as they are.
   */
  async export(
    ids: readonly string[],
    target: LibraryExportTarget,
    prepare: PrepareExport = (bytes) => bytes,
  ): Promise<{ path: string; exported: number }> {
    if (!Array.isArray(ids) || ids.length === 0) throw invalidParam('ids', 'give at least one entry id');
    if (target?.kind !== 'folder' && target?.kind !== 'zip') throw invalidParam('target.kind', 'target kind must be folder or zip');
    if (typeof target.path !== 'string' || target.path.length === 0) throw invalidParam('target.path', 'target path is missing');
    this.#assertOpen();
    await this.#ready;
    const items: ExportItem[] = [];
    for (const id of new Set(ids)) {
      const entry = this.#organised(this.#require(id));
      const projects = (entry.projectIds ?? []).map((projectId) => this.projects.get(projectId).name);
      // The SVG twin goes along when it is whole; a lost one never stops the image going out.
      const twin = entry.vector === undefined ? undefined : await inspectVectorTwin(this.#paths, entry.imageHash).catch(() => undefined);
      const vectorPath = twin?.state === 'ok' ? this.#paths.vector(entry.imageHash) : undefined;
      items.push({ entry, imagePath: this.#paths.image(entry.imageHash, entry.format), vectorPath, projects });
    }
    try {
      return await exportToTarget(items, target, prepare);
    } catch (error) {
      throw ioError(error, 'export');
    }
  }

  /** Absolute path of an entry's image file (for drag-out and the OS). */
  imagePath(id: string): string {
    const entry = this.#require(id);
    return this.#paths.image(entry.imageHash, entry.format);
  }

  /**
   * Absolute path of an entry's SVG twin, or `undefined` when its provider drew
   * none. The offline engine's designs have one: text as paths, no external
   * references, no raster, so a print export can stay vector-sharp.
   */
  vectorPath(id: string): string | undefined {
    const entry = this.#require(id);
    return entry.vector === undefined ? undefined : this.#paths.vector(entry.imageHash);
  }

  /** The SVG twin's markup; `not_found` when the entry has none, `library_corrupt` when its file is gone. */
  async readVector(id: string): Promise<string> {
    const path = this.vectorPath(id);
    if (path === undefined) throw new MotifError('not_found', { message: `Entry ${id} has no vector version; only offline designs do.` });
    let text: string;
    try {
      text = new TextDecoder().decode(await readOwnFile(path));
    } catch (error) {
      if (isCode(error, 'ENOENT') || isForeignFile(error))
        throw new MotifError('library_corrupt', { message: `The SVG file of entry ${id} is missing.`, cause: error });
      throw ioError(error, 'read the SVG');
    }
    // A torn or foreign file is never handed out as the design: print then redraws it from the seed.
    if (!isSvgDocument(text))
      throw new MotifError('library_corrupt', { message: `The SVG file of entry ${id} is not a whole SVG document.` });
    return text;
  }

  /** Absolute path of an entry's thumbnail; the file may be missing (see `readThumbnail`). */
  thumbnailPath(id: string): string {
    return this.#paths.thumb(this.#require(id).imageHash);
  }

  /** The image bytes and media type; `library_corrupt` when the file is gone. */
  async readImage(id: string): Promise<{ bytes: Uint8Array; mediaType: string }> {
    const entry = this.#require(id);
    try {
      return { bytes: await readOwnFile(this.#paths.image(entry.imageHash, entry.format)), mediaType: mediaTypeOf(entry.format) };
    } catch (error) {
      if (isCode(error, 'ENOENT'))
        throw new MotifError('library_corrupt', { message: `The image file of entry ${id} is missing.`, cause: error });
      if (isForeignFile(error))
        throw new MotifError('library_corrupt', {
          message: `The image file of entry ${id} is not a plain file (a symlink or a folder); it is not read.`,
          cause: error,
        });
      throw ioError(error, 'read the image');
    }
  }

  /** Reads the thumbnail, remaking it from the image when its file is missing. */
  async readThumbnail(id: string): Promise<{ bytes: Uint8Array; mediaType: string }> {
    const entry = this.#require(id);
    const path = this.#paths.thumb(entry.imageHash);
    try {
      return { bytes: await readOwnFile(path), mediaType: THUMBNAIL_MEDIA_TYPE };
    } catch (error) {
      // A missing thumbnail, or something other than the file Motif wrote, is remade from the image.
      if (!isCode(error, 'ENOENT') && !isForeignFile(error)) throw ioError(error, 'read the thumbnail');
    }
    const { bytes: image } = await this.readImage(id);
    let thumb: Uint8Array;
    try {
      thumb = await makeThumbnail(image);
    } catch (error) {
      throw new MotifError('library_corrupt', { message: `The image of entry ${id} could not be decoded.`, cause: error });
    }
    // Saved under the queue and only while the entry is live, so a concurrent delete cannot leave a stray thumbnail.
    await this.#mutate('save the thumbnail', async () => {
      if (this.#catalog.get(id)?.imageHash === entry.imageHash) await writeFileAtomic(path, thumb, { tempDir: this.#paths.tmp });
    }).catch(() => undefined);
    return { bytes: thumb, mediaType: THUMBNAIL_MEDIA_TYPE };
  }

  /** Entry and index counters. */
  stats(): LibraryStats {
    const records = this.#log?.records ?? 0;
    return {
      entries: this.#catalog.size,
      corruptLines: this.#corruptLines,
      indexBytes: this.#log?.bytes ?? 0,
      deadRecords: Math.max(0, records - this.#catalog.size),
      snapshot: this.#snapshotUse,
    };
  }

  /** Rewrites the index from the live entries, dropping superseded records; unreadable lines are kept verbatim. */
  async compact(): Promise<void> {
    await this.#mutate('compact the index', async () => {
      await this.#assertAlone('compact the index');
      await this.#compactNow();
    });
  }

  /** Compares the index with the files: what `motif library --check` and the gallery's repair notice show. Reads the folder listing, not the images. */
  async check(): Promise<LibraryCheck> {
    return this.#mutate('check the library', async () => {
      const files = await listContentImages(this.#paths);
      const present = new Set(files.map((f) => f.hash));
      const inTrash = await this.#trash.hashes();
      const twins = new Set(await listVectorTwins(this.#paths));
      let missingImages = 0;
      let missingVectors = 0;
      for (const item of this.#catalog.newestFirst()) {
        if (!present.has(item.imageHash)) missingImages++;
        // Only an offline design's entry is read to see whether it claims a twin, so a check of 100,000 AI images reads none.
        if (item.provider === 'local' && !twins.has(item.imageHash) && item.entry.vector !== undefined) missingVectors++;
      }
      return {
        missingVectors,
        entries: this.#catalog.size,
        unreadableLines: this.#corruptLines + this.projects.corruptLines,
        unaccountedImages: files.filter((f) => !this.#catalog.hashInUse(f.hash) && !inTrash.has(f.hash)).length,
        missingImages,
        rebuiltFromFiles: this.#rebuiltFromFiles,
      };
    });
  }

  /**
   * Accounts for every image again: images no entry refers to become entries
   * (from their sidecars, else from the file), then the unreadable lines move
   * from the index to `index-corrupt-lines.jsonl`, kept for a manual look.
   */
  async repair(): Promise<LibraryRepair> {
    return this.#mutate('repair the library', async () => {
      const inTrash = await this.#trash.hashes();
      const recovered: HistoryEntry[] = [];
      for (const image of await listContentImages(this.#paths)) {
        if (this.#catalog.hashInUse(image.hash) || inTrash.has(image.hash)) continue;
        const entry = await recoverEntry(this.#paths, image);
        if (entry === undefined) continue;
        recovered.push(this.#catalog.has(entry.id) || recovered.some((r) => r.id === entry.id) ? { ...entry, id: this.#newId() } : entry);
      }
      if (recovered.length > 0) {
        await this.#append(recovered.map((entry) => ({ op: 'put', entry })));
        for (const entry of recovered) this.#catalog.put(entry);
      }
      const vectorsLost = await this.#forgetLostVectors();
      const setAside = this.#corruptLines;
      if (setAside > 0) {
        await this.#assertAlone('set unreadable index lines aside');
        await this.#exclusive(async () => {
          // Keep what is set aside before the index stops holding it; a copy of the whole index when not all of it was held.
          if (!this.#unreadableComplete) await copyFile(this.#paths.index, `${this.#paths.index}.before-repair-${this.#clock.now()}`);
          await appendFile(this.#paths.corruptLines, joinLines(this.#unreadable));
          this.#unreadable = [];
          this.#unreadableComplete = true;
          await this.#log!.rewrite(putRecords(this.#catalog.oldestFirst()), this.#paths.tmp);
          this.#corruptLines = 0;
        });
      }
      return { recovered: recovered.length, setAside: setAside + (await this.projects.repair()), vectorsLost };
    });
  }

  /**
   * Entries whose SVG twin is gone or torn stop claiming one (the PNG stays,
   * and print redraws the vector from the seed); a torn file is renamed
   * `<hash>.svg.unreadable`, kept for a look. Returns how many entries changed.
   */
  async #forgetLostVectors(): Promise<number> {
    const changed: HistoryEntry[] = [];
    for (const entry of this.#catalog.oldestFirst()) {
      if (entry.vector === undefined) continue;
      const twin = await inspectVectorTwin(this.#paths, entry.imageHash);
      if (twin.state === 'ok') continue;
      if (twin.state === 'corrupt' && !changed.some((c) => c.imageHash === entry.imageHash))
        await rename(this.#paths.vector(entry.imageHash), `${this.#paths.vector(entry.imageHash)}.unreadable`).catch(() => undefined);
      const { vector: _, ...rest } = entry;
      changed.push(rest);
    }
    if (changed.length > 0) {
      await this.#append(changed.map((entry) => ({ op: 'put', entry })));
      for (const entry of changed) this.#catalog.put(entry);
    }
    return changed.length;
  }

  /** Waits for pending writes, then closes the index. Further calls fail with `library_io`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#afterOpen;
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.drain();
    await this.#snapshotWrite;
    await this.#presence?.leave();
    await this.#projects?.close();
    await this.#log?.close();
    await this.#rows?.close();
  }

  /** The entry with its tags and projects filled in from `projects.jsonl` (the same object when it has none). */
  #organised(entry: HistoryEntry): HistoryEntry {
    const tags = this.projects.tagsOf(entry.id);
    const projectIds = this.projects.projectIdsOf(entry.id);
    if (tags.length === 0 && projectIds.length === 0) return entry;
    return Object.freeze({ ...entry, ...(tags.length > 0 ? { tags: [...tags] } : {}), ...(projectIds.length > 0 ? { projectIds } : {}) });
  }

  #notice(notice: DataNotice): void {
    this.#notices.push(notice);
    this.#onNotice?.(notice);
  }

  #assertOpen(): void {
    if (this.#closed) throw new MotifError('library_io', { message: 'The library is closed.' });
  }

  #require(id: string): HistoryEntry {
    const entry = typeof id === 'string' ? this.#catalog.get(id) : undefined;
    if (entry === undefined)
      throw new MotifError('not_found', {
        param: 'id',
        message: `No library entry with id ${String(id)}; it may have just been deleted by another Motif process.`,
      });
    return entry;
  }

  /** Runs a change under the queue, turning file-system failures into `library_io`. */
  async #mutate<T>(action: string, task: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    try {
      return await this.#queue.run(async () => {
        this.#assertOpen();
        return task();
      });
    } catch (error) {
      throw ioError(error, action);
    }
  }

  /**
   * Appends under the write lock after reading in other processes' lines.
   * `stillValid` runs between the two: a change decided on a view another
   * process has since changed (an entry it deleted) throws there, before
   * anything is written.
   */
  async #append(records: readonly IndexRecord[], stillValid?: () => void): Promise<void> {
    await this.#exclusive(async () => {
      await this.#catchUp();
      stillValid?.();
      await this.#log!.append(records);
    });
  }

  /** Runs a write to the index under the cross-process write lock. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.#presence === undefined ? task() : this.#presence.exclusive(task);
  }

  /** True when no other live Motif process has this library open. */
  async #alone(): Promise<boolean> {
    return (await this.#presence?.alone()) ?? true;
  }

  async #assertAlone(action: string): Promise<void> {
    if (!(await this.#alone()))
      throw new MotifError('library_io', {
        message: `Could not ${action}: another Motif process (the app or the command line) has this library open. Close it and try again.`,
      });
  }

  /** Applies what other processes appended (under the queue); reports it when there was anything. */
  async #catchUp(): Promise<LibraryExternalChange | undefined> {
    const log = this.#log!;
    let change: LibraryExternalChange;
    if (await log.replacedOnDisk()) {
      // Another process rewrote the index: read all of it again.
      change = { records: await this.#replayJournal(), reloaded: true };
    } else {
      const view = this.#catalogState();
      const { records, unreadable } = await log.readNew((record) => replayIndexRecord(view, record));
      if (unreadable.length > 0) {
        this.#corruptLines += unreadable.length;
        this.#unreadable = [...this.#unreadable, ...unreadable];
      }
      if (records + unreadable.length === 0) return undefined;
      change = { records: records + unreadable.length, reloaded: false };
    }
    this.#onExternalChange?.(change);
    return change;
  }

  /** Writes a temp copy of a file that does not exist yet; returns its path. */
  async #stage(path: string, bytes: Uint8Array, staged: string[]): Promise<string | undefined> {
    if (await exists(path)) return undefined;
    const temp = tempPath(this.#paths.tmp, path);
    staged.push(temp);
    await writeSynced(temp, bytes);
    return temp;
  }

  /** Puts a content-addressed file in place unless it is already there (same hash, same bytes). */
  async #publish(path: string, temp: string | undefined, bytes: Uint8Array): Promise<void> {
    if (await exists(path)) return;
    if (temp !== undefined) await rename(temp, path);
    else await writeFileAtomic(path, bytes, { tempDir: this.#paths.tmp });
  }

  async #maybeCompact(): Promise<void> {
    const dead = (this.#log?.records ?? 0) - this.#catalog.size;
    if (dead < this.#compactMinDead || dead <= this.#catalog.size) return;
    // A rewrite while another process appends would lose its lines: compaction waits until this one is alone.
    if (!(await this.#alone())) return;
    // The change that triggered this is already durable; a failed compaction only leaves a longer log.
    await this.#compactNow().catch(() => undefined);
  }

  async #compactNow(): Promise<void> {
    const rewritten = await this.#exclusive(async () => {
      // Whatever another process appended must be in what is written.
      await this.#catchUp();
      // More unreadable text than is held in memory: a rewrite would lose some, so the log just grows.
      if (!this.#unreadableComplete) return false;
      await this.#log!.rewrite(putRecords(this.#catalog.oldestFirst()), this.#paths.tmp, this.#unreadable);
      return true;
    });
    if (!rewritten) return;
    // The rewrite made a new journal: the old snapshot no longer matches it.
    await this.#saveSnapshot();
    // An unreadable line may name any image file: nothing is swept until a repair accounts for them.
    if (this.#corruptLines === 0) await sweepOrphanFiles(this.#housekeeping(), this.#clock.now()).catch(() => undefined);
  }

  /** The catalog as the state records are replayed into: for another process's lines, and for those appended after a snapshot. */
  #catalogState(): { get(id: string): HistoryEntry | undefined; set(id: string, entry: HistoryEntry): void; delete(id: string): void } {
    const catalog = this.#catalog;
    return {
      get: (id) => catalog.get(id),
      set: (_id, entry) => catalog.put(entry),
      delete: (id) => catalog.remove([id]),
    };
  }

  /** Fills the catalog from a snapshot's rows and replays the journal's later records over them. */
  #useSnapshot(snapshot: LoadedSnapshot, tail: readonly IndexRecord[]): SnapshotRows {
    this.#rows = snapshot.rows;
    this.#catalog.loadStored(snapshot.rows);
    const view = this.#catalogState();
    for (const record of tail) replayIndexRecord(view, record);
    // A row that fails its check when read: read the journal again, under the queue.
    snapshot.rows.onDamaged = () => void this.#queue.run(() => this.#snapshotDamaged(snapshot.rows)).catch(() => undefined);
    return snapshot.rows;
  }

  /** Checks every row of the snapshot the library opened from (a few megabytes per turn of the event loop). */
  async #checkSnapshot(rows: SnapshotRows): Promise<void> {
    if (this.#closed || this.#rows !== rows) return;
    if (!(await rows.verify(() => nextTurn()))) return this.#snapshotDamaged(rows);
    // The index by id, which the first page did not need.
    this.#catalog.index();
    // Read now, so the first search does not wait for it; a failure there is found (and handled) by that search.
    try {
      rows.loadSearch();
    } catch {
      // `onDamaged` has queued the re-read.
    }
  }

  /** The snapshot is damaged: the journal is the record, so replay it, say so, and write a good snapshot. */
  async #snapshotDamaged(rows: SnapshotRows): Promise<void> {
    if (this.#closed || this.#rows !== rows) return;
    rows.onDamaged = undefined;
    await this.#replayJournal();
    this.#notice(DAMAGED_SNAPSHOT_NOTICE);
    this.#snapshotUse = 'damaged';
    await this.#saveSnapshot();
  }

  /** Reads the whole journal again into the catalog (another process rewrote it, or the snapshot failed); returns its valid records. */
  async #replayJournal(): Promise<number> {
    const state = new Map<string, HistoryEntry>();
    await this.#log!.close();
    const { log, replay } = await IndexLog.open(this.#paths.index, (record) => replayIndexRecord(state, record));
    this.#log = log;
    this.#corruptLines = replay.corruptLines;
    this.#unreadable = replay.unreadable;
    this.#unreadableComplete = replay.unreadableComplete;
    this.#catalog.load(state.values());
    // Nothing reads from the old snapshot any more.
    await this.#rows?.close();
    this.#rows = undefined;
    return replay.records;
  }

  /**
   * Takes a snapshot of the catalog and the journal's length (under the queue,
   * so the two agree) and writes it in the background. It is a cache: a
   * failure only makes the next open slower.
   */
  async #saveSnapshot(): Promise<void> {
    if (this.readOnly || !this.#unreadableComplete) return;
    if (this.#catalog.size < this.#snapshotMinEntries) {
      // A library that shrank below the threshold keeps no stale snapshot around.
      await rm(this.#paths.snapshot, { force: true }).catch(() => undefined);
      return;
    }
    const mark = await this.#log!.mark();
    if (mark === undefined) return;
    const state: SnapshotState = { mark, newestFirst: [...this.#catalog.newestFirst()], unreadable: this.#unreadable };
    this.#snapshotWrite = this.#snapshotWrite
      .then(() => writeIndexSnapshot(this.#paths.snapshot, this.#paths.tmp, state))
      .catch(() => undefined);
  }

  /** Rebuilds a lost (missing or empty) index from the image files and their sidecars. */
  async #rebuildIndex(state: Map<string, HistoryEntry>): Promise<void> {
    // Every image in `images/` comes back, even one a trash folder also holds: never lose one that was live.
    const recovered: HistoryEntry[] = [];
    for (const image of await listContentImages(this.#paths)) {
      const entry = await recoverEntry(this.#paths, image);
      if (entry !== undefined && !state.has(entry.id)) recovered.push(entry);
    }
    if (recovered.length === 0) return;
    recovered.sort((a, b) => a.createdAt - b.createdAt);
    // On a read-only folder the rebuilt entries are shown but cannot be saved.
    if (!this.#log!.readOnly) await this.#log!.append(recovered.map((entry) => ({ op: 'put', entry })));
    for (const entry of recovered) state.set(entry.id, entry);
    this.#rebuiltFromFiles = recovered.length;
  }

  #housekeeping(): HousekeepingScope {
    return { paths: this.#paths, trash: this.#trash, inUse: (hash) => this.#catalog.hashInUse(hash) };
  }
}

function parseQuery(query: LibraryQuery): ParsedLibraryQuery {
  const parsed = libraryQuerySchema.safeParse(query);
  if (!parsed.success) throw zodErrorToMotifError(parsed.error, { root: 'query', subject: 'Library query' });
  return parsed.data;
}

function* putRecords(entries: Iterable<HistoryEntry>): Iterable<IndexRecord> {
  for (const entry of entries) yield { op: 'put', entry };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false;
    throw error;
  }
}

/** A folder that exists but cannot be written is fine for browsing; anything else is a real failure. */
function ignoreReadOnly(error: unknown): void {
  if (!isCode(error, 'EROFS', 'EACCES', 'EPERM')) throw error;
}

function ioError(error: unknown, action: string): MotifError {
  if (error instanceof MotifError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new MotifError('library_io', { message: `Could not ${action}: ${reason}`, cause: error });
}
