import { STYLES, type StyleId } from '../../contract/styles.ts';
import { contrast, hueSaturation, luminance } from './color-math.ts';

/** A style's palette sorted into roles the motifs draw from. */
export interface DecorationPalette {
  readonly background: string;
  /** True for dark backgrounds: highlights and strings go light. */
  readonly dark: boolean;
  /** Colours that stand out against the background: balloons, flags, confetti. */
  readonly accents: readonly string[];
  /** Colours close to the background: panels, fillings, subtle patterns. */
  readonly soft: readonly string[];
  /** The colour furthest from the background: strings, outlines. */
  readonly ink: string;
  /** A gold-ish accent for rings, stars and flames. */
  readonly metal: string;
  /** A green-ish accent for leaves. */
  readonly leaf: string;
  /** The palette colour nearest white: snow, cake, diamonds. */
  readonly light: string;
}

// Below this ratio a colour would vanish into the background, so it only fills panels.
const ACCENT_MIN_CONTRAST = 1.3;

/** Builds the roles from `STYLES[style]`; only the style's own colours are used. */
export function paletteFor(style: StyleId): DecorationPalette {
  const preset = STYLES[style];
  const background = preset.background;
  const colors = preset.palette;
  const accents = colors.filter((c) => contrast(c, background) >= ACCENT_MIN_CONTRAST);
  const soft = colors.filter((c) => contrast(c, background) < ACCENT_MIN_CONTRAST);
  const byContrast = [...colors].sort((a, b) => contrast(b, background) - contrast(a, background));
  const strong = accents.length > 0 ? accents : colors;
  const chromatic = strong.filter((c) => hueSaturation(c).saturation > 0.25);
  const metal = closestHue(chromatic, 45, 25) ?? strong[0] ?? background;
  const leaf =
    closestHue(
      colors.filter((c) => hueSaturation(c).saturation > 0.2),
      140,
      50,
    ) ?? metal;
  const light = [...colors].sort((a, b) => luminance(b) - luminance(a))[0] ?? '#ffffff';
  return {
    background,
    dark: luminance(background) < 0.2,
    accents: strong,
    soft: soft.length > 0 ? soft : [light],
    ink: byContrast[0] ?? '#000000',
    metal,
    leaf,
    light,
  };
}

function closestHue(colors: readonly string[], target: number, tolerance: number): string | undefined {
  let best: string | undefined;
  let bestDistance = tolerance;
  for (const color of colors) {
    const { hue } = hueSaturation(color);
    const distance = Math.min(Math.abs(hue - target), 360 - Math.abs(hue - target));
    if (distance <= bestDistance) {
      best = color;
      bestDistance = distance;
    }
  }
  return best;
}
