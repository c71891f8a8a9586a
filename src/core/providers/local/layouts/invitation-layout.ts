import { drawBackdrop } from '../motifs/backdrop.ts';
import { drawCardFrame } from './card-frame.ts';
import { drawIcon, drawText, subjectOrder, type DesignContext, type LayoutResult } from './design-context.ts';
import { boxZone, scatterDecor, scatterSubjects } from './scatter-decor.ts';

/**
 * An invitation card: the subjects across the top, the headline in the
 * middle, a details block (the prompt's further quoted phrases) below, inside
 * a frame. Landscape canvases put the subjects to the left of the text.
 */
export function invitationLayout(ctx: DesignContext): LayoutResult {
  const { width, height, unit, dice, reading, palette } = ctx;
  const has = (m: string): boolean => reading.motifs.includes(m as never);
  const layers = [drawBackdrop(ctx, { dots: has('dots'), stripes: has('stripes') })];
  const inset = unit * 0.045;
  layers.push(drawCardFrame(ctx, inset));
  const subjects = subjectOrder(ctx);
  const portrait = height >= width * 0.85;
  const pad = inset + unit * 0.06;
  const ink = palette.dark ? palette.light : palette.ink;
  // Regions: art, headline, details.
  const art = portrait
    ? { x: pad, y: pad, width: width - 2 * pad, height: (height - 2 * pad) * 0.38 }
    : { x: pad, y: pad, width: (width - 2 * pad) * 0.36, height: height - 2 * pad };
  const textArea = portrait
    ? { x: pad, y: art.y + art.height + unit * 0.02, width: width - 2 * pad, height: height - art.height - 2 * pad - unit * 0.02 }
    : { x: art.x + art.width + unit * 0.03, y: pad, width: width - art.width - 2 * pad - unit * 0.03, height: height - 2 * pad };
  const hasDetails = reading.details.length > 0;
  const headlineBox = { ...textArea, height: textArea.height * (hasDetails ? 0.58 : 0.72) };
  const detailsBox = {
    ...textArea,
    y: headlineBox.y + headlineBox.height + unit * 0.02,
    height: textArea.height - headlineBox.height - unit * 0.02,
  };
  const text: string[] = [];
  const art2 = drawArtCluster(ctx, subjects, art);
  layers.push(art2);
  const headline = reading.headline;
  if (headline !== undefined) {
    const set = drawText(ctx, headline, headlineBox, { name: 'headline', maxLines: 3, fill: ink });
    layers.push(set.markup);
    text.push(...set.lines);
  }
  if (hasDetails) {
    const set = drawText(
      ctx,
      reading.details.join(' · '),
      { ...detailsBox, x: detailsBox.x + detailsBox.width * 0.08, width: detailsBox.width * 0.84 },
      { name: 'details', maxLines: 3, fill: palette.accents[0] ?? ink, maxSizePx: unit * 0.07 },
    );
    layers.push(set.markup);
    text.push(...set.lines);
  } else {
    // No details: a row of small subjects keeps the lower card from going bare.
    const rowBox = headline === undefined ? { ...textArea } : detailsBox;
    const count = Math.max(3, Math.min(7, Math.floor(rowBox.width / (unit * 0.12))));
    const y = rowBox.y + rowBox.height / 2;
    const points = Array.from({ length: count }, (_, i) => ({
      x: rowBox.x + ((i + 0.5) * rowBox.width) / count,
      y: y + dice.between(-1, 1) * rowBox.height * 0.12,
    }));
    layers.push(scatterSubjects(ctx, points, headline === undefined ? 0.14 : Math.min(0.09, rowBox.height / unit / 1.6)));
  }
  const zones = [boxZone(art, 0.95), boxZone(textArea, 0.9)];
  layers.push(scatterDecor(ctx, { x0: inset, y0: inset, x1: width - inset, y1: height - inset }, zones, 0.35, 0));
  return { layers, text, transparent: false };
}

/** The hero big in the middle of `box`, up to two more subjects flanking it, smaller and tilted. */
function drawArtCluster(
  ctx: DesignContext,
  subjects: readonly string[],
  box: { x: number; y: number; width: number; height: number },
): string {
  const { dice } = ctx;
  const [hero, ...others] = subjects;
  if (hero === undefined) return '';
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const size = Math.min(box.height * 0.92, box.width * 0.5);
  const parts: string[] = [];
  const flank = others.slice(0, 2);
  const arrangement = flank.length === 0 ? 'single' : dice.pick(['flanked', 'stacked'] as const);
  if (arrangement === 'flanked') {
    flank.forEach((name, i) => {
      const side = i === 0 ? -1 : 1;
      const s = size * dice.between(0.5, 0.62);
      parts.push(
        drawIcon(ctx, name, cx + side * (size * 0.5 + s * 0.38), cy + size * dice.between(0.05, 0.22), s, {
          angle: side * dice.between(6, 16),
        }),
      );
    });
    parts.push(drawIcon(ctx, hero, cx, cy, size * 0.92));
  } else if (arrangement === 'stacked') {
    parts.push(drawIcon(ctx, hero, cx - size * 0.18, cy, size * 0.86));
    flank.forEach((name, i) => {
      parts.push(
        drawIcon(ctx, name, cx + size * (0.42 + i * 0.12), cy + size * (i === 0 ? -0.22 : 0.26), size * 0.45, {
          angle: dice.between(-12, 12),
        }),
      );
    });
  } else {
    parts.push(drawIcon(ctx, hero, cx, cy, size));
  }
  return parts.join('');
}
