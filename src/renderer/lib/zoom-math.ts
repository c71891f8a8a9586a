/** Sizes in CSS pixels. */
export interface Extent {
  readonly width: number;
  readonly height: number;
}

/**
 * How an image sits in the viewer: `scale` 1 is 100 % (one image pixel per CSS
 * pixel); `x`/`y` move the image's centre away from the stage's centre.
 */
export interface ZoomView {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

export const MAX_SCALE = 8;
const ZOOM_STEP = 1.25;

/** The scale at which the whole image fits the stage (it may enlarge a small image). */
export function fitScale(image: Extent, stage: Extent): number {
  if (image.width <= 0 || image.height <= 0 || stage.width <= 0 || stage.height <= 0) return 1;
  return Math.min(stage.width / image.width, stage.height / image.height);
}

/** Keeps an image larger than the stage covering it, and a smaller one centred on that axis. */
export function clampView(view: ZoomView, image: Extent, stage: Extent): ZoomView {
  const slackX = Math.max(0, (image.width * view.scale - stage.width) / 2);
  const slackY = Math.max(0, (image.height * view.scale - stage.height) / 2);
  return {
    scale: view.scale,
    x: Math.min(slackX, Math.max(-slackX, view.x)),
    y: Math.min(slackY, Math.max(-slackY, view.y)),
  };
}

/**
 * Zooms by `factor` keeping the image point under `at` (relative to the
 * stage's centre) where it is, between fitting and `MAX_SCALE`.
 */
export function zoomAt(view: ZoomView, factor: number, at: { x: number; y: number }, image: Extent, stage: Extent): ZoomView {
  const min = Math.min(1, fitScale(image, stage));
  const scale = Math.min(MAX_SCALE, Math.max(min, view.scale * factor));
  const ratio = scale / view.scale;
  return clampView({ scale, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio }, image, stage);
}

/** One step of the zoom buttons and the + / − keys, about the stage's centre. */
export function zoomStep(view: ZoomView, direction: 'in' | 'out', image: Extent, stage: Extent): ZoomView {
  return zoomAt(view, direction === 'in' ? ZOOM_STEP : 1 / ZOOM_STEP, { x: 0, y: 0 }, image, stage);
}

/** Moves the image by a drag of (dx, dy), within bounds. */
export function panBy(view: ZoomView, dx: number, dy: number, image: Extent, stage: Extent): ZoomView {
  return clampView({ scale: view.scale, x: view.x + dx, y: view.y + dy }, image, stage);
}
