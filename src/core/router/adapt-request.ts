import type { ProviderCapabilities, ProviderWarning } from '../contract/image-provider.ts';
import type { ImageRequest } from '../contract/image-request.ts';

export type Adaptation =
  | { readonly ok: true; readonly request: ImageRequest; readonly warnings: readonly ProviderWarning[]; readonly chunks: readonly number[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Fits a request to a target's capabilities: a size off the provider's grid is
 * snapped, a size outside a fixed list becomes the nearest listed aspect, and a
 * count above the per-call maximum is split into chunks run in parallel. What
 * cannot be fitted is skipped with a reason; what is changed comes back as a
 * warning.
 */
export function adaptRequest(request: ImageRequest, capabilities: ProviderCapabilities): Adaptation {
  const warnings: ProviderWarning[] = [];
  let { width, height } = request;
  const sizes = capabilities.sizes;
  if (sizes.kind === 'range') {
    if (width < sizes.min || height < sizes.min || width > sizes.max || height > sizes.max) {
      return { ok: false, reason: `size ${width}x${height} is outside ${sizes.min}–${sizes.max} px` };
    }
    const snap = (side: number): number => Math.min(sizes.max, Math.max(sizes.min, Math.round(side / sizes.multipleOf) * sizes.multipleOf));
    const snapped = { width: snap(width), height: snap(height) };
    if (snapped.width !== width || snapped.height !== height) {
      warnings.push({
        type: 'compatibility',
        setting: 'size',
        details: `${width}x${height} was snapped to ${snapped.width}x${snapped.height} (multiples of ${sizes.multipleOf})`,
      });
      ({ width, height } = snapped);
    }
  } else {
    const exact = sizes.sizes.some((s) => s.width === width && s.height === height);
    if (!exact) {
      const aspect = width / height;
      const nearest = [...sizes.sizes].sort(
        (a, b) =>
          Math.abs(Math.log(a.width / a.height / aspect)) - Math.abs(Math.log(b.width / b.height / aspect)) ||
          Math.abs(a.width * a.height - width * height) - Math.abs(b.width * b.height - width * height),
      )[0];
      if (!nearest) return { ok: false, reason: 'the provider lists no sizes' };
      if (Math.abs(Math.log(nearest.width / nearest.height / aspect)) > Math.log(1.25)) {
        return {
          ok: false,
          reason: `no size near ${width}x${height} (offers ${sizes.sizes.map((s) => `${s.width}x${s.height}`).join(', ')})`,
        };
      }
      warnings.push({
        type: 'compatibility',
        setting: 'size',
        details: `${width}x${height} is not offered; using ${nearest.width}x${nearest.height}`,
      });
      ({ width, height } = nearest);
    }
  }
  if (!capabilities.formats.includes(request.format)) {
    warnings.push({
      type: 'compatibility',
      setting: 'format',
      details: `${request.format} is not offered; the provider's own format is kept`,
    });
  }
  if (request.seedExplicit && !capabilities.seed) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'seed',
      details: 'this provider does not take a seed, so the result is not reproducible',
    });
  }
  let loras = request.loras;
  if (loras && loras.length > 0 && capabilities.loras !== true) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'loras',
      details: `this provider cannot apply LoRAs, so ${loras.map((l) => l.model).join(', ')} ${loras.length === 1 ? 'was' : 'were'} left out`,
    });
    loras = undefined;
  }
  let layout = request.layout;
  if (layout !== undefined && capabilities.layouts !== true) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'layout',
      details: `this provider cannot lay out a product, so the ${layout} layout was not applied; describe it in the prompt instead`,
    });
    layout = undefined;
  }
  const chunks: number[] = [];
  // A bad capability (0, NaN) from a provider or an override must not turn this into an endless loop.
  const perCall = Number.isFinite(capabilities.maxImagesPerCall) ? Math.max(1, Math.floor(capabilities.maxImagesPerCall)) : 1;
  for (let left = request.count; left > 0; left -= perCall) chunks.push(Math.min(left, perCall));
  return { ok: true, request: { ...request, width, height, loras, layout }, warnings, chunks };
}

/** Merges capability overrides from the catalogue over a provider's own. */
export function mergeCapabilities(base: ProviderCapabilities, overrides: Partial<ProviderCapabilities> | undefined): ProviderCapabilities {
  return overrides ? { ...base, ...overrides } : base;
}
