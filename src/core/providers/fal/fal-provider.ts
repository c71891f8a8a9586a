import type {
  CostEstimate,
  GeneratedImage,
  HealthCheckResult,
  ImageProvider,
  ProviderGenerateOptions,
  ProviderImageResult,
  ProviderModel,
  ProviderSpecificationVersion,
} from '../../contract/image-provider.ts';
import { sniffImageFormat } from '../../contract/image-format.ts';
import type { ImageRequest } from '../../contract/image-request.ts';
import { MotifError, toMotifError } from '../../errors/motif-error.ts';
import { sleep, systemClock, type Clock } from '../../util/clock.ts';

/** fal's queue API; its per-model paths sit under this host. */
const FAL_QUEUE_URL = 'https://queue.fal.run';

/** fal.ai image models Motif offers: FLUX over fal's queue. Prices are per image at about one megapixel. */
const FAL_MODELS: readonly ProviderModel[] = [
  { id: 'fal-ai/flux/schnell', label: 'FLUX.1 schnell (fal.ai)', pricePerImageUsd: 0.003 },
  { id: 'fal-ai/flux/dev', label: 'FLUX.1 dev (fal.ai)', pricePerImageUsd: 0.025 },
].map((model) => ({
  ...model,
  capabilities: {
    sizes: { kind: 'range', min: 256, max: 2048, multipleOf: 8 },
    maxImagesPerCall: 4,
    seed: true,
    negativePrompt: false,
    formats: ['png', 'jpeg'],
  },
}));

export interface FalProviderOptions {
  readonly id: string;
  readonly label?: string | undefined;
  /** Default `https://queue.fal.run`; an emulator's URL in tests. */
  readonly baseUrl?: string | undefined;
  readonly getApiKey: () => string | undefined;
  readonly clock?: Clock;
  /** Time between status polls (default 500 ms, as `@fal-ai/client` polls). */
  readonly pollIntervalMs?: number;
  readonly fetch?: typeof fetch;
}

interface QueueStatus {
  readonly status: string;
  readonly request_id: string;
  readonly status_url?: string;
  readonly response_url?: string;
  readonly cancel_url?: string;
}

interface FalImage {
  readonly url: string;
  readonly width?: number;
  readonly height?: number;
  readonly content_type?: string;
}

/**
 * fal.ai over its queue API: submit, poll the status until COMPLETED, read the
 * result, exactly as `@fal-ai/client` does. Images come back inline
 * (`sync_mode`), so there is no second download; a URL answer is fetched from
 * the same host only. Cancel or the deadline cancels the queued request.
 */
export class FalProvider implements ImageProvider {
  readonly specificationVersion: ProviderSpecificationVersion = 'v1';
  readonly id: string;
  readonly kind = 'fal';
  readonly label: string;
  readonly requiresKey = true;

  readonly #baseUrl: string;
  readonly #getApiKey: () => string | undefined;
  readonly #clock: Clock;
  readonly #pollIntervalMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: FalProviderOptions) {
    this.id = options.id;
    this.label = options.label ?? 'fal.ai';
    this.#baseUrl = (options.baseUrl ?? FAL_QUEUE_URL).replace(/\/+$/, '');
    this.#getApiKey = options.getApiKey;
    this.#clock = options.clock ?? systemClock;
    this.#pollIntervalMs = options.pollIntervalMs ?? 500;
    this.#fetch = options.fetch ?? fetch;
  }

  hasKey(): boolean {
    return Boolean(this.#getApiKey());
  }

  models(): readonly ProviderModel[] {
    return FAL_MODELS;
  }

  estimateCost(request: ImageRequest, model: string): CostEstimate {
    const price = FAL_MODELS.find((m) => m.id === model)?.pricePerImageUsd;
    return price === undefined
      ? { usd: undefined, basis: 'unknown' }
      : { usd: Math.round(price * request.count * 1e6) / 1e6, basis: 'price-table' };
  }

  async generate(options: ProviderGenerateOptions): Promise<ProviderImageResult> {
    const { request, model, signal, onImage, onStage } = options;
    const key = this.#requireKey();
    onStage?.('sending');
    const submitted = await this.#call<QueueStatus>(`${this.#baseUrl}/${model}`, key, signal, {
      method: 'POST',
      body: JSON.stringify({
        prompt: request.prompt,
        image_size: { width: request.width, height: request.height },
        num_images: request.count,
        ...(request.seed === undefined ? {} : { seed: request.seed }),
        output_format: request.format === 'png' ? 'png' : 'jpeg',
        sync_mode: true,
      }),
    });
    const requestUrl = submitted.response_url ?? `${this.#baseUrl}/${appOf(model)}/requests/${submitted.request_id}`;
    try {
      onStage?.('waiting');
      for (;;) {
        const status = await this.#call<QueueStatus>(submitted.status_url ?? `${requestUrl}/status`, key, signal, { method: 'GET' });
        if (status.status === 'COMPLETED') break;
        if (status.status !== 'IN_QUEUE' && status.status !== 'IN_PROGRESS')
          throw this.#error('upstream_malformed', `fal.ai reported status ${String(status.status)}.`);
        await sleep(this.#clock, this.#pollIntervalMs, signal);
      }
      onStage?.('receiving');
      const result = await this.#call<{ images?: readonly FalImage[]; seed?: number }>(requestUrl, key, signal, { method: 'GET' });
      if (!Array.isArray(result.images) || result.images.length === 0)
        throw this.#error('upstream_malformed', 'fal.ai returned no images.');
      const images: GeneratedImage[] = [];
      for (const [index, image] of result.images.entries()) {
        const bytes = await this.#imageBytes(image.url, signal);
        // What the bytes are, not what the reply's content_type claims.
        const format = sniffImageFormat(bytes);
        if (format === undefined) throw this.#error('upstream_malformed', `fal.ai image ${index} is not PNG, JPEG or WebP.`);
        const generated: GeneratedImage = {
          bytes,
          format,
          width: image.width ?? request.width,
          height: image.height ?? request.height,
          seed: typeof result.seed === 'number' ? result.seed + index : undefined,
          costUsd: undefined,
        };
        images.push(generated);
        onImage?.(generated, index);
      }
      return { images, warnings: [], costUsd: undefined, providerMetadata: { fal: { requestId: submitted.request_id, model } } };
    } catch (error) {
      // A cancelled or failed wait leaves nothing queued upstream to pay for.
      if (signal.aborted) void this.#cancel(submitted, requestUrl, key);
      throw error;
    }
  }

  async checkHealth(signal: AbortSignal): Promise<HealthCheckResult> {
    const started = this.#clock.now();
    let error: MotifError | undefined;
    try {
      const key = this.#requireKey();
      // A status read of a request that does not exist: 404 means the key works, 401 that it does not. Never a paid call.
      const response = await this.#fetch(`${this.#baseUrl}/${appOf(FAL_MODELS[0]!.id)}/requests/motif-health-check/status`, {
        headers: headers(key),
        signal,
      });
      await response.body?.cancel();
      if (response.status === 401 || response.status === 403) error = this.#error('auth_failed');
      else if (response.status >= 500) error = this.#error('upstream_unavailable');
    } catch (caught) {
      error = toMotifError(caught);
    }
    const checkedAt = this.#clock.now();
    return { ok: error === undefined, latencyMs: checkedAt - started, checkedAt, error };
  }

  async close(): Promise<void> {}

  #requireKey(): string {
    const key = this.#getApiKey();
    if (!key) throw this.#error('key_missing');
    return key;
  }

  async #call<T>(url: string, key: string, signal: AbortSignal, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await this.#fetch(url, { ...init, headers: headers(key), signal });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw this.#error('connection_lost', `fal.ai could not be reached: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw this.#httpError(response.status, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw this.#error('upstream_malformed', 'fal.ai sent a reply that is not JSON.');
    }
  }

  async #imageBytes(url: string, signal: AbortSignal): Promise<Uint8Array> {
    const inline = /^data:[^;,]+;base64,(.*)$/s.exec(url);
    if (inline) return new Uint8Array(Buffer.from(inline[1]!, 'base64'));
    // Only fal's own hosts (or the configured endpoint's), never an arbitrary URL from a reply.
    const host = new URL(url).hostname;
    if (host !== new URL(this.#baseUrl).hostname && !/(^|\.)fal\.(media|ai|run)$/.test(host))
      throw this.#error('upstream_malformed', `fal.ai pointed at an unexpected host ${host}.`);
    const response = await this.#fetch(url, { signal });
    if (!response.ok) throw this.#httpError(response.status, '');
    return new Uint8Array(await response.arrayBuffer());
  }

  async #cancel(submitted: QueueStatus, requestUrl: string, key: string): Promise<void> {
    await this.#fetch(submitted.cancel_url ?? `${requestUrl}/cancel`, { method: 'PUT', headers: headers(key) }).then(
      (r) => r.body?.cancel(),
      () => undefined,
    );
  }

  #httpError(status: number, body: string): MotifError {
    const code =
      status === 401
        ? 'auth_failed'
        : status === 403
          ? 'permission_denied'
          : status === 429
            ? 'rate_limited'
            : status === 422 || status === 400
              ? 'upstream_invalid_request'
              : status >= 500
                ? 'upstream_unavailable'
                : 'upstream_malformed';
    return this.#error(code, `fal.ai answered HTTP ${status}.`, status, body);
  }

  #error(code: ConstructorParameters<typeof MotifError>[0], message?: string, status?: number, body?: string): MotifError {
    return new MotifError(code, {
      provider: this.id,
      providerLabel: this.label,
      ...(message ? { message } : {}),
      ...(status === undefined ? {} : { upstream: { provider: this.id, status, bodyExcerpt: (body ?? '').slice(0, 200) } }),
    });
  }
}

const headers = (key: string): Record<string, string> => ({
  Authorization: `Key ${key}`,
  Accept: 'application/json',
  'Content-Type': 'application/json',
});

/** Status and result paths drop a model's sub-path: `fal-ai/flux/dev` → `fal-ai/flux`. */
const appOf = (model: string): string => model.split('/').slice(0, 2).join('/');
