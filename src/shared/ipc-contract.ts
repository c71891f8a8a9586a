import { z } from 'zod';
import { estimateInputSchema, generateInputSchema, type EstimateInput, type GenerateInput } from '../core/contract/image-request.ts';
import { historyEntrySchema, libraryCheckSchema, libraryQuerySchema, libraryRepairSchema } from '../core/contract/history-entry.ts';
import {
  BREAKER_MODES,
  costQuoteSchema,
  jobEventSchema,
  jobSnapshotSchema,
  type serializedErrorSchema,
  telemetrySnapshotSchema,
} from '../core/contract/service-types.ts';
import { secretNameSchema, SERVER_TOKEN_SECRET, settingsPatchSchema } from '../core/contract/settings-schema.ts';
import { settingsViewSchema } from '../core/contract/settings-view.ts';
import { preflightReportSchema, printRequestSchema, printResultSchema, type PrintRequest } from '../core/contract/print-request.ts';
import { aboutInfoSchema } from '../core/contract/about-info.ts';
import { airSchema, catalogueModelsPageSchema, modelSearchQuerySchema } from '../core/contract/model-catalogue.ts';
import { IMPORT_LIMITS } from '../core/contract/import-limits.ts';
import { projectIdSchema, projectNameSchema, projectSummarySchema, tagCountSchema, tagListSchema } from '../core/contract/project.ts';
import { imageTaskInputSchema, taskEstimateSchema, type ImageTaskInput } from '../core/contract/image-task.ts';

/**
 * The IPC contract between the renderer (through the preload's `window.motif`)
 * and main: every channel, named `domain:action`, with a zod schema for its
 * request and its response, and every event main pushes with the schema of its
 * payload. The TypeScript types of both ends derive from these schemas; main
 * (and the browser-test harness, through the same dispatcher) validates every
 * request and every response against them.
 *
 * Requests are one value: an object, or `undefined` for channels that take
 * nothing. Every object is strict, so a typo is an error, not a silent default.
 */

/** Ids of jobs and library entries as they travel: short, printable, URL-safe. */
export const entityIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^(?!\.+$)[\w.:-]+$/, 'id has unexpected characters');
const entityIdsSchema = z.array(entityIdSchema).min(1).max(10_000);
const nothing = z.undefined();

/**
 * Accepts exactly what `schema` accepts but yields the value as sent (its
 * input type), for engine calls that normalise the value themselves.
 * `jobs:submit` needs it: the engine takes `GenerateInput`, not the parsed
 * request whose `size` is already `{ width, height }`.
 */
function acceptedBy<T>(schema: z.ZodType<unknown, T>): z.ZodType<T, T> {
  return z.custom<T>().superRefine((value, ctx) => {
    const result = schema.safeParse(value);
    if (result.success) return;
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] });
  });
}

/** What an import did: the entries it added and, per file that could not come in, its registered code and reason. */
const importResultSchema = z.object({
  imported: z.array(historyEntrySchema),
  failed: z.array(z.object({ name: z.string(), code: z.string(), message: z.string() })),
});

/** One page of the library, newest first. */
const libraryPageSchema = z.object({
  items: z.array(historyEntrySchema),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
});

const connectionTestSchema = z
  .object({ ok: z.boolean(), latencyMs: z.number().nonnegative(), message: z.string().optional() })
  .transform(({ ok, latencyMs, message }) => ({ ok, latencyMs, message }));

/**
 * What the window may change in settings: everything in a settings patch but
 * the powers a compromised page must not take. The library folder moves only
 * to a folder picked in main's native dialog (`settings:move-library`), and the
 * local API turns on only after main's own confirmation (`settings:set-server-enabled`).
 */
export const windowSettingsPatchSchema = settingsPatchSchema.omit({ libraryDir: true, pinnedModels: true }).extend({
  server: z.strictObject({ port: z.number().int().min(1024).max(65535).optional() }).optional(),
});

/** The keys the window may set or clear: provider keys only (the engine checks the name is one it knows). The local API's token is main's alone. */
export const windowSecretNameSchema = secretNameSchema.refine(
  (name) => name !== SERVER_TOKEN_SECRET,
  "The local API's token is not the window's to set.",
);

const channel = <Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
): { readonly request: Req; readonly response: Res } => ({ request, response });

/** Every request/response channel. Adding one here without a handler in main fails `npm run typecheck`. */
export const IPC_CHANNELS = {
  'jobs:submit': channel(acceptedBy<GenerateInput>(generateInputSchema), jobSnapshotSchema),
  /** The Generate button's estimate and the daily cap's verdict, before anything runs. */
  'jobs:estimate': channel(acceptedBy<EstimateInput>(estimateInputSchema), costQuoteSchema),
  'jobs:cancel': channel(z.strictObject({ jobId: entityIdSchema }), nothing),
  'jobs:list': channel(nothing, z.array(jobSnapshotSchema)),
  'jobs:resume': channel(z.strictObject({ jobId: entityIdSchema }), jobSnapshotSchema),
  'jobs:discard': channel(z.strictObject({ jobId: entityIdSchema }), nothing),

  /** Runs a tool on an image as a job (cancel with `jobs:cancel`); a file's bytes travel as a Uint8Array. */
  'tasks:submit': channel(acceptedBy<ImageTaskInput>(imageTaskInputSchema), jobSnapshotSchema),
  /** A tool's cost before it runs, and which providers could run it on this image now. */
  'tasks:estimate': channel(acceptedBy<ImageTaskInput>(imageTaskInputSchema), taskEstimateSchema),

  'prompts:enhance': channel(
    z.strictObject({ prompt: z.string().trim().min(1).max(2000), versions: z.number().int().min(1).max(8).optional() }),
    z.array(z.string()),
  ),

  /** One page of the model catalogue; offline it holds the built-in and pinned models and says why. */
  'models:search': channel(modelSearchQuerySchema, catalogueModelsPageSchema),
  /** Pins a model a search showed (the engine looks it up; the window sends only its id). */
  'models:pin': channel(z.strictObject({ air: airSchema }), settingsViewSchema),
  'models:unpin': channel(z.strictObject({ air: airSchema }), settingsViewSchema),

  'library:list': channel(libraryQuerySchema, libraryPageSchema),
  'library:get': channel(z.strictObject({ id: entityIdSchema }), historyEntrySchema),
  'library:set-favourite': channel(z.strictObject({ id: entityIdSchema, favourite: z.boolean() }), historyEntrySchema),
  'library:delete': channel(
    z.strictObject({ ids: entityIdsSchema }),
    z.object({ undoToken: z.string(), deleted: z.number().int().nonnegative() }),
  ),
  'library:undo-delete': channel(
    z.strictObject({ undoToken: z.string().min(1).max(200) }),
    z.object({ restored: z.number().int().nonnegative() }),
  ),
  'library:export': channel(
    // `embedSettings` false: files go out without their settings (for clients); absent: the setting decides.
    z.strictObject({ ids: entityIdsSchema, kind: z.enum(['folder', 'zip']), embedSettings: z.boolean().optional() }),
    z.object({ path: z.string(), exported: z.number().int().nonnegative() }).optional(),
  ),
  'library:start-drag': channel(z.strictObject({ ids: z.array(entityIdSchema).min(1).max(100) }), nothing),
  'library:open-folder': channel(nothing, nothing),
  /** Puts an entry's full image on the system clipboard, from main (the page never reads the clipboard). */
  'library:copy-image': channel(z.strictObject({ id: entityIdSchema }), nothing),
  /** Shows an export's file or folder in the file manager; main accepts only a path it exported itself. */
  'library:show-exported': channel(z.strictObject({ path: z.string().min(1).max(4096) }), nothing),
  'library:check': channel(nothing, libraryCheckSchema),
  'library:repair': channel(nothing, libraryRepairSchema),
  /** Replaces an image's tags (each checked and normalised here, again in the engine). */
  'library:set-tags': channel(z.strictObject({ id: entityIdSchema, tags: tagListSchema }), historyEntrySchema),
  /** Tags in use, most used first, for autocomplete and the tag filter. */
  'library:tags': channel(nothing, z.array(tagCountSchema)),

  /** Image files dropped onto the gallery or chosen with "Import…" (read by the page): at most 20 files of 50 MB, or zips of 512 MB. */
  'library:import-files': channel(
    z.strictObject({
      files: z
        .array(
          z
            .strictObject({
              name: z.string().trim().min(1).max(255),
              bytes: z.instanceof(Uint8Array, { message: 'expected image bytes' }),
            })
            .refine(
              ({ name, bytes }) =>
                bytes.byteLength > 0 && bytes.byteLength <= (/\.zip$/i.test(name) ? IMPORT_LIMITS.maxZipBytes : IMPORT_LIMITS.maxBytes),
              { message: 'an image file of 1 byte to 50 MB, or a zip of up to 512 MB', path: ['bytes'] },
            ),
        )
        .min(1)
        .max(20),
    }),
    importResultSchema,
  ),

  'projects:list': channel(nothing, z.array(projectSummarySchema)),
  'projects:create': channel(z.strictObject({ name: projectNameSchema }), projectSummarySchema),
  'projects:rename': channel(z.strictObject({ id: projectIdSchema, name: projectNameSchema }), projectSummarySchema),
  /** Removes the project, never its images. */
  'projects:delete': channel(z.strictObject({ id: projectIdSchema }), z.object({ deleted: z.string() })),
  /** `entryId` absent: the first image filed is the cover again. */
  'projects:set-cover': channel(z.strictObject({ id: projectIdSchema, entryId: entityIdSchema.optional() }), projectSummarySchema),
  'projects:add': channel(z.strictObject({ id: projectIdSchema, ids: entityIdsSchema }), projectSummarySchema),
  'projects:remove': channel(z.strictObject({ id: projectIdSchema, ids: entityIdsSchema }), projectSummarySchema),

  /** Page geometry and resolution verdicts for the Print view's preview. */
  'print:preflight': channel(acceptedBy<PrintRequest>(printRequestSchema), preflightReportSchema),
  /** Asks where to save, then builds and writes the print file; undefined when the dialog is cancelled. */
  'print:export': channel(acceptedBy<PrintRequest>(printRequestSchema), printResultSchema.optional()),

  'settings:get': channel(nothing, settingsViewSchema),
  'settings:update': channel(windowSettingsPatchSchema, settingsViewSchema),
  'settings:set-key': channel(
    z.strictObject({ name: windowSecretNameSchema, value: z.string().trim().min(1).max(4096) }),
    settingsViewSchema,
  ),
  'settings:clear-key': channel(z.strictObject({ name: windowSecretNameSchema }), settingsViewSchema),
  'settings:move-library': channel(nothing, settingsViewSchema.optional()),
  /** Turning the local API on asks the user in a dialog drawn by main; undefined when they decline. */
  'settings:set-server-enabled': channel(z.strictObject({ enabled: z.boolean() }), settingsViewSchema.optional()),

  'health:get-snapshot': channel(nothing, telemetrySnapshotSchema),
  'health:set-breaker-mode': channel(
    z.strictObject({ provider: z.string().min(1).max(64), mode: z.enum(BREAKER_MODES) }),
    telemetrySnapshotSchema,
  ),
  'health:test-connection': channel(z.strictObject({ provider: z.string().min(1).max(64) }), connectionTestSchema),

  'app:about': channel(nothing, aboutInfoSchema),
} as const;

/** Every event main pushes to the renderer. */
export const IPC_EVENTS = {
  /** A job changed, saved an image, or was removed. */
  'jobs:event': jobEventSchema,
  /** Provider health and metrics; main sends at most about four a second. */
  'health:snapshot': telemetrySnapshotSchema,
} as const;

export type InvokeChannel = keyof typeof IPC_CHANNELS;
export type EventChannel = keyof typeof IPC_EVENTS;

/** What the renderer sends on a channel. */
export type ChannelRequest<C extends InvokeChannel> = z.input<(typeof IPC_CHANNELS)[C]['request']>;
/** What main's handler receives: the request after validation. */
export type ValidatedRequest<C extends InvokeChannel> = z.output<(typeof IPC_CHANNELS)[C]['request']>;
/** Deeply read-only: what the engine hands out (readonly arrays) fits where the wire type is mutable. */
type Immutable<T> =
  T extends ReadonlyArray<infer U> ? ReadonlyArray<Immutable<U>> : T extends object ? { readonly [K in keyof T]: Immutable<T[K]> } : T;
type HandlerValue<T> = Immutable<T> | (undefined extends T ? void : never);
/** What main's handler returns, before validation (`void` where the channel answers nothing). */
export type HandlerResult<C extends InvokeChannel> = HandlerValue<z.input<(typeof IPC_CHANNELS)[C]['response']>>;
/** What the renderer receives. */
export type ChannelResult<C extends InvokeChannel> = z.output<(typeof IPC_CHANNELS)[C]['response']>;
/** The payload of an event as the renderer receives it. */
export type EventPayload<E extends EventChannel> = z.output<(typeof IPC_EVENTS)[E]>;

export const INVOKE_CHANNELS = Object.keys(IPC_CHANNELS) as InvokeChannel[];
export const EVENT_CHANNELS = Object.keys(IPC_EVENTS) as EventChannel[];

export const isInvokeChannel = (value: unknown): value is InvokeChannel => typeof value === 'string' && Object.hasOwn(IPC_CHANNELS, value);

/**
 * What every channel answers. Electron keeps only the message of a thrown
 * error, so failures travel as data and the bridge turns them back into
 * rejections carrying `code` and `userMessage`.
 */
export type IpcEnvelope =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: z.infer<typeof serializedErrorSchema> };
