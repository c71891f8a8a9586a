import type { ImageFormat } from '../../../src/core/contract/image-request.ts';
import type { HttpReply } from '../emulator-http.ts';
import { invalidRequest, openAIError } from './openai-errors.ts';
import { COMMON_PARAMS, EMULATED_MODELS, type EmulatedOpenAIModel } from './openai-models.ts';

/** A generation request after validation, defaults filled in. */
export interface GenerationParams {
  readonly model: EmulatedOpenAIModel;
  readonly prompt: string;
  readonly n: number;
  /** The size string as answered (`auto` resolved). */
  readonly size: string;
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
  readonly responseFormat: 'url' | 'b64_json';
  readonly quality: string;
}

export type ValidatedGeneration =
  { readonly ok: true; readonly params: GenerationParams } | { readonly ok: false; readonly reply: HttpReply };

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
const fail = (reply: HttpReply): ValidatedGeneration => ({ ok: false, reply });
const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** Validates `POST /v1/images/generations` as the real API does: per-model sizes, n, formats; unknown parameters rejected. */
export function validateGeneration(body: unknown): ValidatedGeneration {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(invalidRequest('The body of your request must be a JSON object.', null, null));
  }
  const b = body as Record<string, unknown>;
  const modelId = b.model ?? 'dall-e-2';
  const model = typeof modelId === 'string' ? EMULATED_MODELS[modelId] : undefined;
  if (!model)
    return fail(
      openAIError(
        404,
        `The model '${String(modelId)}' does not exist or you do not have access to it.`,
        'invalid_request_error',
        null,
        'model_not_found',
      ),
    );

  const allowed = new Set([...COMMON_PARAMS, ...model.extraParams]);
  const unknown = Object.keys(b).find((key) => !allowed.has(key));
  if (unknown !== undefined) return fail(invalidRequest(`Unknown parameter: '${unknown}'.`, unknown, 'unknown_parameter'));

  if (b.prompt === undefined || b.prompt === null)
    return fail(invalidRequest("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter'));
  if (typeof b.prompt !== 'string' || b.prompt.trim().length === 0)
    return fail(invalidRequest("Invalid 'prompt': expected a non-empty string.", 'prompt', 'invalid_type'));
  if (b.prompt.length > model.maxPromptChars) {
    return fail(
      invalidRequest(
        `Invalid 'prompt': string too long. Expected a string with maximum length ${model.maxPromptChars}, but got a string with length ${b.prompt.length} instead.`,
        'prompt',
        'string_above_max_length',
      ),
    );
  }

  const n = isSet(b.n) ? b.n : 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    return fail(invalidRequest(`Invalid 'n': expected an integer of at least 1.`, 'n', 'integer_below_min_value'));
  if (n > 10)
    return fail(
      invalidRequest(
        `Invalid 'n': integer above maximum value. Expected a value <= 10, but got ${n} instead.`,
        'n',
        'integer_above_max_value',
      ),
    );
  if (n > model.maxN) return fail(invalidRequest(`You must provide n=${model.maxN} for this model.`, 'n'));

  const size = isSet(b.size) ? b.size : model.defaultSize;
  if (typeof size !== 'string' || !model.sizes.includes(size)) {
    return fail(invalidRequest(`Invalid value: '${String(size)}'. Supported values are: ${list(model.sizes)}.`, 'size'));
  }
  const resolved = size === 'auto' ? '1024x1024' : size;
  const [width, height] = resolved.split('x').map(Number) as [number, number];

  let responseFormat: 'url' | 'b64_json' = model.responseFormat ? 'url' : 'b64_json';
  if (isSet(b.response_format)) {
    if (b.response_format !== 'url' && b.response_format !== 'b64_json') {
      return fail(
        invalidRequest(`Invalid value: '${String(b.response_format)}'. Supported values are: 'url' and 'b64_json'.`, 'response_format'),
      );
    }
    responseFormat = b.response_format;
  }

  let format: ImageFormat = 'png';
  if (isSet(b.output_format)) {
    const wanted = b.output_format as ImageFormat;
    if (!model.outputFormats.includes(wanted)) {
      return fail(
        invalidRequest(`Invalid value: '${String(b.output_format)}'. Supported values are: ${list(model.outputFormats)}.`, 'output_format'),
      );
    }
    format = wanted;
  }

  const quality = isSet(b.quality) ? b.quality : model.qualities.includes('auto') ? 'auto' : model.qualities[0];
  if (typeof quality !== 'string' || !model.qualities.includes(quality)) {
    return fail(invalidRequest(`Invalid value: '${String(quality)}'. Supported values are: ${list(model.qualities)}.`, 'quality'));
  }
  if (isSet(b.style) && !model.styles.includes(String(b.style))) {
    return fail(invalidRequest(`Invalid value: '${String(b.style)}'. Supported values are: ${list(model.styles)}.`, 'style'));
  }
  return { ok: true, params: { model, prompt: b.prompt, n, size: resolved, width, height, format, responseFormat, quality } };
}
