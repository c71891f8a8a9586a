import type { ImageFormat } from '../../src/core/contract/image-request.ts';
import { renderDecoration } from '../../src/core/providers/local/render-decoration.ts';
import { STYLE_IDS, type StyleId } from '../../src/core/contract/styles.ts';

export interface EmulatedImageSpec {
  readonly prompt: string;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
}

const cache = new Map<string, Promise<Uint8Array>>();
const CACHE_LIMIT = 64;

/**
 * Renders the image an emulator returns with Motif's own offline engine, so
 * emulated results are real, decodable images. A style named in the prompt is
 * used; otherwise `party`. Identical requests share one render (the SDK and
 * the router both retry), bounded so memory stays flat.
 */
export function renderEmulatedImage(spec: EmulatedImageSpec): Promise<Uint8Array> {
  const key = JSON.stringify(spec);
  const cached = cache.get(key);
  if (cached) return cached;
  const rendering = renderDecoration({
    prompt: spec.prompt,
    style: styleFromPrompt(spec.prompt),
    seed: spec.seed >>> 0,
    width: spec.width,
    height: spec.height,
    format: spec.format,
  });
  cache.set(key, rendering);
  rendering.catch(() => cache.delete(key));
  while (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return rendering;
}

function styleFromPrompt(prompt: string): StyleId {
  const lower = prompt.toLowerCase();
  return STYLE_IDS.find((id) => lower.includes(id.replace('-', ' ')) || lower.includes(id)) ?? 'party';
}
