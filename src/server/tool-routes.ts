import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { imageTaskInputSchema, TASK_LIMITS, type ImageTaskInput } from '../core/contract/image-task.ts';
import { REQUEST_LIMITS } from '../core/contract/request-limits.ts';
import { MotifError } from '../core/errors/index.ts';
import type { MotifApi, TaskOutcome } from '../core/service/motif-api.ts';
import { setGenerationHeaders } from './generation-headers.ts';
import { readMultipartBody, type MultipartBody, type MultipartShape } from './multipart-body.ts';
import { imageUrl } from './openai-images.ts';
import { entryIdParam } from './image-routes.ts';
import { elapsedMs, type RegisterRoutes } from './route-context.ts';
import { zodErrorToMotifError } from '../core/errors/zod-error.ts';

/** Engine field names → this API's, for error `param`s (`source` is the uploaded `image`). */
const TOOL_PARAM_MAP: Readonly<Record<string, string>> = { count: 'n', source: 'image' };

/** Text fields are short: a prompt at most, in bytes (UTF-8 takes up to 4 per character). */
const MAX_FIELD_BYTES = REQUEST_LIMITS.promptMaxChars * 4;

const upload = (files: readonly string[], fields: readonly string[]): MultipartShape => ({
  files,
  fields,
  maxFileBytes: TASK_LIMITS.maxSourceBytes,
  maxFieldBytes: MAX_FIELD_BYTES,
});

const OPENAI_COMPAT_FIELDS = ['n', 'size', 'response_format', 'model', 'user'] as const;
const EDITS_SHAPE = upload(['image', 'mask'], ['prompt', 'strength', ...OPENAI_COMPAT_FIELDS]);
const VARIATIONS_SHAPE = upload(['image'], ['prompt', 'strength', ...OPENAI_COMPAT_FIELDS]);
const UPSCALE_SHAPE = upload(['image'], ['factor', 'response_format']);
const PLAIN_TOOL_SHAPE = upload(['image'], ['response_format']);

/** `strength`: a preset, or a number from 0.05 to 1 (how far results may stray from the image). */
const strengthField = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === 'subtle' || value === 'strong') return value;
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) {
      ctx.addIssue({ code: 'custom', message: 'must be "subtle", "strong" or a number from 0.05 to 1' });
      return z.NEVER;
    }
    return number;
  });

/** A whole number sent as text (multipart fields are text). */
const wholeNumberField = z
  .string()
  .regex(/^\s*\d{1,6}\s*$/, 'must be a whole number')
  .transform(Number)
  .optional();

/** OpenAI's `size`: accepted when well-formed; the result keeps the source image's own size. */
const sizeField = z
  .string()
  .regex(/^(auto|\d{2,5}x\d{2,5})$/, 'must look like 1024x1024 or be "auto"')
  .optional();
const responseFormatField = z.enum(['url', 'b64_json']).optional();

const openAiFormSchema = z.strictObject({
  prompt: z.string().optional(),
  strength: strengthField,
  n: wholeNumberField,
  size: sizeField,
  response_format: responseFormatField,
  model: z.string().max(200).optional(),
  user: z.string().max(256).optional(),
});

/** JSON body of the Motif tool routes: a library entry by id. */
const entryBodySchema = z.strictObject({
  id: z.string().min(1).max(100),
  response_format: responseFormatField,
});
const upscaleJsonSchema = entryBodySchema.extend({ factor: z.union([z.literal(2), z.literal(3), z.literal(4)]).optional() });
const upscaleFormSchema = z.strictObject({
  factor: z.enum(['2', '3', '4'], { message: 'must be 2, 3 or 4' }).transform(Number).optional(),
  response_format: responseFormatField,
});
const plainFormSchema = z.strictObject({ response_format: responseFormatField });

function parsed<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw zodErrorToMotifError(result.error, { paramMap: TOOL_PARAM_MAP });
  return result.data;
}

/** Checks a finished task request against the engine's contract, naming this API's fields. */
function checkedTask(input: ImageTaskInput): ImageTaskInput {
  const result = imageTaskInputSchema.safeParse(input);
  if (!result.success) throw zodErrorToMotifError(result.error, { paramMap: TOOL_PARAM_MAP });
  return input;
}

function requireImage(body: MultipartBody): { bytes: Uint8Array<ArrayBuffer>; name?: string } {
  const image = body.files.image;
  if (image === undefined)
    throw new MotifError('invalid_request', { param: 'image', message: 'image: is required (a PNG, JPEG or WebP file)' });
  return { bytes: image.bytes, ...(image.filename === undefined ? {} : { name: image.filename }) };
}

/** A route's request, read and checked before the request takes a generation slot. */
interface PreparedTask {
  readonly input: ImageTaskInput;
  readonly responseFormat: 'url' | 'b64_json';
}

/** `POST /v1/images/edits`: with a mask, repaint the masked area ("edit area"); without, a prompt-led image-to-image. */
function editsTask(body: MultipartBody): PreparedTask {
  const form = parsed(openAiFormSchema, body.fields);
  const source = requireImage(body);
  const prompt = form.prompt?.trim() ?? '';
  if (prompt === '') throw new MotifError('invalid_request', { param: 'prompt', message: 'prompt: is required' });
  const responseFormat = form.response_format ?? 'url';
  const mask = body.files.mask;
  if (mask !== undefined) {
    if (form.n !== undefined && form.n !== 1)
      throw new MotifError('invalid_request', { param: 'n', message: 'n: editing a masked area makes one image per request' });
    if (form.strength !== undefined)
      throw new MotifError('invalid_request', { param: 'strength', message: 'strength: applies without a mask only' });
    return { input: checkedTask({ task: 'inpaint', source, mask: mask.bytes, prompt }), responseFormat };
  }
  const count = form.n === undefined ? {} : { count: form.n };
  return { input: checkedTask({ task: 'vary', source, prompt, strength: form.strength ?? 'strong', ...count }), responseFormat };
}

/** `POST /v1/images/variations`: more like the image (`strength` subtle by default). */
function variationsTask(body: MultipartBody): PreparedTask {
  const form = parsed(openAiFormSchema, body.fields);
  const prompt = form.prompt?.trim();
  const input = checkedTask({
    task: 'vary',
    source: requireImage(body),
    ...(form.strength === undefined ? {} : { strength: form.strength }),
    ...(form.n === undefined ? {} : { count: form.n }),
    ...(prompt ? { prompt } : {}),
  });
  return { input, responseFormat: form.response_format ?? 'url' };
}

/** The request of a Motif tool route: JSON naming a library entry, or a multipart upload. */
function motifToolTask(task: 'upscale' | 'remove-background' | 'vectorize' | 'seamless', body: unknown): PreparedTask {
  if (isMultipartBody(body)) {
    const source = requireImage(body);
    if (task === 'upscale') {
      const form = parsed(upscaleFormSchema, body.fields);
      const factor = form.factor === undefined ? {} : { factor: form.factor as 2 | 3 | 4 };
      return { input: checkedTask({ task, source, ...factor }), responseFormat: form.response_format ?? 'url' };
    }
    const form = parsed(plainFormSchema, body.fields);
    return { input: checkedTask({ task, source }), responseFormat: form.response_format ?? 'url' };
  }
  if (body === undefined || body === null)
    throw new MotifError('invalid_request', {
      message: 'Send a JSON body { "id": "<library entry id>" } or a multipart form with an image file.',
    });
  if (task === 'upscale') {
    const json = parsed(upscaleJsonSchema, body);
    const factor = json.factor === undefined ? {} : { factor: json.factor };
    return {
      input: checkedTask({ task, source: { entryId: entryIdParam(json) }, ...factor }),
      responseFormat: json.response_format ?? 'url',
    };
  }
  const json = parsed(entryBodySchema, body);
  return { input: checkedTask({ task, source: { entryId: entryIdParam(json) } }), responseFormat: json.response_format ?? 'url' };
}

/** Bodies this module read from multipart forms (a JSON body can never be one of them). */
const MULTIPART_BODIES = new WeakSet<object>();

function isMultipartBody(body: unknown): body is MultipartBody {
  return typeof body === 'object' && body !== null && MULTIPART_BODIES.has(body);
}

/** Each request's checked task, from its preValidation hook to its handler. */
const PREPARED = new WeakMap<FastifyRequest, PreparedTask>();

/**
 * Reads the body (a multipart form into memory, within its limits) and checks
 * it, before the request takes a generation slot: a slow, huge or bad upload
 * never holds one. `multipartOnly` routes refuse JSON.
 */
function prepare(shape: MultipartShape, multipartOnly: boolean, build: (body: unknown) => PreparedTask) {
  return async (request: FastifyRequest): Promise<void> => {
    let body: unknown = request.body;
    if (request.isMultipart()) {
      const form = await readMultipartBody(request, shape);
      MULTIPART_BODIES.add(form);
      body = form;
    } else if (multipartOnly) {
      throw new MotifError('invalid_request', {
        param: 'Content-Type',
        message: 'Content-Type must be multipart/form-data (an image file and fields)',
      });
    }
    PREPARED.set(request, build(body));
  };
}

function preparedTask(request: FastifyRequest): PreparedTask {
  const prepared = PREPARED.get(request);
  if (prepared === undefined) throw new MotifError('internal', { message: 'The tool request was not read before its handler.' });
  return prepared;
}

/** The answer of every tool route: OpenAI's images shape, plus Motif's account of who made it from what. */
async function respond(
  service: MotifApi,
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: TaskOutcome,
  responseFormat: 'url' | 'b64_json',
): Promise<Record<string, unknown>> {
  const vector = outcome.job.task?.kind === 'vectorize';
  const data = await Promise.all(
    outcome.entries.map(async (entry) => {
      const svg = vector && entry.vector !== undefined ? { svg: await service.readVector(entry.id) } : {};
      const image =
        responseFormat === 'url'
          ? { url: imageUrl(request.motif.baseUrl, entry.id) }
          : { b64_json: Buffer.from((await service.readImage(entry.id)).bytes).toString('base64') };
      return { ...image, ...svg, entry_id: entry.id, parent_id: entry.parentId ?? null };
    }),
  );
  setGenerationHeaders(reply, outcome, elapsedMs(request));
  const first = outcome.entries[0];
  return {
    created: Math.floor(outcome.job.createdAt / 1000),
    data,
    ...(first ? { output_format: first.format, size: `${first.width}x${first.height}` } : {}),
    motif: {
      task: outcome.job.task?.kind ?? null,
      source_entry_id: outcome.job.task?.sourceEntryId ?? null,
      provider: first?.provider ?? outcome.job.provider ?? null,
      model: first?.model ?? outcome.job.model ?? null,
      fallback: outcome.job.fallback,
      cached: outcome.cached,
      cost_usd: outcome.job.costUsd ?? null,
    },
  };
}

/**
 * The image tools over HTTP:
 * - `POST /v1/images/edits` (OpenAI-compatible, multipart): `image` + optional
 *   `mask` + `prompt`, `n`, `size`, `response_format`. With a mask the masked
 *   area is repainted (the mask may be OpenAI's, transparent where to edit, or
 *   white-on-black); without one the prompt leads an image-to-image
 *   (`strength`, Motif's, defaults to "strong").
 * - `POST /v1/images/variations` (OpenAI-compatible, multipart): `image`, `n`,
 *   `size`, `response_format`, and Motif's `strength` ("subtle" by default) and `prompt`.
 * - `POST /motif/images/upscale` (`factor` 2, 3 or 4), `/remove-background`,
 *   `/vectorize` (each data item adds the `svg` markup), `/seamless` (a
 *   pattern tile: the image offset by half, its seam repaired by inpainting):
 *   a JSON body `{ "id": "<library entry>" }` or a multipart `image` upload.
 * `size` and `model` are accepted for compatibility; results keep the source's
 * size and the engine picks the provider by what it can do. Every result is
 * saved in the library with its parent (`parent_id`); an uploaded image is
 * imported first and becomes that parent.
 */
export const registerToolRoutes: RegisterRoutes = (app, service) => {
  const config = { auth: true, generation: true, multipart: true, paramMap: TOOL_PARAM_MAP } as const;
  const run = async (request: FastifyRequest, reply: FastifyReply): Promise<Record<string, unknown>> => {
    const { input, responseFormat } = preparedTask(request);
    const outcome = await service.runTask(input, { signal: request.motif.signal });
    return respond(service, request, reply, outcome, responseFormat);
  };

  app.post('/v1/images/edits', { config, preValidation: prepare(EDITS_SHAPE, true, (body) => editsTask(body as MultipartBody)) }, run);
  app.post(
    '/v1/images/variations',
    { config, preValidation: prepare(VARIATIONS_SHAPE, true, (body) => variationsTask(body as MultipartBody)) },
    run,
  );
  for (const task of ['upscale', 'remove-background', 'vectorize', 'seamless'] as const) {
    const shape = task === 'upscale' ? UPSCALE_SHAPE : PLAIN_TOOL_SHAPE;
    app.post(`/motif/images/${task}`, { config, preValidation: prepare(shape, false, (body) => motifToolTask(task, body)) }, run);
  }
};
