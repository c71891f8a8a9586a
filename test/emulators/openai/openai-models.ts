import type { ImageFormat } from '../../../src/core/contract/image-request.ts';

/** What the emulator accepts per model: the real API's size lists, n limits and options. */
export interface EmulatedOpenAIModel {
  readonly id: string;
  readonly sizes: readonly string[];
  /** The size used when the request names none. */
  readonly defaultSize: string;
  readonly maxN: number;
  readonly maxPromptChars: number;
  /** `response_format` is accepted (url | b64_json); otherwise it is an unknown parameter and output is b64_json. */
  readonly responseFormat: boolean;
  /** `output_format` values accepted; empty means the parameter is unknown and output is png. */
  readonly outputFormats: readonly ImageFormat[];
  readonly qualities: readonly string[];
  readonly styles: readonly string[];
  /** Parameters besides the common ones this model accepts. */
  readonly extraParams: readonly string[];
  /** Adds `revised_prompt` to each image. */
  readonly revisesPrompt: boolean;
}

export const EMULATED_MODELS: Readonly<Record<string, EmulatedOpenAIModel>> = {
  'gpt-image-1': {
    id: 'gpt-image-1',
    sizes: ['1024x1024', '1536x1024', '1024x1536', 'auto'],
    defaultSize: 'auto',
    maxN: 10,
    maxPromptChars: 32000,
    responseFormat: false,
    outputFormats: ['png', 'jpeg', 'webp'],
    qualities: ['low', 'medium', 'high', 'auto'],
    styles: [],
    extraParams: ['background', 'moderation', 'output_compression', 'output_format'],
    revisesPrompt: false,
  },
  'dall-e-3': {
    id: 'dall-e-3',
    sizes: ['1024x1024', '1792x1024', '1024x1792'],
    defaultSize: '1024x1024',
    maxN: 1,
    maxPromptChars: 4000,
    responseFormat: true,
    outputFormats: [],
    qualities: ['standard', 'hd'],
    styles: ['vivid', 'natural'],
    extraParams: ['response_format', 'style'],
    revisesPrompt: true,
  },
  'dall-e-2': {
    id: 'dall-e-2',
    sizes: ['256x256', '512x512', '1024x1024'],
    defaultSize: '1024x1024',
    maxN: 10,
    maxPromptChars: 1000,
    responseFormat: true,
    outputFormats: [],
    qualities: ['standard'],
    styles: [],
    extraParams: ['response_format'],
    revisesPrompt: false,
  },
};

/** Parameters every images model accepts. */
export const COMMON_PARAMS: readonly string[] = ['model', 'prompt', 'n', 'size', 'quality', 'user'];
