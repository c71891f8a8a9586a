import { z } from 'zod';
import { historyEntrySchema } from '../contract/history-entry.ts';
import { projectIdSchema, projectSchema, tagSchema, type Project } from '../contract/project.ts';
import { jsonLineCodec } from './json-line-codec.ts';

const entryIdSchema = historyEntrySchema.shape.id;
const atSchema = z.number().int().nonnegative();

/**
 * One line of `projects.jsonl`, the log of how images are organised. It lives
 * beside `index.jsonl`, not in it, so a lost index rebuilt from the sidecars
 * (which keep every entry's id) finds every project, membership and tag intact.
 * - `project` creates a project or replaces its name or cover;
 * - `project-del` removes a project (never an image);
 * - `file` / `unfile` put entries into a project or take them out;
 * - `tags` sets an entry's tags (an empty list clears them).
 */
const projectRecordSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('project'), project: projectSchema.loose() }),
  z.object({ op: z.literal('project-del'), id: projectIdSchema, at: atSchema }),
  z.object({ op: z.literal('file'), project: projectIdSchema, ids: z.array(entryIdSchema).min(1), at: atSchema }),
  z.object({ op: z.literal('unfile'), project: projectIdSchema, ids: z.array(entryIdSchema).min(1), at: atSchema }),
  z.object({ op: z.literal('tags'), id: entryIdSchema, tags: z.array(tagSchema), at: atSchema }),
]);
export type ProjectRecord = z.infer<typeof projectRecordSchema>;

export const projectRecordCodec = jsonLineCodec(projectRecordSchema);

/** What replaying `projects.jsonl` builds. Member sets keep filing order (the first one filed is the default cover). */
export interface ProjectState {
  readonly projects: Map<string, Project>;
  readonly members: Map<string, Set<string>>;
  readonly tags: Map<string, readonly string[]>;
}

export function emptyProjectState(): ProjectState {
  return { projects: new Map(), members: new Map(), tags: new Map() };
}

/** Applies one record: the log's meaning in one place. Records about an unknown project are ignored. */
export function replayProjectRecord(state: ProjectState, record: ProjectRecord): void {
  switch (record.op) {
    case 'project':
      state.projects.set(record.project.id, record.project);
      if (!state.members.has(record.project.id)) state.members.set(record.project.id, new Set());
      break;
    case 'project-del':
      state.projects.delete(record.id);
      state.members.delete(record.id);
      break;
    case 'file': {
      const members = state.members.get(record.project);
      if (members !== undefined) for (const id of record.ids) members.add(id);
      break;
    }
    case 'unfile': {
      const members = state.members.get(record.project);
      if (members !== undefined) for (const id of record.ids) members.delete(id);
      break;
    }
    case 'tags':
      if (record.tags.length === 0) state.tags.delete(record.id);
      else state.tags.set(record.id, record.tags);
      break;
  }
}

/** The records that rebuild `state`: what compaction writes. */
export function* stateRecords(state: ProjectState, at: number): Iterable<ProjectRecord> {
  for (const project of state.projects.values()) {
    yield { op: 'project', project };
    const ids = [...(state.members.get(project.id) ?? [])];
    if (ids.length > 0) yield { op: 'file', project: project.id, ids, at };
  }
  for (const [id, tags] of state.tags) yield { op: 'tags', id, tags: [...tags], at };
}
