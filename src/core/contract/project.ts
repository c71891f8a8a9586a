import { z } from 'zod';

/** How long a project's name may be. */
const PROJECT_NAME_MAX_CHARS = 80;
/** How long one tag may be, and how many one image may carry. */
export const TAG_MAX_CHARS = 40;
const TAGS_PER_ENTRY_MAX = 30;

/** A project's id: made by the library, short and printable. */
export const projectIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, 'project id has unexpected characters');

/** A project's name as a designer types it: trimmed, inner runs of spaces made one, no control characters. */
export const projectNameSchema = z
  .string()
  .transform((name) => name.replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(1, 'the project needs a name')
      .max(PROJECT_NAME_MAX_CHARS, `a project name is at most ${PROJECT_NAME_MAX_CHARS} characters`)
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u001f\u007f]*$/, 'a project name cannot hold control characters'),
  );

/**
 * One tag: lower case, trimmed, inner spaces made one; letters, digits, spaces
 * and `-_&'.` only, so tags read the same everywhere and never need escaping.
 */
export const tagSchema = z
  .string()
  .transform((tag) => tag.replace(/\s+/g, ' ').trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, 'a tag cannot be empty')
      .max(TAG_MAX_CHARS, `a tag is at most ${TAG_MAX_CHARS} characters`)
      .regex(/^[\p{L}\p{N} _&'.-]+$/u, "a tag holds letters, digits, spaces and - _ & ' . only"),
  );

/** An image's tags: each valid, no repeats, at most `TAGS_PER_ENTRY_MAX`. */
export const tagListSchema = z
  .array(tagSchema)
  .max(TAGS_PER_ENTRY_MAX, `an image carries at most ${TAGS_PER_ENTRY_MAX} tags`)
  .transform((tags) => [...new Set(tags)]);

/** A project as stored in `projects.jsonl`. */
export const projectSchema = z.object({
  id: projectIdSchema,
  name: z.string().min(1).max(PROJECT_NAME_MAX_CHARS),
  /** Epoch milliseconds. */
  createdAt: z.number().int().nonnegative(),
  /** The entry chosen as the cover; when absent (or no longer in the project) the first image filed is the cover. */
  coverId: z.string().min(1).max(100).optional(),
});
export type Project = z.infer<typeof projectSchema>;

/** A project as the gallery lists it: with its live image count and the cover it shows. */
export const projectSummarySchema = projectSchema.extend({
  /** Images in the project that are in the library now (deleted ones do not count). */
  count: z.number().int().nonnegative(),
  /** The entry shown as the cover: the chosen one, else the first image filed; absent for an empty project. */
  coverEntryId: z.string().min(1).max(100).optional(),
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

/** A tag in use and how many images carry it, for autocomplete and the tag filter. */
export const tagCountSchema = z.object({ tag: z.string(), count: z.number().int().positive() });
export type TagCount = z.infer<typeof tagCountSchema>;
