import { z } from 'zod';
import type { ModelSearchRequest } from '../../contract/model-catalogue.ts';
import { MotifError } from '../../errors/index.ts';
import type { RunwareDataItem, RunwareTaskPayload } from './runware-protocol.ts';

/** Maps a catalogue search to one `modelSearch` task (runware-api.md §4.4); empty filters are left out, not sent blank. */
export function buildModelSearchTask(query: ModelSearchRequest, taskUUID: string): RunwareTaskPayload {
  const search = query.search?.trim();
  return {
    taskType: 'modelSearch',
    taskUUID,
    ...(search ? { search } : {}),
    ...(query.tags && query.tags.length > 0 ? { tags: [...query.tags] } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(query.architecture ? { architecture: query.architecture } : {}),
    limit: query.limit,
    offset: query.offset,
  };
}

/** Optional fields are read leniently (a wrong type drops the field), required ones strictly. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const runwareModelSchema = z.object({
  air: z.string().min(1),
  name: z.string().min(1),
  version: lenient(z.string()),
  category: z.string().min(1),
  architecture: lenient(z.string()),
  type: lenient(z.string()),
  tags: z.array(z.string()).catch([]),
  heroImage: lenient(z.string()),
  private: lenient(z.boolean()),
  comment: lenient(z.string()),
  defaultWidth: lenient(z.number().int().positive()),
  defaultHeight: lenient(z.number().int().positive()),
  defaultSteps: lenient(z.number().int().positive()),
  defaultCFG: lenient(z.number().nonnegative()),
  positiveTriggerWords: lenient(z.string()),
});
export type RunwareModel = z.infer<typeof runwareModelSchema>;

const modelSearchItemSchema = z.object({
  results: z.array(runwareModelSchema),
  totalResults: z.number().int().nonnegative(),
});

/** What one `modelSearch` answered. */
export interface RunwareModelSearchResult {
  readonly models: readonly RunwareModel[];
  readonly total: number;
}

/** Validates the reply; a missing item, a result without `air`/`name`/`category` or no `totalResults` is `upstream_malformed`. */
export function readModelSearchResult(items: readonly RunwareDataItem[], provider: string): RunwareModelSearchResult {
  const parsed = modelSearchItemSchema.safeParse(items[0]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MotifError('upstream_malformed', {
      provider,
      message: `Runware sent an unusable model search reply (${issue?.path.join('.') || 'item'}: ${issue?.message ?? 'missing'})`,
      upstream: { provider },
    });
  }
  return { models: parsed.data.results, total: Math.max(parsed.data.totalResults, parsed.data.results.length) };
}
