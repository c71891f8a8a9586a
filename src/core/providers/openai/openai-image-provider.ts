import { Agent, fetch as undiciFetch } from 'undici';
import type {
  CostEstimate,
  GeneratedImage,
  HealthCheckResult,
  ImageProvider,
  ProviderGenerateOptions,
  ProviderImageResult,
  ProviderModel,
  ProviderTaskOptions,
  ProviderTaskResult,
  ProviderWarning,
  TaskSupport,
} from '../../contract/image-provider.ts';
import type { ImageFormat, ImageRequest } from '../../contract/image-request.ts';
import { MotifError, toMotifError } from '../../errors/index.ts';
import { applyStyle } from '../../contract/styles.ts';
import { systemClock, type Clock } from '../../util/clock.ts';
import { CallScope, readBodyText } from './openai-call-scope.ts';
import { mapOpenAIHttpError } from './openai-error-mapper.ts';
import { genericModelSpec, OPENAI_MODELS, sizeKey, toProviderModel, type OpenAIModelSpec } from './openai-models.ts';
import { sniffImageFormat } from '../../contract/image-format.ts';
import { decodeBase64, malformed, parseImagesResponse, type ImagesResponse } from './openai-response.ts';
import { InFlight } from '../../util/in-flight.ts';
import { buildEditCall, editModel, openAITasks } from './openai-edits.ts';

export interface OpenAIImageProviderOptions {
  /** Instance name, unique in the app (`openai`, `primary`, `backup`, …). */
  readonly id: string;
  readonly label?: string;
  /** Default `https://api.openai.com/v1`; any OpenAI-compatible service works. */
  readonly baseUrl?: string;
  /** Read on every call, so a key change applies at once. */
  readonly getApiKey: () => string | undefined;
  /** Injected for tests; default undici fetch over a keep-alive Agent. */
  readonly fetch?: typeof fetch;
  readonly clock?: Clock;
  /** Model ids to offer (default: all known). Unknown ids get a conservative generic spec. */
  readonly models?: readonly string[];
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const HEALTH_TIMEOUT_MS = 5000;
/** Ten 1536×1024 PNGs in base64 fit well within this. */
const MAX_BODY_BYTES = 256 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/**
 * OpenAI images API (`POST /images/generations`) as an ImageProvider. Several
 * instances can coexist under different ids, each pointing at any
 * OpenAI-compatible service. The adapter maps and reports; it never adapts a
 * request (sizes, counts): that is the router's job.
 */
export class OpenAIImageProvider implements ImageProvider {
  readonly specificationVersion = 'v1' as const;
  readonly kind = 'openai' as const;
  readonly requiresKey = true;
  readonly id: string;
  readonly label: string;
  readonly #baseUrl: string;
  readonly #getApiKey: () => string | undefined;
  readonly #fetch: typeof fetch;
  readonly #agent: Agent | undefined;
  readonly #clock: Clock;
  readonly #specs: ReadonlyMap<string, OpenAIModelSpec>;
  readonly #models: readonly ProviderModel[];
  /** Vary and edit-area, when the instance offers an edit model. */
  readonly #tools: readonly TaskSupport[];
  readonly #inFlight = new InFlight();

  constructor(options: OpenAIImageProviderOptions) {
    this.id = options.id;
    this.label = options.label ?? 'OpenAI';
    this.#baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.#getApiKey = options.getApiKey;
    this.#clock = options.clock ?? systemClock;
    if (options.fetch) {
      this.#fetch = options.fetch;
    } else {
      const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 16 });
      this.#agent = agent;
      // undici's own types differ from the DOM ones in name only for what we use.
      this.#fetch = ((input: string, init?: RequestInit) =>
        undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
    }
    const ids = options.models ?? Object.keys(OPENAI_MODELS);
    this.#specs = new Map(ids.map((id) => [id, OPENAI_MODELS[id] ?? genericModelSpec(id)]));
    this.#models = [...this.#specs.values()].map(toProviderModel);
    this.#tools = openAITasks(editModel(this.#specs));
  }

  hasKey(): boolean {
    const key = this.#getApiKey();
    return key !== undefined && key.trim() !== '';
  }

  models(): readonly ProviderModel[] {
    return this.#models;
  }

  estimateCost(request: ImageRequest, model: string): CostEstimate {
    const price = this.#specs.get(model)?.priceBySize[sizeKey(request.width, request.height)];
    return price === undefined
      ? { usd: undefined, basis: 'unknown' }
      : { usd: Math.round(price * request.count * 1e6) / 1e6, basis: 'price-table' };
  }

  generate(options: ProviderGenerateOptions): Promise<ProviderImageResult> {
    return this.#inFlight.track(this.#generate(options));
  }

  async #generate(options: ProviderGenerateOptions): Promise<ProviderImageResult> {
    const { request, model, onStage } = options;
    const spec = this.#specs.get(model);
    if (!spec)
      throw new MotifError('invalid_request', { param: 'model', provider: this.id, message: `${this.id} does not offer model ${model}` });
    const apiKey = this.#requireKey();
    const size = sizeKey(request.width, request.height);
    if (!spec.sizes.includes(size)) {
      throw new MotifError('unsupported_size', {
        param: 'size',
        provider: this.id,
        message: `${spec.id} makes ${spec.sizes.join(', ')}, not ${size}`,
      });
    }
    if (request.count > spec.maxN) {
      throw new MotifError('invalid_request', {
        param: 'count',
        provider: this.id,
        message: `${spec.id} makes at most ${spec.maxN} image(s) per call, not ${request.count}`,
      });
    }
    const prompt = applyStyle(request.prompt, request.style).prompt;
    if (prompt.length > spec.maxPromptChars) {
      throw new MotifError('upstream_invalid_request', {
        param: 'prompt',
        provider: this.id,
        message: `${spec.id} takes prompts of at most ${spec.maxPromptChars} characters`,
      });
    }
    const warnings = this.#warnings(request, spec);
    const format: ImageFormat = spec.formats.includes(request.format) ? request.format : (spec.formats[0] ?? 'png');
    const body = {
      model: spec.id,
      prompt,
      n: request.count,
      size,
      ...(spec.quality === undefined ? {} : { quality: spec.quality }),
      ...(spec.outputFormatParam ? { output_format: format } : { response_format: 'b64_json' }),
    };

    const scope = new CallScope({ provider: this.id, clock: this.#clock, signal: options.signal, deadline: options.deadline });
    try {
      scope.check();
      onStage?.('sending');
      const parsed = await this.#postImages(
        '/images/generations',
        { 'content-type': 'application/json', body: JSON.stringify(body) },
        apiKey,
        scope,
        onStage,
      );
      const images = await this.#images(parsed, request, scope, options.onImage);
      for (const image of images) {
        if (image.format !== request.format && spec.formats.includes(request.format)) {
          warnings.push({
            type: 'compatibility',
            setting: 'format',
            details: `${this.id} returned ${image.format} instead of ${request.format}.`,
          });
          break;
        }
      }
      return {
        images,
        warnings,
        // OpenAI reports no cost; the router prices calls with estimateCost.
        costUsd: undefined,
        providerMetadata: {
          openai: {
            model: spec.id,
            created: parsed.created,
            revisedPrompts: parsed.data.map((d) => d.revised_prompt).filter((p): p is string => p !== undefined),
            ...(parsed.usage === undefined ? {} : { usage: parsed.usage }),
            ...(parsed.quality === undefined ? {} : { quality: parsed.quality }),
          },
        },
      };
    } catch (error) {
      throw scope.classify(error);
    } finally {
      scope.dispose();
    }
  }

  tasks(): readonly TaskSupport[] {
    return this.#tools;
  }

  runTask(options: ProviderTaskOptions): Promise<ProviderTaskResult> {
    return this.#inFlight.track(this.#runTask(options));
  }

  /** Vary and edit-area as `POST /images/edits` (multipart); the reply is read like a generation's. */
  async #runTask(options: ProviderTaskOptions): Promise<ProviderTaskResult> {
    const { task, onStage } = options;
    const spec = editModel(this.#specs);
    if (!spec || (task.kind !== 'vary' && task.kind !== 'inpaint'))
      throw new MotifError('unsupported_task', { provider: this.id, message: `${this.id} does not run ${task.kind}` });
    const apiKey = this.#requireKey();
    const call = await buildEditCall(task, spec);
    const scope = new CallScope({ provider: this.id, clock: this.#clock, signal: options.signal, deadline: options.deadline });
    try {
      scope.check();
      onStage?.('sending');
      // undici's FormData (see openai-edits.ts); the global type does not know it is the same shape.
      const parsed = await this.#postImages('/images/edits', { body: call.form as unknown as BodyInit }, apiKey, scope, onStage);
      const images = await this.#images(parsed, call, scope, options.onImage);
      return {
        images,
        warnings: [...call.warnings],
        costUsd: undefined,
        providerMetadata: { openai: { model: spec.id, edit: true } },
        texts: [],
      };
    } catch (error) {
      throw scope.classify(error);
    } finally {
      scope.dispose();
    }
  }

  /** Posts to an images endpoint and reads the reply: stages as they happen, an HTTP error mapped, the JSON checked. */
  async #postImages(
    path: string,
    request: { readonly 'content-type'?: string; readonly body: BodyInit },
    apiKey: string,
    scope: CallScope,
    onStage: ProviderGenerateOptions['onStage'],
  ): Promise<ImagesResponse> {
    const { body, ...contentType } = request;
    const pending = this.#fetch(`${this.#baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json', ...contentType },
      body,
      signal: scope.signal,
    });
    // The body goes with the headers: once dispatched, we are waiting.
    onStage?.('waiting');
    const response = await pending;
    const text = await readBodyText(response, {
      provider: this.id,
      onFirstChunk: () => onStage?.('receiving'),
      limitBytes: response.ok ? MAX_BODY_BYTES : MAX_ERROR_BODY_BYTES,
    });
    if (!response.ok) throw this.#httpError(response, text, apiKey);
    return parseImagesResponse(this.id, response.status, text);
  }

  #httpError(response: Response, body: string, apiKey: string): MotifError {
    return mapOpenAIHttpError({ provider: this.id, status: response.status, body, headers: response.headers, clock: this.#clock, apiKey });
  }

  #requireKey(): string {
    const key = this.#getApiKey()?.trim();
    if (!key) throw new MotifError('key_missing', { provider: this.id });
    return key;
  }

  #warnings(request: ImageRequest, spec: OpenAIModelSpec): ProviderWarning[] {
    const warnings: ProviderWarning[] = [];
    if (request.negativePrompt !== undefined && request.negativePrompt.trim() !== '') {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'negativePrompt',
        details: `${spec.label} has no negative prompt; it was not applied.`,
      });
    }
    if (request.seedExplicit) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'seed',
        details: `${spec.label} does not take a seed; results will differ between runs.`,
      });
    }
    if (!spec.formats.includes(request.format)) {
      warnings.push({
        type: 'compatibility',
        setting: 'format',
        details: `${spec.label} makes ${spec.formats.join('/')} only; returned ${spec.formats[0] ?? 'png'} instead of ${request.format}.`,
      });
    }
    return warnings;
  }

  async #images(
    parsed: ImagesResponse,
    request: { readonly width: number; readonly height: number },
    scope: CallScope,
    onImage: ProviderGenerateOptions['onImage'],
  ): Promise<GeneratedImage[]> {
    const images: GeneratedImage[] = [];
    for (const [index, item] of parsed.data.entries()) {
      const bytes = item.b64_json !== undefined ? decodeBase64(this.id, item.b64_json) : await this.#download(item.url ?? '', scope);
      const format = sniffImageFormat(bytes);
      if (format === undefined) throw malformed(this.id, 200, `image ${index}`, `image ${index} is not PNG, JPEG or WebP`);
      const image: GeneratedImage = { bytes, format, width: request.width, height: request.height, seed: undefined, costUsd: undefined };
      images.push(image);
      onImage?.(image, index);
    }
    return images;
  }

  /** Fetches a `url` result. Never sends the key: the URL is pre-signed and may be on another host. */
  async #download(url: string, scope: CallScope): Promise<Uint8Array> {
    const response = await this.#fetch(url, { signal: scope.signal });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new MotifError('upstream_unavailable', {
        message: `${this.id} image download failed with HTTP ${response.status}`,
        provider: this.id,
        upstream: { provider: this.id, status: response.status },
      });
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  /** `GET /models`: proves reachability and the key, costs nothing. */
  async checkHealth(signal: AbortSignal): Promise<HealthCheckResult> {
    const started = this.#clock.now();
    const result = (error: MotifError | undefined): HealthCheckResult => {
      const checkedAt = this.#clock.now();
      return { ok: error === undefined, latencyMs: checkedAt - started, checkedAt, error };
    };
    let apiKey: string;
    try {
      apiKey = this.#requireKey();
    } catch (error) {
      return result(toMotifError(error));
    }
    const scope = new CallScope({ provider: this.id, clock: this.#clock, signal, deadline: started + HEALTH_TIMEOUT_MS });
    try {
      const response = await this.#fetch(`${this.#baseUrl}/models`, {
        headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
        signal: scope.signal,
      });
      const text = await readBodyText(response, { provider: this.id, limitBytes: MAX_ERROR_BODY_BYTES });
      if (!response.ok) {
        return result(this.#httpError(response, text, apiKey));
      }
      return result(undefined);
    } catch (error) {
      return result(scope.classify(error));
    } finally {
      scope.dispose();
    }
  }

  async close(): Promise<void> {
    await this.#inFlight.settled();
    await this.#agent?.close();
  }
}
