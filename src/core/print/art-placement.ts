import type { PrintLayoutOptions } from '../contract/print-request.ts';
import type { PiecePlacement } from './sheet-layout.ts';
import { POINTS_PER_INCH, type RectPt } from './units.ts';

/** A region of the source image in pixels, origin at the top left. */
export interface PixelRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Where the art goes on a piece and which of its pixels show. */
export interface ArtPlacement {
  /** Where the visible part of the art is drawn, in points. */
  readonly draw: RectPt;
  /** The part of the source image that is visible (all of it for `fit`). */
  readonly source: PixelRect;
  /** Source pixels per inch on paper. */
  readonly effectivePpi: number;
}

/**
 * Places art of `widthPx × heightPx` on a piece. `fill` scales it to cover the
 * bleed and keeps the part `crop` points at; `fit` scales it to sit whole in
 * the safe area, centred. The scale is uniform, so the art is never stretched.
 */
export function placeArt(
  widthPx: number,
  heightPx: number,
  piece: PiecePlacement,
  layout: Pick<PrintLayoutOptions, 'fit' | 'crop'>,
): ArtPlacement {
  if (layout.fit === 'fit') {
    const box = piece.safe;
    const scale = Math.min(box.width / widthPx, box.height / heightPx);
    const width = widthPx * scale;
    const height = heightPx * scale;
    return {
      draw: { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height },
      source: { left: 0, top: 0, width: widthPx, height: heightPx },
      effectivePpi: POINTS_PER_INCH / scale,
    };
  }
  const box = piece.bleed;
  const scale = Math.max(box.width / widthPx, box.height / heightPx);
  const visibleW = Math.min(widthPx, box.width / scale);
  const visibleH = Math.min(heightPx, box.height / scale);
  const left = (widthPx - visibleW) * layout.crop.x;
  const top = (heightPx - visibleH) * layout.crop.y;
  return { draw: box, source: { left, top, width: visibleW, height: visibleH }, effectivePpi: POINTS_PER_INCH / scale };
}

/** Whole pixels covering a fractional source region, clamped to the image. */
export function wholePixels(region: PixelRect, widthPx: number, heightPx: number): PixelRect {
  const left = Math.max(0, Math.floor(region.left + 1e-6));
  const top = Math.max(0, Math.floor(region.top + 1e-6));
  const right = Math.min(widthPx, Math.ceil(region.left + region.width - 1e-6));
  const bottom = Math.min(heightPx, Math.ceil(region.top + region.height - 1e-6));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}
