import { darken, luminance } from '../color-math.ts';
import { drawBackdrop } from '../motifs/backdrop.ts';
import { path, tag } from '../svg-markup.ts';
import { drawIcon, subjectOrder, type DesignContext, type LayoutResult } from './design-context.ts';
import { scatterDecor } from './scatter-decor.ts';
import { typesetText } from '../text/typeset-text.ts';

interface Pennant {
  readonly letter: string | undefined;
  readonly subject: string | undefined;
}

/**
 * A bunting banner: one pennant per letter of the headline (a subject marks
 * each word break), strung in as many rows as make the pennants largest.
 * Without a headline, the pennants carry the subjects.
 */
export function bannerLayout(ctx: DesignContext): LayoutResult {
  const { width, height, unit, dice, reading, palette, tuning } = ctx;
  const layers = [drawBackdrop(ctx, { dots: false, stripes: false })];
  const subjects = subjectOrder(ctx);
  // Words, each a run of letter pennants; a subject pennant marks each break.
  const words: Pennant[][] = [];
  if (reading.headline !== undefined) {
    for (const word of reading.headline.split(/\s+/).filter(Boolean))
      words.push([...word].map((letter) => ({ letter, subject: undefined })));
  } else {
    const count = Math.max(5, Math.min(9, Math.round(width / (unit * 0.2))));
    words.push(Array.from({ length: count }, (_, i) => ({ letter: undefined, subject: subjects[i % Math.max(1, subjects.length)] })));
  }
  // Rows: the count that gives the biggest pennants, never splitting a word that fits on a row.
  const margin = unit * 0.04;
  let best = { rows: [] as Pennant[][], w: 0, h: 0 };
  for (let rowCount = 1; rowCount <= 6; rowCount++) {
    const rows = breakIntoRows(words, rowCount, subjects);
    const perRow = Math.max(...rows.map((r) => r.length));
    const w = (width - 2 * margin) / perRow;
    const rowHeight = (height - 2 * margin) / rows.length;
    const h = Math.min(w * 1.35, rowHeight * 0.8);
    const fitW = Math.min(w, h / 1.1);
    if (fitW > best.w * 1.02) best = { rows, w: fitW, h };
  }
  const shape = dice.pick(tuning.flags);
  const rowCount = best.rows.length;
  const rowHeight = (height - 2 * margin) / rowCount;
  const sag = best.h * dice.between(0.06, 0.14);
  const string = palette.dark ? palette.light : palette.ink;
  const text: string[] = [];
  let colorIndex = 0;
  for (let r = 0; r < rowCount; r++) {
    const row = best.rows[r] ?? [];
    const rowWidth = row.length * best.w;
    const x0 = (width - rowWidth) / 2;
    const y0 = margin + r * rowHeight + (rowHeight - best.h - sag) * 0.45;
    const parts: string[] = [
      tag('path', {
        d: path`M${x0 - best.w * 0.3} ${y0 - sag * 0.4}Q${width / 2} ${y0 + sag * 2} ${x0 + rowWidth + best.w * 0.3} ${y0 - sag * 0.4}`,
        fill: 'none',
        stroke: string,
        'stroke-width': unit * 0.005,
      }),
    ];
    row.forEach((pennant, i) => {
      const t = (i + 0.5) / row.length;
      const x = x0 + i * best.w;
      const y = y0 + sag * 4 * t * (1 - t) * 0.9;
      const color = palette.accents[colorIndex++ % palette.accents.length] ?? palette.ink;
      const w = best.w * 0.94;
      const h = best.h;
      const left = x + best.w * 0.03;
      let d: string;
      if (shape === 'swallowtail') d = path`M${left} ${y}H${left + w}V${y + h}L${left + w / 2} ${y + h * 0.74}L${left} ${y + h}Z`;
      else if (shape === 'scallop') d = path`M${left} ${y}H${left + w}V${y + h * 0.7}A${w / 2} ${h * 0.3} 0 0 1 ${left} ${y + h * 0.7}Z`;
      else d = path`M${left} ${y}H${left + w}L${left + w / 2} ${y + h}Z`;
      parts.push(tag('path', { d, fill: color, 'data-pennant': pennant.letter ?? pennant.subject ?? '' }));
      const ink = luminance(color) > 0.4 ? darken(color, 0.62) : '#ffffff';
      const box =
        shape === 'triangle'
          ? { x: left + w * 0.2, y: y + h * 0.07, width: w * 0.6, height: h * 0.45 }
          : { x: left + w * 0.12, y: y + h * 0.08, width: w * 0.76, height: h * 0.56 };
      if (pennant.letter !== undefined) {
        const set = typesetText(ctx.face, pennant.letter, box, { name: 'letter', maxLines: 1, fill: ink });
        parts.push(set.markup);
      } else if (pennant.subject !== undefined) {
        const s = Math.min(box.width, box.height) * 1.05;
        parts.push(drawIcon(ctx, pennant.subject, box.x + box.width / 2, box.y + box.height / 2, s));
      }
    });
    layers.push(tag('g', { 'data-part': 'pennant-row' }, parts));
  }
  if (reading.headline !== undefined) text.push(reading.headline.split(/\s+/).filter(Boolean).join(' '));
  // Confetti only in the strip left under the last row.
  const lastBottom = margin + (rowCount - 1) * rowHeight + (rowHeight - best.h - sag) * 0.45 + best.h + sag;
  if (height - lastBottom > unit * 0.08)
    layers.splice(1, 0, scatterDecor(ctx, { x0: 0, y0: lastBottom, x1: width, y1: height }, [], 0.4, 0.15));
  return { layers, text, transparent: false };
}

/**
 * The words laid into at most `rowCount` rows of about equal length, a
 * subject pennant between words on one row. A word longer than a row is split.
 */
function breakIntoRows(words: readonly Pennant[][], rowCount: number, subjects: readonly string[]): Pennant[][] {
  const total = words.reduce((n, w) => n + w.length, 0) + words.length - 1;
  const target = Math.max(Math.ceil(total / rowCount), ...words.map((w) => w.length));
  const rows: Pennant[][] = [[]];
  let gap = 0;
  for (const word of words) {
    let row = rows[rows.length - 1] as Pennant[];
    const needed = word.length + (row.length > 0 ? 1 : 0);
    if (row.length > 0 && row.length + needed > target && rows.length < rowCount) {
      row = [];
      rows.push(row);
    }
    if (row.length > 0) row.push({ letter: undefined, subject: subjects.length > 0 ? subjects[gap++ % subjects.length] : undefined });
    for (const pennant of word) {
      if (row.length >= target && rows.length < rowCount) {
        row = [];
        rows.push(row);
      }
      row.push(pennant);
    }
  }
  return rows.filter((r) => r.length > 0);
}
