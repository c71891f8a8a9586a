import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { MotifError } from '../errors/motif-error.ts';
import type { Clock } from '../util/clock.ts';
import { projectNameSchema, tagListSchema, tagSchema, type Project, type ProjectSummary, type TagCount } from '../contract/project.ts';
import { IndexLog, joinLines } from './index-log.ts';
import type { LibraryPaths } from './library-paths.ts';
import {
  emptyProjectState,
  projectRecordCodec,
  replayProjectRecord,
  stateRecords,
  type ProjectRecord,
  type ProjectState,
} from './project-record.ts';
import type { SerialQueue } from './serial-queue.ts';
import { invalidParam } from './invalid-param.ts';

/** Compaction waits until the log holds this many more records than its state needs. */
const COMPACT_MIN_DEAD_RECORDS = 500;

/** What the projects need from their library. */
export interface ProjectsScope {
  readonly paths: LibraryPaths;
  readonly clock: Clock;
  /** The library's write queue: filing and deleting never interleave. */
  readonly queue: SerialQueue;
  /** True when an entry with this id is in the library now. */
  readonly isLive: (id: string) => boolean;
  /** Runs a write under the library's cross-process write lock (the one index appends take). */
  readonly exclusive: <T>(task: () => Promise<T>) => Promise<T>;
  /** Told how many records another process wrote, when a change or a refresh read them in. */
  readonly onExternalChange?: ((records: number) => void) | undefined;
  readonly newId?: () => string;
}

/**
 * Projects ("Emma's 5th", "Smith wedding") and tags: which images are filed
 * where and what they are tagged, kept in `projects.jsonl` with the same
 * guarantees as the index (appended and fsynced; a torn or unreadable line
 * costs only itself and is kept verbatim until a repair sets it aside).
 * Deleting a project never deletes an image; deleting an image leaves its
 * memberships in the log, so an undo brings them back with it.
 */
export class LibraryProjects {
  readonly #scope: ProjectsScope;
  #log: IndexLog<ProjectRecord>;
  readonly #state: ProjectState;
  #corruptLines: number;
  #unreadable: readonly Uint8Array[];
  #unreadableComplete: boolean;

  private constructor(
    scope: ProjectsScope,
    log: IndexLog<ProjectRecord>,
    state: ProjectState,
    replay: { corruptLines: number; unreadable: readonly Uint8Array[]; unreadableComplete: boolean },
  ) {
    this.#scope = scope;
    this.#log = log;
    this.#state = state;
    this.#corruptLines = replay.corruptLines;
    this.#unreadable = replay.unreadable;
    this.#unreadableComplete = replay.unreadableComplete;
  }

  static async open(scope: ProjectsScope): Promise<LibraryProjects> {
    const state = emptyProjectState();
    const { log, replay } = await IndexLog.openWith(scope.paths.projects, projectRecordCodec, (record) =>
      replayProjectRecord(state, record),
    );
    return new LibraryProjects(scope, log, state, replay);
  }

  /** Lines of `projects.jsonl` this version cannot read; kept until a repair sets them aside. */
  get corruptLines(): number {
    return this.#corruptLines;
  }

  /** Every project, by name, with its live image count and cover. */
  list(): ProjectSummary[] {
    return [...this.#state.projects.values()]
      .map((project) => this.#summary(project))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.createdAt - b.createdAt);
  }

  /** One project's summary; `not_found` when there is none. */
  get(id: string): ProjectSummary {
    return this.#summary(this.#require(id));
  }

  /** Creates a project; names are unique, ignoring case. */
  create(name: unknown): Promise<ProjectSummary> {
    return this.#change(() => {
      const clean = parseName(name);
      this.#assertNameFree(clean);
      const project: Project = { id: (this.#scope.newId ?? randomUUID)(), name: clean, createdAt: this.#scope.clock.now() };
      return { records: [{ op: 'project', project }], result: () => this.#summary(project) };
    });
  }

  rename(id: string, name: unknown): Promise<ProjectSummary> {
    return this.#change(() => {
      const project = this.#require(id);
      const clean = parseName(name);
      if (clean.toLowerCase() !== project.name.toLowerCase()) this.#assertNameFree(clean);
      const renamed = { ...project, name: clean };
      return { records: [{ op: 'project', project: renamed }], result: () => this.#summary(renamed) };
    });
  }

  /** Removes a project. Its images stay in the library (and in any other project). */
  delete(id: string): Promise<{ deleted: string }> {
    return this.#change(() => {
      this.#require(id);
      return { records: [{ op: 'project-del', id, at: this.#scope.clock.now() }], result: () => ({ deleted: id }) };
    });
  }

  /** Chooses the cover (an image in the project), or goes back to the first image filed (`undefined`). */
  setCover(id: string, entryId: string | undefined): Promise<ProjectSummary> {
    return this.#change(() => {
      const project = this.#require(id);
      if (entryId !== undefined && !this.#state.members.get(id)?.has(entryId))
        throw invalidParam('entryId', 'the cover must be an image in the project');
      const { coverId: _old, ...rest } = project;
      const updated: Project = entryId === undefined ? rest : { ...rest, coverId: entryId };
      return { records: [{ op: 'project', project: updated }], result: () => this.#summary(updated) };
    });
  }

  /** Files images into a project; every id must be an image in the library. */
  add(id: string, entryIds: readonly string[]): Promise<ProjectSummary> {
    return this.#change(() => {
      const project = this.#require(id);
      const ids = this.#liveIds(entryIds).filter((entryId) => !this.#state.members.get(id)?.has(entryId));
      const records: ProjectRecord[] = ids.length === 0 ? [] : [{ op: 'file', project: id, ids, at: this.#scope.clock.now() }];
      return { records, result: () => this.#summary(project) };
    });
  }

  /** Takes images out of a project (never out of the library). */
  remove(id: string, entryIds: readonly string[]): Promise<ProjectSummary> {
    return this.#change(() => {
      const project = this.#require(id);
      const ids = checkIds(entryIds).filter((entryId) => this.#state.members.get(id)?.has(entryId));
      const records: ProjectRecord[] = ids.length === 0 ? [] : [{ op: 'unfile', project: id, ids, at: this.#scope.clock.now() }];
      return { records, result: () => this.#summary(project) };
    });
  }

  /** Replaces an image's tags (an empty list clears them); returns the tags as stored (normalised). */
  setTags(entryId: string, tags: unknown): Promise<readonly string[]> {
    return this.#change(() => {
      this.#liveIds([entryId]);
      const parsed = tagListSchema.safeParse(tags);
      if (!parsed.success) throw invalidParam('tags', parsed.error.issues[0]?.message);
      const clean = parsed.data;
      return { records: [{ op: 'tags', id: entryId, tags: clean, at: this.#scope.clock.now() }], result: () => clean };
    });
  }

  /** The tags of an entry ([] when none). */
  tagsOf(entryId: string): readonly string[] {
    return this.#state.tags.get(entryId) ?? [];
  }

  /** The projects an entry is filed in, oldest project first. */
  projectIdsOf(entryId: string): string[] {
    const ids: string[] = [];
    for (const [projectId, members] of this.#state.members) if (members.has(entryId)) ids.push(projectId);
    return ids;
  }

  /** Tags in use on live images, most used first: for autocomplete and the tag filter. */
  tagCounts(): TagCount[] {
    const counts = new Map<string, number>();
    for (const [id, tags] of this.#state.tags) {
      if (!this.#scope.isLive(id)) continue;
      for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  }

  /** A test for the gallery's project and tag filters; `not_found` for an unknown project, `invalid_request` for a bad tag. */
  filter(options: { readonly project?: string | undefined; readonly tag?: string | undefined }): ((id: string) => boolean) | undefined {
    const tests: ((id: string) => boolean)[] = [];
    if (options.project !== undefined) {
      this.#require(options.project);
      const members = this.#state.members.get(options.project) ?? new Set<string>();
      tests.push((id) => members.has(id));
    }
    if (options.tag !== undefined) {
      const parsed = tagSchema.safeParse(options.tag);
      if (!parsed.success) throw invalidParam('tag', parsed.error.issues[0]?.message);
      const tag = parsed.data;
      tests.push((id) => this.#state.tags.get(id)?.includes(tag) ?? false);
    }
    if (tests.length === 0) return undefined;
    return (id) => tests.every((test) => test(id));
  }

  /** Moves unreadable lines to `projects-corrupt-lines.jsonl` and rewrites the log without them. Returns how many moved. */
  async repair(): Promise<number> {
    if (this.#corruptLines === 0) return 0;
    return this.#scope.exclusive(async () => {
      await this.#readOthers();
      const setAside = this.#corruptLines;
      await appendFile(this.#scope.paths.projectsCorruptLines, joinLines(this.#unreadable));
      await this.#log.rewrite(stateRecords(this.#state, this.#scope.clock.now()), this.#scope.paths.tmp);
      this.#unreadable = [];
      this.#unreadableComplete = true;
      this.#corruptLines = 0;
      return setAside;
    });
  }

  /** A quick look (two `stat`s) for whether another process wrote to `projects.jsonl` since this one last read it. */
  mayHaveChanged(): Promise<boolean> {
    return this.#log.mayHaveChanged();
  }

  /**
   * Reads in what another Motif process wrote to `projects.jsonl` (everything,
   * when it rewrote the file) and returns how many records that was. Call it
   * under the library's queue; changes made here read them in by themselves.
   */
  catchUp(): Promise<number> {
    return this.#readOthers();
  }

  async close(): Promise<void> {
    await this.#log.close();
  }

  /**
   * Runs a change under the library's queue and the cross-process write lock:
   * read what other processes wrote, validate against that, append durably,
   * then apply in memory. So a name another process just took is refused,
   * and two processes' lines never interleave.
   */
  async #change<T>(plan: () => { records: ProjectRecord[]; result: () => T }): Promise<T> {
    return this.#scope.queue.run(() =>
      this.#scope.exclusive(async () => {
        await this.#readOthers();
        const { records, result } = plan();
        if (records.length > 0) {
          await this.#log.append(records);
          for (const record of records) replayProjectRecord(this.#state, record);
          await this.#maybeCompact();
        }
        return result();
      }),
    );
  }

  /** Applies other processes' records (re-reading the whole file when one rewrote it); announces them. */
  async #readOthers(): Promise<number> {
    let records: number;
    if (await this.#log.replacedOnDisk()) {
      const state = this.#state;
      state.projects.clear();
      state.members.clear();
      state.tags.clear();
      await this.#log.close();
      const { log, replay } = await IndexLog.openWith(this.#scope.paths.projects, projectRecordCodec, (record) =>
        replayProjectRecord(state, record),
      );
      this.#log = log;
      this.#corruptLines = replay.corruptLines;
      this.#unreadable = replay.unreadable;
      this.#unreadableComplete = replay.unreadableComplete;
      records = Math.max(1, replay.records);
    } else {
      const found = await this.#log.readNew((record) => replayProjectRecord(this.#state, record));
      if (found.unreadable.length > 0) {
        this.#corruptLines += found.unreadable.length;
        this.#unreadable = [...this.#unreadable, ...found.unreadable];
      }
      records = found.records + found.unreadable.length;
    }
    if (records > 0) this.#scope.onExternalChange?.(records);
    return records;
  }

  async #maybeCompact(): Promise<void> {
    if (!this.#unreadableComplete) return;
    const needed = this.#state.projects.size * 2 + this.#state.tags.size;
    const dead = this.#log.records - needed;
    if (dead < COMPACT_MIN_DEAD_RECORDS || dead <= needed) return;
    // The change is already durable; a failed compaction only leaves a longer log.
    await this.#log
      .rewrite(stateRecords(this.#state, this.#scope.clock.now()), this.#scope.paths.tmp, this.#unreadable)
      .catch(() => undefined);
  }

  #summary(project: Project): ProjectSummary {
    const members = this.#state.members.get(project.id) ?? new Set<string>();
    let count = 0;
    let first: string | undefined;
    for (const id of members) {
      if (!this.#scope.isLive(id)) continue;
      count++;
      first ??= id;
    }
    const cover =
      project.coverId !== undefined && members.has(project.coverId) && this.#scope.isLive(project.coverId) ? project.coverId : first;
    return { ...project, count, ...(cover === undefined ? {} : { coverEntryId: cover }) };
  }

  #require(id: string): Project {
    const project = typeof id === 'string' ? this.#state.projects.get(id) : undefined;
    if (project === undefined) throw new MotifError('not_found', { param: 'project', message: `No project with id ${String(id)}.` });
    return project;
  }

  #assertNameFree(name: string): void {
    const lower = name.toLowerCase();
    for (const project of this.#state.projects.values())
      if (project.name.toLowerCase() === lower) throw invalidParam('name', `a project named "${project.name}" already exists`);
  }

  #liveIds(ids: readonly string[]): string[] {
    const unique = checkIds(ids);
    for (const id of unique)
      if (!this.#scope.isLive(id)) throw new MotifError('not_found', { param: 'id', message: `No library entry with id ${id}.` });
    return unique;
  }
}

function parseName(name: unknown): string {
  const parsed = projectNameSchema.safeParse(name);
  if (!parsed.success) throw invalidParam('name', parsed.error.issues[0]?.message);
  return parsed.data;
}

function checkIds(ids: readonly string[]): string[] {
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 100))
    throw invalidParam('ids', 'give at least one entry id');
  return [...new Set(ids)];
}
