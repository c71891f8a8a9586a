import { z } from 'zod';
import { ERROR_CODES } from '../errors/error-codes.ts';
import { IMAGE_FORMATS } from './image-request.ts';
import { STYLE_IDS } from './styles.ts';
import { projectIdSchema, TAG_MAX_CHARS } from './project.ts';

const errorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]);

/** One try of one target while serving a job. */
export const attemptSchema = z.object({
  provider: z.string(),
  model: z.string(),
  outcome: z.enum(['success', 'failure', 'skipped', 'cancelled', 'hedge-lost']),
  durationMs: z.number().nonnegative(),
  /**
   * A registered error code. Read back as any code-shaped text: an entry a newer
   * version wrote, with a code this version does not know, must still be kept.
   */
  errorCode: errorCodeSchema.or(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/)).optional(),
  /** Short human reason, e.g. "circuit open" or the upstream message. */
  detail: z.string().max(500).optional(),
  costUsd: z.number().nonnegative().optional(),
});
export type Attempt = z.infer<typeof attemptSchema>;

const warningSchema = z.union([
  z.object({ type: z.literal('unsupported-setting'), setting: z.string(), details: z.string() }),
  z.object({ type: z.literal('compatibility'), setting: z.string(), details: z.string() }),
  z.object({ type: z.literal('other'), message: z.string() }),
]);

/** One finished image in the library. Each line of the index validates against this. */
export const historyEntrySchema = z.object({
  id: z.string().min(1).max(100),
  jobId: z.string().min(1).max(100),
  /** sha256 of the image bytes; the file is `images/<hash>.<ext>`. */
  imageHash: z.string().regex(/^[a-f0-9]{64}$/),
  format: z.enum(IMAGE_FORMATS),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  prompt: z.string(),
  negativePrompt: z.string().optional(),
  /** One of `STYLE_IDS`, or a style a newer version knows: kept and shown by its id (see `styleLabel`). */
  style: z.string().min(1).max(64),
  provider: z.string(),
  model: z.string(),
  seed: z.number().int().nonnegative().optional(),
  /** LoRAs the provider applied, with their weights ("reuse settings" attaches them again). */
  loras: z
    .array(z.object({ model: z.string().max(200), weight: z.number() }))
    .max(20)
    .optional(),
  /** USD; absent when the provider reported none and the price is unknown. */
  costUsd: z.number().nonnegative().optional(),
  latencyMs: z.number().nonnegative(),
  /** Epoch milliseconds. */
  createdAt: z.number().int().nonnegative(),
  favourite: z.boolean(),
  /** True when a fallback target, not the first choice, served the job. */
  fallback: z.boolean(),
  warnings: z.array(warningSchema),
  attempts: z.array(attemptSchema),
  /**
   * The image's vector twin, when the provider drew one (the offline engine
   * always does): `vectors/<imageHash>.svg`, written with the image, read
   * with `Library.vectorPath` / `readVector`. Print export uses it.
   */
  vector: z.object({ format: z.literal('svg'), bytes: z.number().int().positive() }).optional(),
  /**
   * What the provider reported about this image, namespaced by provider. The
   * offline engine's `local` is `{ model, subjects, layout, text, ignoredWords }`:
   * what it drew and which words it did not understand.
   */
  providerMetadata: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  /**
   * The designer's tags and the projects the image is filed in. Kept in
   * `projects.jsonl`, never in index lines: the library fills them in when it
   * hands an entry out (absent when there are none).
   */
  tags: z.array(z.string()).optional(),
  projectIds: z.array(z.string()).optional(),
  /**
   * Lineage: the entry this one was made from ("made from …"), when a tool
   * (vary, extend, edit area, upscale, remove background, vectorize) made it.
   */
  parentId: z.string().min(1).max(100).optional(),
  /**
   * The tool that made it from `parentId`: one of `IMAGE_TASK_KINDS` (`upload`
   * for an imported file, which has no parent), or a kind a newer version knows.
   */
  task: z
    .string()
    .regex(/^[a-z][a-z-]{0,39}$/)
    .optional(),
  /** What the tool was asked, for the lineage line: `{ factor: 2 }`, `{ strength: 0.35 }`, `{ extend: {…} }`. */
  taskParams: z.record(z.string(), z.unknown()).optional(),
  /**
   * Set when `prompt` is a caption a provider wrote by reading the image (an
   * imported file that carried no settings), not what anyone asked for:
   * who wrote it, with which model, what it cost (absent when unknown) and when.
   */
  caption: z
    .object({ provider: z.string().max(100), model: z.string().max(200), costUsd: z.number().nonnegative().optional(), at: z.number() })
    .optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/**
 * An entry as stored (index lines, sidecars, trash manifests): fields this
 * version does not know (a newer version wrote them) are kept, so rewriting
 * the index writes them back unchanged.
 */
export const storedEntrySchema = historyEntrySchema.loose();

/** A page query over the library, newest first. */
export const libraryQuerySchema = z.strictObject({
  text: z.string().max(500).optional(),
  style: z.enum(STYLE_IDS).optional(),
  provider: z.string().max(100).optional(),
  favourite: z.boolean().optional(),
  /** Only images filed in this project. */
  project: projectIdSchema.optional(),
  /** Only images carrying this tag (compared as stored: lower case, spaces made one). */
  tag: z
    .string()
    .max(TAG_MAX_CHARS * 2)
    .optional(),
  /** Epoch ms, inclusive. */
  since: z.number().int().nonnegative().optional(),
  /** Epoch ms, exclusive. */
  until: z.number().int().nonnegative().optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(500).default(60),
});
export type LibraryQuery = z.input<typeof libraryQuerySchema>;

export interface LibraryPage {
  readonly items: readonly HistoryEntry[];
  /** How many entries match the query in all. */
  readonly total: number;
  readonly offset: number;
}

const count = z.number().int().nonnegative();

/** What a library check found: everything a designer needs to know to trust the folder. */
export const libraryCheckSchema = z.object({
  entries: count,
  /** Lines of `index.jsonl` and `projects.jsonl` this version cannot read; kept verbatim, never dropped. */
  unreadableLines: count,
  /** Image files no entry and no trash folder accounts for; a repair turns them back into entries. */
  unaccountedImages: count,
  /** Entries whose image file is gone. */
  missingImages: count,
  /** Offline designs whose SVG twin file is gone: the image stays usable and print redraws the vector from the seed. */
  missingVectors: count,
  /** Entries rebuilt from the image files because the index was missing when the library opened. */
  rebuiltFromFiles: count,
});
export type LibraryCheck = z.infer<typeof libraryCheckSchema>;

/** What a library repair did. */
export const libraryRepairSchema = z.object({
  /** Images that became entries again (from their sidecars where there were any). */
  recovered: count,
  /** Unreadable lines moved from the index to `index-corrupt-lines.jsonl` (and from `projects.jsonl` to `projects-corrupt-lines.jsonl`). */
  setAside: count,
  /** Offline designs whose missing or torn SVG twin the repair stopped claiming (a torn file is kept as `<hash>.svg.unreadable`). */
  vectorsLost: count,
});
export type LibraryRepair = z.infer<typeof libraryRepairSchema>;
