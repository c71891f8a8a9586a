import type {
  CostEstimate,
  GeneratedImage,
  HealthCheckResult,
  ImageProvider,
  ProviderGenerateOptions,
  ProviderImageResult,
  ProviderModel,
} from '../../src/core/contract/image-provider.ts';
import type { ImageRequest } from '../../src/core/contract/image-request.ts';

/** A real 1×1 PNG: the library can hash it, sniff it and thumbnail it. */
const PNG_1X1 = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

/**
 * A provider that answers at once (a resolved promise, no timer), so a
 * benchmark around it measures only what wraps it: the router, the service.
 * `ownTimeMs` adds up the provider's own time from call to settle.
 */
export class InstantProvider implements ImageProvider {
  readonly specificationVersion = 'v1' as const;
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly requiresKey = false;
  calls = 0;
  ownTimeMs = 0;
  readonly #models: ProviderModel[];
  readonly #tick: 'microtask' | 'immediate';

  /** `tick: 'immediate'` answers on the next turn of the event loop, as real I/O would, so timers still run. */
  constructor(options: { id: string; kind?: string; model?: string; tick?: 'microtask' | 'immediate' }) {
    this.#tick = options.tick ?? 'microtask';
    this.id = options.id;
    this.kind = options.kind ?? 'openai';
    this.label = `Instant ${options.id}`;
    this.#models = [
      {
        id: options.model ?? 'model-a',
        label: 'Instant',
        pricePerImageUsd: undefined,
        capabilities: {
          sizes: { kind: 'range', min: 1, max: 4096, multipleOf: 1 },
          maxImagesPerCall: 8,
          seed: true,
          negativePrompt: true,
          formats: ['png', 'jpeg', 'webp'],
        },
      },
    ];
  }

  hasKey(): boolean {
    return true;
  }

  models(): readonly ProviderModel[] {
    return this.#models;
  }

  estimateCost(_request: ImageRequest, _model: string): CostEstimate {
    return { usd: undefined, basis: 'unknown' };
  }

  async checkHealth(): Promise<HealthCheckResult> {
    return { ok: true, latencyMs: 0, checkedAt: Date.now(), error: undefined };
  }

  async close(): Promise<void> {}

  generate(options: ProviderGenerateOptions): Promise<ProviderImageResult> {
    const started = performance.now();
    this.calls += 1;
    const { request } = options;
    const images: GeneratedImage[] = [];
    for (let i = 0; i < request.count; i++) {
      const image: GeneratedImage = {
        bytes: PNG_1X1,
        format: 'png',
        width: request.width,
        height: request.height,
        seed: request.seed + i,
        costUsd: undefined,
      };
      images.push(image);
      options.onImage?.(image, i);
    }
    const result: ProviderImageResult = { images, warnings: [], costUsd: undefined, providerMetadata: {} };
    if (this.#tick === 'microtask') {
      this.ownTimeMs += performance.now() - started;
      return Promise.resolve(result);
    }
    return new Promise((resolve) =>
      setImmediate(() => {
        this.ownTimeMs += performance.now() - started;
        resolve(result);
      }),
    );
  }
}
