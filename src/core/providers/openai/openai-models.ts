import type { ProviderModel } from '../../contract/image-provider.ts';
import type { ImageFormat } from '../../contract/image-request.ts';

/** How Motif talks to one OpenAI images model. */
export interface OpenAIModelSpec {
  readonly id: string;
  readonly label: string;
  /** `WIDTHxHEIGHT` sizes the model accepts. */
  readonly sizes: readonly string[];
  readonly maxN: number;
  readonly maxPromptChars: number;
  /** Formats the model can produce; the first is what it gives when asked for another. */
  readonly formats: readonly ImageFormat[];
  /** Sends `output_format` (GPT image models) rather than `response_format: 'b64_json'` (DALL·E). */
  readonly outputFormatParam: boolean;
  /** The `quality` sent, chosen so the price table applies; undefined sends none. */
  readonly quality: string | undefined;
  /** USD per image by size; a missing size means the price is unknown. */
  readonly priceBySize: Readonly<Record<string, number>>;
}

/*
 * Prices are OpenAI's published list prices per image (USD) at the quality
 * Motif requests; they are estimates for budgeting, not what an invoice says.
 * gpt-image-1 is billed by tokens: 0.042 / 0.063 approximate medium quality.
 */
export const OPENAI_MODELS: Readonly<Record<string, OpenAIModelSpec>> = {
  'gpt-image-1': {
    id: 'gpt-image-1',
    label: 'GPT Image 1',
    sizes: ['1024x1024', '1536x1024', '1024x1536'],
    maxN: 10,
    maxPromptChars: 32000,
    formats: ['png', 'jpeg', 'webp'],
    outputFormatParam: true,
    quality: 'medium',
    priceBySize: { '1024x1024': 0.042, '1536x1024': 0.063, '1024x1536': 0.063 },
  },
  'dall-e-3': {
    id: 'dall-e-3',
    label: 'DALL·E 3',
    sizes: ['1024x1024', '1792x1024', '1024x1792'],
    maxN: 1,
    maxPromptChars: 4000,
    formats: ['png'],
    outputFormatParam: false,
    quality: 'standard',
    priceBySize: { '1024x1024': 0.04, '1792x1024': 0.08, '1024x1792': 0.08 },
  },
  'dall-e-2': {
    id: 'dall-e-2',
    label: 'DALL·E 2',
    sizes: ['256x256', '512x512', '1024x1024'],
    maxN: 10,
    maxPromptChars: 1000,
    formats: ['png'],
    outputFormatParam: false,
    quality: undefined,
    priceBySize: { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 },
  },
};

/**
 * A model id Motif does not know, offered by an OpenAI-compatible service:
 * assumed to speak the DALL·E-era API (b64_json, one square size, one image),
 * the narrowest shape such services share. Its price is unknown.
 */
export function genericModelSpec(id: string): OpenAIModelSpec {
  return {
    id,
    label: id,
    sizes: ['1024x1024'],
    maxN: 1,
    maxPromptChars: 4000,
    formats: ['png'],
    outputFormatParam: false,
    quality: undefined,
    priceBySize: {},
  };
}

export const sizeKey = (width: number, height: number): string => `${width}x${height}`;

/** The contract's view of a model spec. */
export function toProviderModel(spec: OpenAIModelSpec): ProviderModel {
  return {
    id: spec.id,
    label: spec.label,
    pricePerImageUsd: spec.priceBySize['1024x1024'],
    capabilities: {
      sizes: {
        kind: 'list',
        sizes: spec.sizes.map((s) => {
          const [width, height] = s.split('x').map(Number) as [number, number];
          return { width, height };
        }),
      },
      maxImagesPerCall: spec.maxN,
      seed: false,
      negativePrompt: false,
      formats: spec.formats,
    },
  };
}
