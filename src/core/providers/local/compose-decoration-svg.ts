import type { Motif, StyleId } from '../../contract/styles.ts';
import { seededRandom } from '../../util/random.ts';
import { paletteFor } from './decoration-palette.ts';
import { Dice } from './dice.ts';
import { SvgDefs, type DrawContext, type Zone } from './draw-context.ts';
import { motifsForPrompt } from './motifs-for-prompt.ts';
import { drawBackdrop } from './motifs/backdrop.ts';
import { drawBadge } from './motifs/badge.ts';
import { clusterZone, drawBalloons, type BalloonCluster } from './motifs/balloons.ts';
import { drawBunting, type BuntingLayout } from './motifs/bunting.ts';
import { drawCake } from './motifs/cake.ts';
import { drawConfetti, drawStreamers } from './motifs/confetti.ts';
import { drawGeometricAccents } from './motifs/geometric-accents.ts';
import { drawFlowerBorder, drawFlowerSprays, drawWreath, type Corner } from './motifs/flowers.ts';
import { drawRings } from './motifs/rings.ts';
import { drawSprinkles, SPRINKLE_MOTIFS, sprinkleColors, sprinklePath, type SprinkleMotif } from './motifs/sprinkles.ts';
import { scatterPoints, type Point } from './scatter-points.ts';
import { STYLE_TUNING, type BadgeShape } from './style-tuning.ts';
import { tag } from './svg-markup.ts';

export interface ComposeDecorationOptions {
  readonly prompt: string;
  readonly style: StyleId;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
}

/** The prompt's own subjects and words, when the scene draws them (see `layouts/scene-layout.ts`). */
export interface SceneArt {
  /** The motifs to draw (the prompt's, already read); overrides reading them from the prompt. */
  readonly motifs: readonly Motif[];
  /** Draws the hero subject filling the badge. */
  readonly centre: (x: number, y: number, r: number) => string;
  /** How many small subjects to scatter, and how to draw them at the points found. */
  readonly scatterCount: number;
  readonly scatter: (points: readonly Point[]) => string;
  /** Typesets the headline into the box under the badge; absent without a headline. */
  readonly headline: ((box: { x: number; y: number; width: number; height: number }) => string) | undefined;
}

/** Half the badge's width in badge radii, per shape. */
const BADGE_HALF_WIDTH: Readonly<Record<BadgeShape, number>> = { circle: 1, rosette: 1.1, frame: 1.3, arch: 0.82 };

/** Motifs that can fill the badge as one big icon, best first; a named cake or rings always take it. */
const BADGE_ICONS: readonly Motif[] = ['hearts', 'stars', 'snowflakes'];

/**
 * Composes party-decoration artwork as SVG: motifs from the prompt's words,
 * colours from the style, layout from the seed. Pure: the same options always
 * give the same markup. Layers, back to front: backdrop and pattern, scattered
 * confetti and sprinkles, bunting, flowers, the central badge and its
 * centrepiece (a wreath goes over it), balloon bunches, foreground sparkles.
 */
export function composeDecorationSvg(options: ComposeDecorationOptions): string {
  const { width, height, style } = options;
  const dice = new Dice(seededRandom(options.seed));
  const ctx: DrawContext = {
    width,
    height,
    unit: Math.min(width, height),
    dice,
    palette: paletteFor(style),
    tuning: STYLE_TUNING[style],
    defs: new SvgDefs(),
  };
  const layers = composeScene(ctx, motifsForPrompt(options.prompt, style), undefined);
  return tag('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}` }, [
    tag('defs', {}, ctx.defs.toString()),
    ...layers,
  ]);
}

/**
 * The all-over party scene's layers for `ctx`. With `art`, the badge holds the
 * prompt's hero subject, small subjects join the scattered pieces and the
 * headline is set under the badge. The caller writes `ctx.defs` afterwards.
 */
export function composeScene(ctx: DrawContext, motifs: readonly Motif[], art: SceneArt | undefined): string[] {
  const { width, height, dice } = ctx;
  const has = (m: Motif): boolean => motifs.includes(m);
  const { unit } = ctx;
  const density = ctx.tuning.density;
  const geometric = ctx.tuning.geometric;
  const layers: string[] = [drawBackdrop(ctx, { dots: has('dots') && !geometric, stripes: has('stripes') && !geometric })];
  if (geometric) layers.push(drawGeometricAccents(ctx, { dots: has('dots'), stripes: has('stripes') }));

  // Top band: bunting claims it; everything else is laid out below.
  let top = 0;
  let bunting = '';
  if (has('bunting')) {
    const drawn = drawBunting(ctx, dice.pick<BuntingLayout>(['swag', 'double-swag', 'layered']));
    bunting = drawn.markup;
    top = drawn.bottom;
  }

  // Balloons stand at one or both sides, leaving the middle for the badge.
  const clusters: BalloonCluster[] = [];
  let badgeShift = 0;
  if (has('balloons')) {
    const sides = width / height > 1.3 || dice.chance(0.4) ? [-1, 1] : [dice.pick([-1, 1])];
    const radius = unit * (sides.length === 2 ? 0.065 : 0.075);
    const bandTop = Math.max(top, height * 0.12);
    const spread = unit * (sides.length === 2 ? 0.09 : 0.12);
    for (const side of sides) {
      const centerX = width / 2 + side * (width / 2 - Math.max(unit * 0.19, width * 0.16));
      // Tie the strings low and hang the bunch above: tall pictures get their balloons in the lower half.
      const anchorY = height * dice.between(0.84, 0.9);
      const centerY = Math.max(bandTop + spread + radius * 1.6, anchorY - unit * dice.between(0.38, 0.44));
      clusters.push({
        centerX,
        centerY,
        anchorX: centerX - side * unit * dice.between(0, 0.04),
        anchorY,
        count: sides.length === 2 ? dice.int(3, 4) : dice.int(4, 6),
        radius,
        spread,
      });
    }
    if (sides.length === 1) badgeShift = -(sides[0] ?? 0) * unit * 0.07;
  }

  // The badge and what sits in it; a wreath of flowers needs a round badge.
  const centrepiece = art === undefined ? pickCentrepiece(motifs, dice) : undefined;
  const sparse = !motifs.some((m) => m === 'confetti' || (SPRINKLE_MOTIFS as readonly Motif[]).includes(m));
  const showBadge = art !== undefined || centrepiece !== undefined || sparse || dice.chance(0.7);
  const flowerLayout = has('flowers') ? pickFlowerLayout(dice, showBadge, clusters.length > 0) : undefined;
  const wreath = flowerLayout === 'half-wreath' || flowerLayout === 'crescent-wreath';
  const badgeShape = wreath ? 'circle' : dice.pick(ctx.tuning.badges);
  const space = height - top;
  const badgeX = width / 2 + badgeShift;
  // A headline takes the lower part of the space; the badge rises to make room.
  const headlineShare = art?.headline === undefined ? 0 : 0.26;
  const badgeY = top + space * (0.5 - headlineShare * 0.55) - (has('balloons') ? 0 : space * 0.02);
  let badgeR = Math.min(unit * (headlineShare > 0 ? 0.19 : 0.2), space * (wreath ? 0.26 : 0.3) * (1 - headlineShare * 0.6), width * 0.26);
  // Keep the badge from running under the balloon bunches.
  for (const c of clusters) {
    const room = Math.abs(c.centerX - badgeX) - c.spread * 0.7 - c.radius;
    badgeR = Math.max(unit * 0.15, Math.min(badgeR, room / BADGE_HALF_WIDTH[badgeShape]));
  }
  const zones: Zone[] = clusters.map(clusterZone);
  if (showBadge) zones.push({ cx: badgeX, cy: badgeY, rx: badgeR * (BADGE_HALF_WIDTH[badgeShape] + 0.45), ry: badgeR * 1.35 });
  // The headline sits between the balloon bunches, under the badge (and any wreath round it).
  let headline = '';
  if (art?.headline !== undefined) {
    const inner = clusters.map((c) => Math.abs(c.centerX - width / 2) - c.spread - c.radius * 1.2);
    const halfWidth = Math.max(width * 0.3, Math.min(width * 0.44, ...inner));
    const boxTop = badgeY + badgeR * (wreath ? 1.45 : 1.2);
    const boxBottom = height - unit * 0.05;
    const box = { x: width / 2 - halfWidth, y: boxTop, width: halfWidth * 2, height: Math.max(unit * 0.06, boxBottom - boxTop) };
    headline = art.headline(box);
    zones.push({ cx: width / 2, cy: box.y + box.height / 2, rx: halfWidth * 1.15, ry: box.height * 0.75 });
  }

  // Flowers: a wreath round the badge, a border along the bottom, or sprays from free corners.
  let flowers = '';
  if (flowerLayout === 'half-wreath' || flowerLayout === 'crescent-wreath') {
    flowers = drawWreath(ctx, badgeX, badgeY, badgeR * 1.1, flowerLayout === 'half-wreath' ? 'half' : 'crescent');
  } else if (flowerLayout === 'border') {
    flowers = drawFlowerBorder(ctx);
    zones.push({ cx: width / 2, cy: height, rx: width, ry: unit * 0.16 });
  } else if (flowerLayout === 'corners') {
    const corners = freeCorners(ctx, top > 0, clusters);
    flowers = drawFlowerSprays(ctx, corners);
    for (const c of corners) {
      zones.push({ cx: c.endsWith('left') ? 0 : width, cy: c.startsWith('top') ? 0 : height, rx: unit * 0.36, ry: unit * 0.36 });
    }
  }

  // Scattered pieces share one evenly spread pool of points so families never clump.
  const sprinkles = SPRINKLE_MOTIFS.filter(has);
  // Capped so a banner-shaped request (4096×64) still draws a bounded number of pieces.
  const aspect = Math.min(3, Math.max(width, height) / unit);
  const confettiCount = has('confetti') ? Math.round(75 * density * aspect) : 0;
  const perSprinkle = Math.round((has('confetti') ? 16 : 26) * density * aspect);
  // The motif shown big in the badge is echoed, more sparsely, around it.
  const counts = sprinkles.map((m) => (m === centrepiece ? Math.round(perSprinkle * 0.5) : perSprinkle));
  const iconCount = Math.round((art?.scatterCount ?? 0) * Math.min(aspect, 1.6));
  const total = confettiCount + counts.reduce((a, b) => a + b, 0) + iconCount;
  const points = scatterPoints(dice, total, { x0: 0, y0: top * 0.75, x1: width, y1: height }, zones);
  // The prompt's subjects come first, so a crowded small canvas still shows every one.
  const pool = points.slice(iconCount);
  const scatter: string[] = [];
  if (art !== undefined && iconCount > 0) scatter.push(art.scatter(points.slice(0, iconCount)));
  if (has('confetti')) {
    if (!has('bunting') && dice.chance(0.5)) scatter.push(drawStreamers(ctx, dice.int(4, 6), -unit * 0.02, showBadge ? 0.32 : 0.5));
    scatter.push(drawConfetti(ctx, pool.slice(0, confettiCount)));
  }
  let start = confettiCount;
  sprinkles.forEach((motif, i) => {
    const count = counts[i] ?? 0;
    scatter.push(drawSprinkles(ctx, motif, pool.slice(start, start + count), unit * (motif === 'sparkles' ? 0.02 : 0.022)));
    start += count;
  });

  layers.push(...scatter, bunting);
  if (!wreath) layers.push(flowers);
  if (showBadge) {
    layers.push(drawBadge(ctx, badgeShape, badgeX, badgeY, badgeR));
    if (centrepiece !== undefined) layers.push(drawCentrepiece(ctx, centrepiece, badgeX, badgeY, badgeR));
    if (art !== undefined) layers.push(art.centre(badgeX, badgeY, badgeR));
  }
  if (wreath) layers.push(flowers);
  if (clusters.length > 0) layers.push(drawBalloons(ctx, clusters));
  if (has('sparkles')) layers.push(foregroundSparkles(ctx, showBadge ? { x: badgeX, y: badgeY, r: badgeR } : undefined));
  layers.push(headline);
  return layers.filter((layer) => layer !== '');
}

type FlowerLayout = 'half-wreath' | 'crescent-wreath' | 'border' | 'corners';

/** Wreaths need the badge; a bottom border would tangle with balloon strings. */
function pickFlowerLayout(dice: Dice, badge: boolean, balloons: boolean): FlowerLayout {
  if (balloons) return 'corners';
  const options: FlowerLayout[] = badge ? ['half-wreath', 'crescent-wreath', 'border', 'corners', 'corners'] : ['border', 'corners'];
  return dice.pick(options);
}

function pickCentrepiece(motifs: readonly Motif[], dice: Dice): Motif | undefined {
  const fixed = motifs.find((m) => m === 'cake' || m === 'rings');
  if (fixed) return fixed;
  const icon = BADGE_ICONS.find((m) => motifs.includes(m));
  return icon !== undefined && dice.chance(0.55) ? icon : undefined;
}

function drawCentrepiece(ctx: DrawContext, motif: Motif, x: number, y: number, r: number): string {
  if (motif === 'cake') return drawCake(ctx, x, y - r * 0.02, r * 0.9);
  if (motif === 'rings') return drawRings(ctx, x, y + r * 0.1, r * 0.95);
  const sprinkle = motif as SprinkleMotif;
  const color = sprinkleColors(ctx, sprinkle)[0] ?? ctx.palette.ink;
  const d = sprinklePath(sprinkle, { x, y, size: r * 0.5, angle: 0 });
  const icon =
    sprinkle === 'snowflakes'
      ? tag('path', { d, fill: 'none', stroke: color, 'stroke-width': r * 0.06, 'stroke-linecap': 'round' })
      : tag('path', { d, fill: color, stroke: color, 'stroke-width': r * 0.02, 'stroke-linejoin': 'round' });
  return tag('g', { 'data-centrepiece': motif }, icon);
}

/** Corners not taken by bunting (top) or balloons (their side, bottom). */
function freeCorners(ctx: DrawContext, buntingOnTop: boolean, clusters: readonly BalloonCluster[]): Corner[] {
  const taken = (corner: Corner): boolean => {
    if (buntingOnTop && corner.startsWith('top')) return true;
    return clusters.some((c) => c.centerX < ctx.width / 2 === corner.endsWith('left') && corner.startsWith('bottom'));
  };
  const free = (['top-left', 'bottom-right', 'top-right', 'bottom-left'] as const).filter((c) => !taken(c));
  if (free.length === 4) return ctx.dice.chance(0.5) ? ['top-left', 'bottom-right'] : ['top-right', 'bottom-left'];
  return free.length > 0 ? free : ['bottom-left', 'bottom-right'];
}

/** A handful of big twinkles on top of everything, hugging the badge when there is one. */
function foregroundSparkles(ctx: DrawContext, badge: { x: number; y: number; r: number } | undefined): string {
  const { dice, unit, width, height, palette } = ctx;
  let d = '';
  const count = dice.int(3, 5);
  for (let i = 0; i < count; i++) {
    const a = dice.between(0, Math.PI * 2);
    const x = badge ? badge.x + Math.cos(a) * badge.r * dice.between(1.05, 1.3) : dice.between(0.1, 0.9) * width;
    const y = badge ? badge.y + Math.sin(a) * badge.r * dice.between(1.05, 1.3) : dice.between(0.2, 0.9) * height;
    d += sprinklePath('sparkles', { x, y, size: unit * dice.between(0.018, 0.032), angle: 0 });
  }
  return tag('path', { 'data-motif': 'sparkles', d, fill: palette.dark ? palette.light : palette.metal, 'fill-opacity': 0.95 });
}
