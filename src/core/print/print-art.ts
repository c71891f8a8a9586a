import { LRUCache } from 'lru-cache';
import sharp, { type Sharp } from 'sharp';
import { MotifError } from '../errors/motif-error.ts';
import { wholePixels, type PixelRect } from './art-placement.ts';
import type { EnhanceMode } from '../contract/print-request.ts';
import { translateSvg, type SvgDrawing } from './svg-to-pdf.ts';
import { UnsupportedSvgError } from './svg-geometry.ts';

/** A design to print: its raster, and its vector original when it has one. */
export interface PrintArt {
  /** What the art is called in messages: a library id or a file name. */
  readonly label: string;
  /** Encoded raster (PNG, JPEG, WebP, TIFF…). */
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
  /** Channels and container format as sharp reads them (e.g. 3, `png`). */
  readonly channels: number;
  readonly format: string | undefined;
  /** The vector original as SVG markup (the offline engine's), drawn at `width × height`. */
  readonly svg: string | undefined;
  /** Already a seamless tile (the offline engine's pattern layout): a pattern repeats it as it is, with no seam to repair. */
  readonly seamless?: boolean | undefined;
}

/** Reads an image's size; a file that is not an image is a named error, never a crash. */
export async function loadPrintArt(bytes: Uint8Array, label: string, svg?: string, seamless?: boolean): Promise<PrintArt> {
  try {
    const meta = await sharp(bytes, { failOn: 'error' }).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    return {
      label,
      bytes,
      width: meta.width,
      height: meta.height,
      hasAlpha: meta.hasAlpha === true,
      channels: meta.channels ?? 3,
      format: meta.format,
      svg,
      seamless,
    };
  } catch (error) {
    throw new MotifError('print_source_unreadable', {
      param: label,
      message: `${label} is not an image Motif can print (${error instanceof Error ? error.message : String(error)}).`,
      cause: error,
    });
  }
}

/** A vector original translated to PDF paths, or why it cannot be. */
type VectorVerdict = { readonly drawing: SvgDrawing } | { readonly unsupported: string };

/** Translations by SVG markup: a preview asks on every change of option, the export once more. */
const verdicts = new LRUCache<string, VectorVerdict>({ max: 16 });

function vectorVerdict(svg: string): VectorVerdict {
  let verdict = verdicts.get(svg);
  if (verdict === undefined) {
    try {
      verdict = { drawing: translateSvg(svg) };
    } catch (error) {
      if (!(error instanceof UnsupportedSvgError)) throw error;
      verdict = { unsupported: error.message };
    }
    verdicts.set(svg, verdict);
  }
  return verdict;
}

/** The art's vector original as PDF paths; undefined without one, or when it uses what PDF paths cannot show. */
export function vectorDrawing(art: Pick<PrintArt, 'svg'>): SvgDrawing | undefined {
  if (art.svg === undefined) return undefined;
  const verdict = vectorVerdict(art.svg);
  return 'drawing' in verdict ? verdict.drawing : undefined;
}

/** Why the art's vector original cannot go into a PDF as paths (it is rasterised instead); undefined when it can or there is none. */
export function vectorFallbackReason(art: Pick<PrintArt, 'svg'>): string | undefined {
  if (art.svg === undefined) return undefined;
  const verdict = vectorVerdict(art.svg);
  return 'unsupported' in verdict ? verdict.unsupported : undefined;
}

/** How the pixels that go on paper are made. */
type PixelMethod = 'original' | 'vector' | 'resample' | 'downsample';

export interface PixelPlan {
  readonly method: PixelMethod;
  /** Resolution of the pixels on paper after the plan. */
  readonly outputPpi: number;
}

/** Art far above the target resolution is brought down to it: same print, smaller file. */
const DOWNSAMPLE_ABOVE = 1.5;

/** Decides where the printed pixels come from, given the art's effective resolution at the chosen size. */
export function planPixels(
  art: Pick<PrintArt, 'svg'>,
  effectivePpi: number,
  options: { ppi: number; minPpi: number; enhance: EnhanceMode },
): PixelPlan {
  if (effectivePpi < options.minPpi) {
    if (options.enhance === 'vector' && art.svg !== undefined) return { method: 'vector', outputPpi: options.ppi };
    if (options.enhance === 'resample' || (options.enhance === 'vector' && art.svg === undefined))
      return { method: 'resample', outputPpi: options.ppi };
    return { method: 'original', outputPpi: effectivePpi };
  }
  if (effectivePpi > options.ppi * DOWNSAMPLE_ABOVE) return { method: 'downsample', outputPpi: options.ppi };
  return { method: 'original', outputPpi: effectivePpi };
}

/** Decoded pixels ready for a PDF image or a raster composite. */
export interface RasterPixels {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  /** The source region the pixels show, in source pixels (whole pixels around the visible part). */
  readonly region: PixelRect;
}

/**
 * Produces the pixels of `visible` (a region of the art) at the plan's
 * resolution: the original pixels, a re-render of the vector original, or a
 * resample. `scalePx` is output pixels per source pixel.
 */
export async function renderArtPixels(art: PrintArt, visible: PixelRect, plan: PixelPlan, effectivePpi: number): Promise<RasterPixels> {
  const region = wholePixels(visible, art.width, art.height);
  const scale = plan.method === 'original' ? 1 : plan.outputPpi / effectivePpi;
  const width = Math.max(1, Math.round(region.width * scale));
  const height = Math.max(1, Math.round(region.height * scale));
  let image: Sharp;
  if (plan.method === 'vector' && art.svg !== undefined) {
    const svg = Buffer.from(art.svg);
    const intrinsic = await sharp(svg, { density: 72 }).metadata();
    const fullWidth = Math.round(art.width * scale);
    const fullHeight = Math.round(art.height * scale);
    // Render the whole vector at the print resolution, then cut the visible part out of it.
    const density = (72 * fullWidth) / (intrinsic.width ?? art.width);
    image = sharp(svg, { density, limitInputPixels: false })
      .resize(fullWidth, fullHeight, { fit: 'fill' })
      .extract({
        left: Math.min(Math.round(region.left * scale), fullWidth - width),
        top: Math.min(Math.round(region.top * scale), fullHeight - height),
        width,
        height,
      });
  } else {
    image = sharp(art.bytes, { limitInputPixels: false }).extract(region);
    if (scale !== 1) image = image.resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  }
  const channels = art.hasAlpha || plan.method === 'vector' ? 4 : 3;
  image = channels === 4 ? image.ensureAlpha() : image.removeAlpha();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3, region };
}
