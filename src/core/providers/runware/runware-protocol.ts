import { z } from 'zod';

/**
 * Wire shapes of the Runware API (see /work/shared/design/runware-api.md §2 and §5).
 * Only what the adapter relies on is validated here; image items are validated again,
 * strictly, where they become `GeneratedImage`s.
 */

/** A task as sent: always an object with `taskType` and, except auth and ping, a client-chosen `taskUUID`. */
export interface RunwareTaskPayload {
  readonly taskType: string;
  readonly taskUUID: string;
  readonly [field: string]: unknown;
}

/** One `data` item of a response. Correlated by `taskUUID`, never by position. */
export interface RunwareDataItem {
  readonly taskType?: unknown;
  readonly taskUUID?: unknown;
  readonly status?: unknown;
  readonly [field: string]: unknown;
}

/** One `errors` item, as Runware documents it; `parameter` may be an array for cross-field rules. */
const runwareErrorItemSchema = z.looseObject({
  code: z.string().catch('unknown'),
  message: z.string().optional().catch(undefined),
  parameter: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .catch(undefined),
  taskType: z.string().optional().catch(undefined),
  taskUUID: z.string().optional().catch(undefined),
});
export type RunwareErrorItem = z.infer<typeof runwareErrorItemSchema>;

/** A parsed server message: either list may be missing. */
export interface RunwareMessage {
  readonly data: readonly unknown[];
  readonly errors: readonly unknown[];
}

const EMPTY: readonly unknown[] = [];

/**
 * Reads the envelope of an already `JSON.parse`d message. Returns `undefined` when the
 * value is not a Runware envelope at all (the caller treats that as a garbage frame).
 */
export function readEnvelope(value: unknown): RunwareMessage | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { data, errors } = value as { data?: unknown; errors?: unknown };
  if (data !== undefined && !Array.isArray(data)) return undefined;
  if (errors !== undefined && !Array.isArray(errors)) return undefined;
  if (data === undefined && errors === undefined) return undefined;
  return { data: data ?? EMPTY, errors: errors ?? EMPTY };
}

/** Parses one error item leniently: a malformed one still yields a code, so it can be mapped. */
export function readErrorItem(value: unknown): RunwareErrorItem {
  const parsed = runwareErrorItemSchema.safeParse(value);
  return parsed.success ? parsed.data : { code: 'unknown' };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID (any version), i.e. usable as a Runware `taskUUID`. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_PATTERN.test(value);

/**
 * The taskUUIDs (or, in a truncated frame, their first 8+ characters) a garbled frame names,
 * so it can be blamed on the task it was meant for. Only the head of the text is searched:
 * the taskUUID comes early in every item, and images make frames large.
 */
export function findTaskUuidPrefixes(text: string, maxChars = 4_096): string[] {
  const prefixes: string[] = [];
  for (const match of text.slice(0, maxChars).matchAll(/"taskUUID"\s*:\s*"([0-9a-fA-F-]{8,36})/g)) {
    if (match[1] !== undefined) prefixes.push(match[1].toLowerCase());
  }
  return prefixes;
}

/** The fixed frames; serialised once. */
export const PING_FRAME = '[{"taskType":"ping","ping":true}]';
export const authenticationFrame = (apiKey: string): string => JSON.stringify([{ taskType: 'authentication', apiKey }]);
