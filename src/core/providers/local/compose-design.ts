import { STYLES, type StyleId } from '../../contract/styles.ts';
import { seededRandom } from '../../util/random.ts';
import { loadIcons } from './art/art-set.ts';
import { mix } from './color-math.ts';
import { paletteFor, type DecorationPalette } from './decoration-palette.ts';
import { Dice } from './dice.ts';
import { SvgDefs } from './draw-context.ts';
import type { DesignContext, LayoutResult } from './layouts/design-context.ts';
import { bannerLayout } from './layouts/banner-layout.ts';
import { invitationLayout } from './layouts/invitation-layout.ts';
import { patternLayout } from './layouts/pattern-layout.ts';
import { posterLayout } from './layouts/poster-layout.ts';
import { sceneLayout } from './layouts/scene-layout.ts';
import { stickerLayout } from './layouts/sticker-layout.ts';
import { tableCardLayout } from './layouts/table-card-layout.ts';
import type { LayoutId } from '../../contract/offline-design.ts';
import { readPrompt, type PromptReading } from './read-prompt.ts';
import { STYLE_TUNING } from './style-tuning.ts';
import { tag } from './svg-markup.ts';
import { loadFontFace } from './text/font-faces.ts';

export interface ComposeDesignOptions {
  readonly prompt: string;
  readonly style: StyleId;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  /** Leave the background out (see `DrawContext.omitBackdrop`). */
  readonly omitBackdrop?: boolean | undefined;
  /** The product to lay out, over whatever the prompt's words choose; undefined lets the prompt choose. */
  readonly layout?: LayoutId | undefined;
}

/**
 * What the offline engine drew, for the designer: `providerMetadata.local`,
 * the CLI's "Drew: …" line and the library entry all show it.
 */
export interface DesignReport {
  /** Art-set subjects drawn (icon names, e.g. `t-rex`). */
  readonly subjects: readonly string[];
  readonly layout: LayoutId;
  /** The text typeset into the design, line by line; empty when none. */
  readonly text: readonly string[];
  /** Words of the prompt the engine could not draw. */
  readonly ignoredWords: readonly string[];
}

export interface ComposedDesign {
  /** A self-contained SVG: text as paths, no external references, no raster. */
  readonly svg: string;
  readonly report: DesignReport;
  /** True when the background is transparent (stickers). */
  readonly transparent: boolean;
}

const LAYOUTS: Readonly<Record<LayoutId, (ctx: DesignContext) => LayoutResult>> = {
  scene: sceneLayout,
  invitation: invitationLayout,
  poster: posterLayout,
  bunting: bannerLayout,
  sticker: stickerLayout,
  pattern: patternLayout,
  'table-card': tableCardLayout,
};

/** The seed's palette variant: accents reordered, the background tinted one of three ways. */
function paletteVariant(base: DecorationPalette, dice: Dice): DecorationPalette {
  const accents = dice.shuffle(base.accents);
  const tint = dice.pick([undefined, accents[0], base.soft[0]]);
  const background = tint === undefined ? base.background : mix(base.background, tint, base.dark ? 0.12 : 0.18);
  return { ...base, accents, background };
}

/**
 * Composes a design for a prompt: reads it, loads only the subjects and the
 * typeface it needs, and lays the chosen product out. Pure given its inputs:
 * the same options always give the same SVG.
 */
export async function composeDesign(options: ComposeDesignOptions): Promise<ComposedDesign> {
  const reading = await readPrompt(options.prompt, options.style);
  return composeReadDesign(options, options.layout === undefined ? reading : { ...reading, layout: options.layout });
}

/** {@link composeDesign} for a prompt already read. */
async function composeReadDesign(options: ComposeDesignOptions, reading: PromptReading): Promise<ComposedDesign> {
  const { width, height, style } = options;
  const [icons, face] = await Promise.all([loadIcons(reading.subjects), loadFontFace(style === 'wedding' ? 'script' : 'display')]);
  const dice = new Dice(seededRandom(options.seed));
  const ctx: DesignContext = {
    width,
    height,
    unit: Math.min(width, height),
    dice,
    palette: paletteVariant(paletteFor(style), dice),
    tuning: STYLE_TUNING[style],
    defs: new SvgDefs(),
    omitBackdrop: options.omitBackdrop,
    reading,
    icons,
    face,
  };
  const result = LAYOUTS[reading.layout](ctx);
  const svg = tag(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      'data-style': STYLES[style].id,
      'data-layout': reading.layout,
    },
    [tag('defs', {}, ctx.defs.toString()), ...result.layers],
  );
  const textIgnored = reading.headline !== undefined && result.text.length === 0 ? [`"${reading.headline}"`] : [];
  // Report what the picture holds, not what was hoped for: a subject the layout had no room for is not claimed.
  const drawn = new Set([...svg.matchAll(/data-subject="([^"]+)"/g)].map((m) => m[1]));
  return {
    svg,
    transparent: result.transparent || options.omitBackdrop === true,
    report: {
      subjects: reading.subjects.filter((s) => drawn.has(s)),
      layout: reading.layout,
      text: result.text,
      ignoredWords: [...reading.ignoredWords, ...textIgnored],
    },
  };
}
