import { drawBackdrop } from '../motifs/backdrop.ts';
import { drawBunting } from '../motifs/bunting.ts';
import { drawHeadline, drawIcon, drawText, subjectOrder, type DesignContext, type LayoutResult } from './design-context.ts';
import { boxZone, scatterDecor } from './scatter-decor.ts';

/**
 * A poster: bunting along the top when the style or prompt has it, the
 * headline large beneath, the hero subject big in the middle ringed by the
 * other subjects, details along the bottom, confetti filling the rest.
 */
export function posterLayout(ctx: DesignContext): LayoutResult {
  const { width, height, unit, dice, reading, palette } = ctx;
  const has = (m: string): boolean => reading.motifs.includes(m as never);
  const layers = [drawBackdrop(ctx, { dots: has('dots'), stripes: has('stripes') })];
  let top = unit * 0.04;
  if (has('bunting') || dice.chance(0.4)) {
    const bunting = drawBunting(ctx, dice.pick(['swag', 'double-swag', 'layered'] as const));
    layers.push(bunting.markup);
    top = bunting.bottom + unit * 0.02;
  }
  const pad = unit * 0.07;
  const ink = palette.dark ? palette.light : palette.ink;
  const text: string[] = [];
  const headlineBox =
    reading.headline === undefined ? undefined : { x: pad, y: top, width: width - 2 * pad, height: (height - top) * 0.28 };
  const detailsBox =
    reading.details.length === 0
      ? undefined
      : { x: pad * 1.5, y: height - pad - (height - top) * 0.12, width: width - 3 * pad, height: (height - top) * 0.12 };
  const artTop = headlineBox ? headlineBox.y + headlineBox.height + unit * 0.02 : top;
  const artBottom = detailsBox ? detailsBox.y - unit * 0.02 : height - pad;
  const art = { x: pad, y: artTop, width: width - 2 * pad, height: artBottom - artTop };
  const subjects = subjectOrder(ctx);
  const [hero, ...others] = subjects;
  const cx = art.x + art.width / 2;
  const cy = art.y + art.height / 2;
  const heroSize = Math.min(art.height, art.width) * (others.length > 0 ? 0.56 : 0.8);
  if (hero !== undefined) {
    // The others orbit the hero; the seed turns the ring.
    const ring = others.length > 0 ? [...others, ...others].slice(0, Math.max(others.length, dice.int(4, 6))) : [];
    const turn = dice.between(0, Math.PI * 2);
    const rx = Math.min(art.width / 2 - heroSize * 0.2, heroSize * 0.95);
    const ry = Math.min(art.height / 2 - heroSize * 0.18, heroSize * 0.78);
    ring.forEach((name, i) => {
      const a = turn + (i / ring.length) * Math.PI * 2;
      layers.push(
        drawIcon(ctx, name, cx + Math.cos(a) * rx, cy + Math.sin(a) * ry, heroSize * dice.between(0.3, 0.4), {
          angle: dice.between(-20, 20),
        }),
      );
    });
    layers.push(drawIcon(ctx, hero, cx, cy, heroSize));
  }
  if (headlineBox) {
    // A poster's headline may arch across the top on a ribbon.
    const set = drawHeadline(ctx, reading.headline as string, headlineBox, {
      name: 'headline',
      maxLines: 2,
      fill: ink,
      halo: palette.dark ? undefined : '#ffffff',
      curve: { bends: ['up'], chance: 0.5 },
    });
    layers.push(set.markup);
    text.push(...set.lines);
  }
  if (detailsBox) {
    const set = drawText(ctx, reading.details.join(' · '), detailsBox, { name: 'details', maxLines: 2, fill: palette.accents[0] ?? ink });
    layers.push(set.markup);
    text.push(...set.lines);
  }
  const zones = [
    { cx, cy, rx: heroSize * 0.62, ry: heroSize * 0.62 },
    ...(headlineBox ? [boxZone(headlineBox, 0.85)] : []),
    ...(detailsBox ? [boxZone(detailsBox, 0.9)] : []),
  ];
  layers.splice(1, 0, scatterDecor(ctx, { x0: 0, y0: top * 0.7, x1: width, y1: height }, zones, 0.9, 0.06));
  return { layers, text, transparent: false };
}
